/**
 * Staff accounts (settings capability): list, create (a generated password is returned once),
 * change (roles, departments, absence, active), set a new password. And the signed-in person's
 * own account: `PATCH /api/account` (name, language, e-mail notifications, absence) and
 * `POST /api/account/password`.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { contextOf, userOf } from '../../http/auth.js';
import { email, guardedErrors, idParam, isoDate, text, writeErrors } from '../../http/schemas.js';
import { USER_ROLES } from '../auth/auth.policy.js';
import { PASSWORD_MAX_LENGTH } from '../auth/password.js';

export const userSchema = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(USER_ROLES)),
  department_ids: z.array(z.number()),
  language: z.enum(['de', 'en']),
  active: z.boolean(),
  email_notifications: z.boolean(),
  absent_from: z.string().nullable(),
  absent_until: z.string().nullable(),
  last_login_at: z.string().nullable(),
  created_at: z.string(),
});

const password = z.string().max(PASSWORD_MAX_LENGTH);
const roles = z.array(z.enum(USER_ROLES)).min(1).max(USER_ROLES.length);
const departmentIds = z.array(z.number().int().positive()).max(100);
const language = z.enum(['de', 'en']);

export async function userRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/users',
    {
      config: { access: 'settings.read' },
      schema: { summary: 'Staff accounts', tags: ['settings'], response: { 200: z.object({ data: z.array(userSchema) }), ...guardedErrors } },
    },
    async () => ({ data: await container.users.list(container.db) }),
  );

  r.post(
    '/api/users',
    {
      config: { access: 'settings.write' },
      schema: {
        summary: 'Create a staff account; without a password one is generated and returned once',
        tags: ['settings'],
        body: z.object({ email, name: text(200), roles, department_ids: departmentIds.optional(), language: language.optional(), password: password.optional() }),
        response: { 201: z.object({ data: userSchema, password: z.string().optional() }), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { user, password: generated } = await container.users.create(container.db, contextOf(request), request.body);
      return reply.status(201).send(generated ? { data: user, password: generated } : { data: user });
    },
  );

  r.patch(
    '/api/users/:id',
    {
      config: { access: 'settings.write' },
      schema: {
        summary: 'Change a staff account (roles, departments, absence, active …)',
        tags: ['settings'],
        params: idParam,
        body: z.object({
          email: email.optional(),
          name: text(200).optional(),
          roles: roles.optional(),
          department_ids: departmentIds.optional(),
          language: language.optional(),
          active: z.boolean().optional(),
          email_notifications: z.boolean().optional(),
          absent_from: isoDate.nullable().optional(),
          absent_until: isoDate.nullable().optional(),
        }),
        response: { 200: z.object({ data: userSchema }), ...writeErrors },
      },
    },
    async (request) => ({ data: await container.users.update(container.db, contextOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/users/:id/password',
    {
      config: { access: 'settings.write' },
      schema: {
        summary: "Set a new password for someone (generated when omitted, returned once); ends the person's sessions",
        tags: ['settings'],
        params: idParam,
        body: z.object({ password: password.optional() }),
        response: { 200: z.object({ data: z.object({ password: z.string().optional() }) }), ...writeErrors },
      },
    },
    async (request) => ({ data: await container.users.resetPassword(container.db, contextOf(request), request.params.id, request.body.password) }),
  );

  r.patch(
    '/api/account',
    {
      config: { access: 'user' },
      schema: {
        summary: 'Change your own account: name, language, e-mail notifications, absence period',
        tags: ['account'],
        body: z.object({
          name: text(200).optional(),
          language: language.optional(),
          email_notifications: z.boolean().optional(),
          absent_from: isoDate.nullable().optional(),
          absent_until: isoDate.nullable().optional(),
        }),
        response: { 200: z.object({ data: userSchema }), ...writeErrors },
      },
    },
    async (request) => ({ data: await container.users.updateOwn(container.db, contextOf(request), request.body) }),
  );

  r.get(
    '/api/account',
    {
      config: { access: 'user' },
      schema: { summary: 'Your own account', tags: ['account'], response: { 200: z.object({ data: userSchema }), ...guardedErrors } },
    },
    async (request) => ({ data: await container.users.get(container.db, userOf(request).userId) }),
  );

  r.post(
    '/api/account/password',
    {
      config: { access: 'user' },
      schema: {
        summary: 'Change your own password (ends your other sessions)',
        tags: ['account'],
        body: z.object({ current_password: z.string().min(1).max(PASSWORD_MAX_LENGTH), new_password: password }),
        response: { 200: z.object({ data: z.object({ changed: z.literal(true) }) }), ...writeErrors },
      },
    },
    async (request) => {
      await container.auth.changePassword(container.db, contextOf(request), request.body);
      return { data: { changed: true as const } };
    },
  );
}

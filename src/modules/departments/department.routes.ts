/** Departments: list (settings read), create and change (settings write). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { contextOf } from '../../http/auth.js';
import { email, guardedErrors, idParam, key, text, userRef, writeErrors } from '../../http/schemas.js';

const departmentSchema = z.object({
  id: z.number(),
  key: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  head_user_id: z.number().nullable(),
  contact_user_id: z.number().nullable(),
  deputy_user_id: z.number().nullable(),
  active: z.boolean(),
});

const fields = {
  name: text(200),
  email: email.nullable().optional(),
  head_user_id: userRef.optional(),
  contact_user_id: userRef.optional(),
  deputy_user_id: userRef.optional(),
  active: z.boolean().optional(),
};

export async function departmentRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/departments',
    {
      config: { access: 'settings.read' },
      schema: { summary: 'Departments with head, contact person and deputy', tags: ['settings'], response: { 200: z.object({ data: z.array(departmentSchema) }), ...guardedErrors } },
    },
    async () => ({ data: await container.departments.list(container.db) }),
  );

  r.post(
    '/api/departments',
    {
      config: { access: 'settings.write' },
      schema: { summary: 'Create a department', tags: ['settings'], body: z.object({ key, ...fields }), response: { 201: z.object({ data: departmentSchema }), ...writeErrors } },
    },
    async (request, reply) => reply.status(201).send({ data: await container.departments.create(container.db, contextOf(request), request.body) }),
  );

  r.patch(
    '/api/departments/:id',
    {
      config: { access: 'settings.write' },
      schema: {
        summary: 'Change a department',
        tags: ['settings'],
        params: idParam,
        body: z.object({ ...fields, name: fields.name.optional() }),
        response: { 200: z.object({ data: departmentSchema }), ...writeErrors },
      },
    },
    async (request) => ({ data: await container.departments.update(container.db, contextOf(request), request.params.id, request.body) }),
  );
}

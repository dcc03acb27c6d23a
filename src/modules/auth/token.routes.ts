/** API tokens: list, create (the secret is shown once), revoke. Settings capability. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { contextOf } from '../../http/auth.js';
import { guardedErrors, idParam, text, writeErrors } from '../../http/schemas.js';
import { ROLES } from './auth.policy.js';

const tokenSchema = z.object({
  id: z.number(),
  name: z.string(),
  role: z.enum(ROLES),
  prefix: z.string(),
  created_by: z.number().nullable(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});

export async function tokenRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/tokens',
    {
      config: { access: 'settings.read' },
      schema: { summary: 'API tokens (without their secrets)', tags: ['settings'], response: { 200: z.object({ data: z.array(tokenSchema) }), ...guardedErrors } },
    },
    async () => ({ data: await container.tokens.list(container.db) }),
  );

  r.post(
    '/api/tokens',
    {
      config: { access: 'settings.write' },
      schema: {
        summary: 'Create an API token scoped to a role; the token is in this answer only',
        tags: ['settings'],
        body: z.object({ name: text(200), role: z.enum(ROLES) }),
        response: { 201: z.object({ data: tokenSchema.extend({ token: z.string() }) }), ...writeErrors },
      },
    },
    async (request, reply) => reply.status(201).send({ data: await container.tokens.create(container.db, contextOf(request), request.body) }),
  );

  r.delete(
    '/api/tokens/:id',
    {
      config: { access: 'settings.write' },
      schema: { summary: 'Revoke an API token', tags: ['settings'], params: idParam, response: { 200: z.object({ data: tokenSchema }), ...writeErrors } },
    },
    async (request) => ({ data: await container.tokens.revoke(container.db, contextOf(request), request.params.id) }),
  );
}

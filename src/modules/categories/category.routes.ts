/** Report categories: list (settings read), create and change (settings write). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { contextOf } from '../../http/auth.js';
import { guardedErrors, idParam, key, localized, userRef, writeErrors } from '../../http/schemas.js';

const names = z.object({ de: z.string(), en: z.string(), nl: z.string() });

const categorySchema = z.object({
  id: z.number(),
  key: z.string(),
  names,
  department_id: z.number(),
  contact_user_id: z.number().nullable(),
  deputy_user_id: z.number().nullable(),
  deadline_days: z.number(),
  sort_order: z.number(),
  active: z.boolean(),
});

const fields = {
  names: localized(200),
  department_id: z.number().int().positive(),
  contact_user_id: userRef.optional(),
  deputy_user_id: userRef.optional(),
  deadline_days: z.int().min(1).max(365),
  sort_order: z.int().min(0).max(10_000).optional(),
  active: z.boolean().optional(),
};

export async function categoryRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/categories',
    {
      config: { access: 'settings.read' },
      schema: { summary: 'Report categories', tags: ['settings'], response: { 200: z.object({ data: z.array(categorySchema) }), ...guardedErrors } },
    },
    async () => ({ data: await container.categories.list(container.db) }),
  );

  r.post(
    '/api/categories',
    {
      config: { access: 'settings.write' },
      schema: { summary: 'Create a report category', tags: ['settings'], body: z.object({ key, ...fields }), response: { 201: z.object({ data: categorySchema }), ...writeErrors } },
    },
    async (request, reply) => reply.status(201).send({ data: await container.categories.create(container.db, contextOf(request), request.body) }),
  );

  r.patch(
    '/api/categories/:id',
    {
      config: { access: 'settings.write' },
      schema: {
        summary: 'Change a report category',
        tags: ['settings'],
        params: idParam,
        body: z.object({ ...fields, names: fields.names.optional(), department_id: fields.department_id.optional(), deadline_days: fields.deadline_days.optional() }),
        response: { 200: z.object({ data: categorySchema }), ...writeErrors },
      },
    },
    async (request) => ({ data: await container.categories.update(container.db, contextOf(request), request.params.id, request.body) }),
  );
}

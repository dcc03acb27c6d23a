/** Topics: list (topics read: also integrations), create and change (topics write). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { contextOf } from '../../http/auth.js';
import { guardedErrors, idParam, key, localized, writeErrors } from '../../http/schemas.js';

const texts = z.object({ de: z.string(), en: z.string(), nl: z.string() });

const topicSchema = z.object({
  id: z.number(),
  key: z.string(),
  names: texts,
  descriptions: texts,
  sort_order: z.number(),
  active: z.boolean(),
  urgent: z.boolean(),
});

const fields = {
  names: localized(100),
  descriptions: localized(500),
  sort_order: z.int().min(0).max(10_000).optional(),
  active: z.boolean().optional(),
};

export async function topicRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/topics',
    {
      config: { access: 'topics.read' },
      schema: { summary: 'Topics citizens can subscribe to', tags: ['topics'], response: { 200: z.object({ data: z.array(topicSchema) }), ...guardedErrors } },
    },
    async () => ({ data: await container.topics.list(container.db) }),
  );

  r.post(
    '/api/topics',
    {
      config: { access: 'topics.write' },
      schema: { summary: 'Create a topic', tags: ['topics'], body: z.object({ key, ...fields }), response: { 201: z.object({ data: topicSchema }), ...writeErrors } },
    },
    async (request, reply) => reply.status(201).send({ data: await container.topics.create(container.db, contextOf(request), request.body) }),
  );

  r.patch(
    '/api/topics/:id',
    {
      config: { access: 'topics.write' },
      schema: {
        summary: 'Change a topic (the key stays)',
        tags: ['topics'],
        params: idParam,
        body: z.object({ ...fields, names: fields.names.optional(), descriptions: fields.descriptions.optional() }),
        response: { 200: z.object({ data: topicSchema }), ...writeErrors },
      },
    },
    async (request) => ({ data: await container.topics.update(container.db, contextOf(request), request.params.id, request.body) }),
  );
}

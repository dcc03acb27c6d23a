/** Tourist answers: list (editor, admin; approver reads), create, change, delete (editor, admin). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { contextOf } from '../../http/auth.js';
import { guardedErrors, idParam, writeErrors } from '../../http/schemas.js';
import { touristAnswerInput, touristAnswerPatch } from './tourist-answer.schemas.js';

const texts = z.object({ de: z.string(), en: z.string(), nl: z.string() });
const answerSchema = z.object({
  id: z.number(),
  key: z.string(),
  titles: texts,
  keywords: z.object({ de: z.array(z.string()), en: z.array(z.string()), nl: z.array(z.string()) }),
  answers: texts,
  image_url: z.string().nullable(),
  link_url: z.string().nullable(),
  sort_order: z.number(),
  active: z.boolean(),
});

export async function touristAnswerRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tourist answers'];

  r.get(
    '/api/tourist-answers',
    { config: { access: 'tourism.read' }, schema: { summary: 'Answers for visitors and citizens (no subscription needed)', tags, response: { 200: z.object({ data: z.array(answerSchema) }), ...guardedErrors } } },
    async () => ({ data: await container.touristAnswers.list(container.db) }),
  );

  r.post(
    '/api/tourist-answers',
    { config: { access: 'tourism.write' }, schema: { summary: 'Create a tourist answer', tags, body: touristAnswerInput, response: { 201: z.object({ data: answerSchema }), ...writeErrors } } },
    async (request, reply) => reply.status(201).send({ data: await container.touristAnswers.create(container.db, contextOf(request), request.body) }),
  );

  r.patch(
    '/api/tourist-answers/:id',
    { config: { access: 'tourism.write' }, schema: { summary: 'Change a tourist answer (the key stays)', tags, params: idParam, body: touristAnswerPatch, response: { 200: z.object({ data: answerSchema }), ...writeErrors } } },
    async (request) => ({ data: await container.touristAnswers.update(container.db, contextOf(request), request.params.id, request.body) }),
  );

  r.delete(
    '/api/tourist-answers/:id',
    { config: { access: 'tourism.write' }, schema: { summary: 'Delete a tourist answer', tags, params: idParam, response: { 204: z.null(), ...writeErrors } } },
    async (request, reply) => {
      await container.touristAnswers.remove(container.db, contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}

/**
 * Subscribers: figures (admin, editor, approver), look-up by number, detail with consent
 * history, export and erasure (administrators only; every access audited).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { contextOf } from '../../http/auth.js';
import { guardedErrors, idParam, writeErrors } from '../../http/schemas.js';

const texts = z.object({ de: z.string(), en: z.string(), nl: z.string() });
const detailSchema = z.object({
  id: z.number(),
  phone: z.string().nullable(),
  user_id: z.string().nullable(),
  name: z.string().nullable(),
  language: z.string().nullable(),
  created_at: z.number(),
  last_inbound_at: z.number().nullable(),
  subscriptions: z.array(z.object({ key: z.string(), since: z.number() })),
  consents: z.array(z.object({ at: z.number(), purpose: z.string(), action: z.string(), text_version: z.string(), channel: z.string() })),
});
const dataValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.object({ at: z.number() })]);
const sectionSchema = z.object({ key: z.string(), title: texts, rows: z.array(z.record(z.string(), dataValue)) });
const phone = z
  .string()
  .trim()
  .regex(/^\+?[\d ()/-]{6,24}$/, 'a phone number with country code, e.g. +49 2152 123456');

export async function subscriberRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['subscribers'];

  r.get(
    '/api/subscribers/stats',
    {
      config: { access: 'subscribers.counts' },
      schema: {
        summary: 'Subscribers per topic and consents over time (no personal data)',
        tags,
        querystring: z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }),
        response: {
          200: z.object({
            data: z.object({
              subscribed_contacts: z.number(),
              topics: z.array(z.object({ key: z.string(), names: texts, active: z.boolean(), subscribers: z.number() })),
              days: z.array(z.object({ date: z.string(), granted: z.number(), withdrawn: z.number(), erased: z.number() })),
            }),
          }),
          ...guardedErrors,
        },
      },
    },
    async (request) => ({ data: await container.subscribers.stats(container.db, request.query.days) }),
  );

  r.post(
    '/api/subscribers/lookup',
    {
      config: { access: 'subscribers.personal' },
      schema: {
        summary: 'Find a contact by number (audited); POST so that the number stays out of URLs and logs',
        tags,
        body: z.object({ phone }),
        response: { 200: z.object({ data: detailSchema.nullable() }), ...writeErrors },
      },
    },
    async (request) => ({ data: await container.subscribers.lookup(container.db, contextOf(request), request.body.phone) }),
  );

  r.get(
    '/api/subscribers/:id',
    { config: { access: 'subscribers.personal' }, schema: { summary: 'A contact with subscriptions and consent history (audited)', tags, params: idParam, response: { 200: z.object({ data: detailSchema }), ...writeErrors } } },
    async (request) => ({ data: await container.subscribers.get(container.db, contextOf(request), request.params.id) }),
  );

  r.get(
    '/api/subscribers/:id/export',
    { config: { access: 'subscribers.personal' }, schema: { summary: 'Everything stored about a contact (Art. 15; audited)', tags, params: idParam, response: { 200: z.object({ data: z.array(sectionSchema) }), ...writeErrors } } },
    async (request) => ({ data: await container.subscribers.export(container.db, contextOf(request), request.params.id) }),
  );

  r.post(
    '/api/subscribers/:id/erase',
    {
      config: { access: 'subscribers.personal' },
      schema: {
        summary: 'Erase a contact on their written request (Art. 17; audited; keeps only a salted hash as proof)',
        tags,
        params: idParam,
        body: z.object({ confirm: z.literal(true, { error: 'confirm must be true' }) }),
        response: { 204: z.null(), ...writeErrors },
      },
    },
    async (request, reply) => {
      await container.subscribers.erase(container.db, contextOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}

/**
 * Broadcasts (issue 10 item 7; REST conventions: snake_case, states as in architecture.md):
 * create, list, read with counts by delivery state and the computed cost, edit, estimate,
 * submit, approve, return, send, cancel. Thin: schema, access, one service call.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { contextOf } from '../../http/auth.js';
import { guardedErrors, idParam, writeErrors } from '../../http/schemas.js';
import { BROADCAST_STATUSES, MAX_TITLE } from './broadcast.rules.js';
import { CONTENT_CLASSES } from './content-classes.js';

const variant = z.object({ title: z.string().max(200), text: z.string().max(20_000) });
const instant = z.iso.datetime({ offset: true }).nullable().optional();

const input = z.object({
  title: z.string().max(200).describe(`German title, at most ${MAX_TITLE} characters (a teaser template parameter)`),
  text: z.string().max(20_000).describe('German text with WhatsApp formatting (*bold*, _italic_, ~strike~), at most 4,096 characters (1,024 with media)'),
  topics: z.array(z.string().max(64)).max(50).describe('topic keys'),
  content_class: z.enum(CONTENT_CLASSES),
  language_variants: z.object({ en: variant.optional(), nl: variant.optional() }).strict().optional().describe('subscribers get theirs, else German'),
  checklist: z.array(z.string().max(64)).max(20).optional().describe('the press-law checklist items confirmed'),
  media_id: z.number().int().positive().nullable().optional(),
  scheduled_at: instant,
  not_after: instant,
});

const costLine = z.object({ category: z.string(), market: z.string(), messages: z.number(), price: z.number(), amount: z.number() });
const estimateSchema = z.looseObject({
  recipients: z.number(),
  inside_window: z.number(),
  outside_window: z.number(),
  without_template: z.number(),
  teaser_approved: z.boolean(),
  cost: z.looseObject({ currency: z.string(), amount: z.number(), estimate: z.boolean(), lines: z.array(costLine) }),
  follow_ups_expected: z.number(),
  messaging_limit: z.looseObject({ limit: z.union([z.number(), z.literal('unlimited')]), used_last_24h: z.number(), days: z.number() }),
});

const broadcastSchema = z.looseObject({
  id: z.number(),
  status: z.enum(BROADCAST_STATUSES),
  title: z.string(),
  text: z.string(),
  topics: z.array(z.string()),
  content_class: z.string(),
  media_id: z.number().nullable(),
  scheduled_at: z.string().nullable(),
  not_after: z.string().nullable(),
  allowed_actions: z.array(z.string()),
  recipients: z.number().nullable(),
  counts: z.record(z.string(), z.number()).describe('messages by delivery state: queued, sending, sent, delivered, read, failed, expired, cancelled'),
  cost: z.looseObject({ currency: z.string(), amount: z.number(), computed_not_invoiced: z.literal(true), lines: z.array(costLine) }),
  estimate: estimateSchema.nullable(),
});

const one = { 200: z.object({ data: broadcastSchema }), ...writeErrors };

export async function broadcastRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = () => container.broadcasts;
  const tags = ['broadcasts'];

  r.get(
    '/api/broadcasts',
    { config: { access: 'broadcasts.write' }, schema: { summary: 'Broadcasts, newest first, with their figures', tags, response: { 200: z.object({ data: z.array(broadcastSchema) }), ...guardedErrors } } },
    async () => ({ data: await s().list(container.db) }),
  );

  r.post(
    '/api/broadcasts',
    { config: { access: 'broadcasts.write' }, schema: { summary: 'Create a broadcast (a draft)', tags, body: input, response: { 201: z.object({ data: broadcastSchema }), ...writeErrors } } },
    async (request, reply) => reply.status(201).send({ data: await s().create(container.db, contextOf(request), request.body) }),
  );

  r.get(
    '/api/broadcasts/:id',
    { config: { access: 'broadcasts.write' }, schema: { summary: 'A broadcast with its status, counts by delivery state and computed cost', tags, params: idParam, response: one } },
    async (request) => ({ data: await s().get(container.db, request.params.id) }),
  );

  r.put(
    '/api/broadcasts/:id',
    { config: { access: 'broadcasts.write' }, schema: { summary: 'Change a draft or returned broadcast', tags, params: idParam, body: input, response: one } },
    async (request) => ({ data: await s().update(container.db, contextOf(request), request.params.id, request.body) }),
  );

  r.get(
    '/api/broadcasts/:id/estimate',
    {
      config: { access: 'broadcasts.write' },
      schema: { summary: 'Recipients inside/outside the window, teaser templates, cost at the rate card, follow-ups, messaging-limit days', tags, params: idParam, response: { 200: z.object({ data: estimateSchema }), ...writeErrors } },
    },
    async (request) => ({ data: await s().estimate(container.db, request.params.id) }),
  );

  const action = (name: 'submit' | 'approve' | 'send' | 'cancel', access: 'broadcasts.write' | 'broadcasts.approve', summary: string) =>
    r.post(`/api/broadcasts/:id/${name}`, { config: { access }, schema: { summary, tags, params: idParam, response: one } }, async (request) => ({
      data: await s()[name](container.db, contextOf(request), request.params.id),
    }));
  action('submit', 'broadcasts.write', 'Submit for approval (approved at once without four-eyes)');
  action('approve', 'broadcasts.approve', 'Approve (not one’s own)');
  action('send', 'broadcasts.write', 'Send now, or schedule when the broadcast has a time');
  action('cancel', 'broadcasts.write', 'Cancel; rows still queued are not sent');

  r.post(
    '/api/broadcasts/:id/return',
    {
      config: { access: 'broadcasts.approve' },
      schema: { summary: 'Return to the author with a comment (not one’s own)', tags, params: idParam, body: z.object({ comment: z.string().trim().min(1).max(1000) }), response: one },
    },
    async (request) => ({ data: await s().return(container.db, contextOf(request), request.params.id, request.body.comment) }),
  );
}

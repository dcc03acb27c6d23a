/**
 * Operator routes for inbound processing: the dead-letter view and putting an event back.
 * Capability `operations` (admin): a session, an admin API token or STADTBOTE_ADMIN_TOKEN.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { notFound } from '../../errors.js';
import { inboundRepository } from './inbound.repository.js';

const deadEvent = z.object({
  id: z.number(),
  channel: z.string(),
  kind: z.string(),
  event_at: z.string(),
  received_at: z.string(),
  attempts: z.number(),
  last_error: z.string().nullable(),
});

export async function inboundRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/inbound-events/dead',
    {
      config: { access: 'operations' },
      schema: {
        summary: 'Inbound events whose processing failed every attempt (dead letters)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ data: z.array(deadEvent) }) },
      },
    },
    async (request) => {
      const rows = await inboundRepository.listDead(container.db, request.query.limit);
      return {
        data: rows.map((row) => ({
          id: row.id,
          channel: row.channel,
          kind: row.kind,
          event_at: new Date(row.event_at).toISOString(),
          received_at: new Date(row.received_at).toISOString(),
          attempts: row.attempts,
          last_error: row.last_error,
        })),
      };
    },
  );

  r.post(
    '/api/inbound-events/:id/retry',
    {
      config: { access: 'operations' },
      schema: {
        summary: 'Put a dead-lettered inbound event back into processing',
        params: z.object({ id: z.coerce.number().int().positive() }),
        response: { 200: z.object({ data: z.object({ id: z.number(), state: z.literal('pending') }) }) },
      },
    },
    async (request) => {
      const ok = await inboundRepository.requeue(container.db, request.params.id, container.clock.now().getTime());
      if (!ok) throw notFound('inbound/not_dead', 'No dead-lettered event with this id');
      container.inboundProcessor.nudge();
      return { data: { id: request.params.id, state: 'pending' as const } };
    },
  );
}

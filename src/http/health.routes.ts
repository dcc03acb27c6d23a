/** `GET /healthz` (200 once the database answers) and `GET /metrics` (Prometheus text). */
import type { FastifyInstance } from 'fastify';
import type { Container } from '../container.js';
import { pingDatabase } from '../db/database.js';
import { inboundRepository } from '../modules/inbound/inbound.repository.js';
import { outboxRepository } from '../modules/outbox/outbox.repository.js';

export async function healthRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  app.get('/healthz', async (_request, reply) => {
    const ok = await pingDatabase(container.db);
    return reply
      .status(ok ? 200 : 503)
      .send({ status: ok ? 'ok' : 'unavailable', database: ok ? 'ok' : 'unreachable', dialect: container.dialect, whatsapp_mode: container.config.whatsapp.mode });
  });

  app.get('/metrics', async (_request, reply) => {
    const now = container.clock.now().getTime();
    const [inbound, outbox, oldestInbound, oldestDue] = await Promise.all([
      inboundRepository.countByState(container.db),
      outboxRepository.countByState(container.db),
      inboundRepository.oldestPendingAt(container.db),
      outboxRepository.oldestDueAt(container.db, now),
    ]);
    const lines = [
      '# HELP stadtbote_inbound_events Stored inbound events by state.',
      '# TYPE stadtbote_inbound_events gauge',
      ...Object.entries(inbound).map(([state, n]) => `stadtbote_inbound_events{state="${state}"} ${n}`),
      '# HELP stadtbote_inbound_backlog_age_seconds Age of the oldest unprocessed inbound event.',
      '# TYPE stadtbote_inbound_backlog_age_seconds gauge',
      `stadtbote_inbound_backlog_age_seconds ${oldestInbound === null ? 0 : Math.max(0, (now - oldestInbound) / 1000)}`,
      '# HELP stadtbote_outbox_messages Outgoing messages by state.',
      '# TYPE stadtbote_outbox_messages gauge',
      ...Object.entries(outbox).map(([state, n]) => `stadtbote_outbox_messages{state="${state}"} ${n}`),
      '# HELP stadtbote_outbox_oldest_due_age_seconds Age of the oldest due outgoing message.',
      '# TYPE stadtbote_outbox_oldest_due_age_seconds gauge',
      `stadtbote_outbox_oldest_due_age_seconds ${oldestDue === null ? 0 : Math.max(0, (now - oldestDue) / 1000)}`,
    ];
    return reply.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });
}

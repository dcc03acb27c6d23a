/** `GET /healthz` (200 once the database answers) and `GET /metrics` (Prometheus text). */
import type { FastifyInstance } from 'fastify';
import type { Container } from '../container.js';
import { pingDatabase } from '../db/database.js';
import { inboundRepository } from '../modules/inbound/inbound.repository.js';
import { outboxRepository } from '../modules/outbox/outbox.repository.js';
import { rateBudgetRepository } from '../modules/outbox/rate-budget.repository.js';

export async function healthRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  app.get('/healthz', async (_request, reply) => {
    const ok = await pingDatabase(container.db);
    return reply
      .status(ok ? 200 : 503)
      .send({ status: ok ? 'ok' : 'unavailable', database: ok ? 'ok' : 'unreachable', dialect: container.dialect, whatsapp_mode: container.config.whatsapp.mode });
  });

  app.get('/metrics', async (_request, reply) => {
    const now = container.clock.now().getTime();
    const [inbound, outbox, broadcasts, oldestInbound, oldestDue, limitUse] = await Promise.all([
      inboundRepository.countByState(container.db),
      outboxRepository.countByStateAndReason(container.db),
      outboxRepository.countActiveBroadcasts(container.db),
      inboundRepository.oldestPendingAt(container.db),
      outboxRepository.oldestDueAt(container.db, now),
      rateBudgetRepository.usage(container.db, now - 24 * 3600_000),
    ]);
    const limit = container.config.whatsapp.messagingLimit;
    const lines = [
      '# HELP stadtbote_inbound_events Stored inbound events by state.',
      '# TYPE stadtbote_inbound_events gauge',
      ...Object.entries(inbound).map(([state, n]) => `stadtbote_inbound_events{state="${state}"} ${n}`),
      '# HELP stadtbote_inbound_backlog_age_seconds Age of the oldest unprocessed inbound event.',
      '# TYPE stadtbote_inbound_backlog_age_seconds gauge',
      `stadtbote_inbound_backlog_age_seconds ${oldestInbound === null ? 0 : Math.max(0, (now - oldestInbound) / 1000)}`,
      '# HELP stadtbote_outbox_messages Outgoing messages by sender channel, state and reason.',
      '# TYPE stadtbote_outbox_messages gauge',
      ...outbox.map((r) => `stadtbote_outbox_messages{channel="${r.channel}",state="${r.state}",reason="${r.reason ?? ''}"} ${r.n}`),
      '# HELP stadtbote_broadcast_messages Outgoing messages of broadcasts still sending, by state.',
      '# TYPE stadtbote_broadcast_messages gauge',
      ...broadcasts.map((r) => `stadtbote_broadcast_messages{broadcast="${r.broadcast_id}",state="${r.state}"} ${r.n}`),
      '# HELP stadtbote_outbox_oldest_due_age_seconds Age of the oldest due outgoing message.',
      '# TYPE stadtbote_outbox_oldest_due_age_seconds gauge',
      `stadtbote_outbox_oldest_due_age_seconds ${oldestDue === null ? 0 : Math.max(0, (now - oldestDue) / 1000)}`,
      '# HELP stadtbote_messaging_limit_used Unique recipients outside their window in the last 24 h.',
      '# TYPE stadtbote_messaging_limit_used gauge',
      `stadtbote_messaging_limit_used ${limitUse.count}`,
      ...(limit === 'unlimited' ? [] : ['# HELP stadtbote_messaging_limit The messaging-limit tier.', '# TYPE stadtbote_messaging_limit gauge', `stadtbote_messaging_limit ${limit}`]),
    ];
    return reply.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });
}

/**
 * The basic dispatcher loop: claim due rows → send through the channel port → record.
 * (Rate limits, window decisions and crash tests come with the dispatcher issue.)
 */
import { randomUUID } from 'node:crypto';
import type { ChannelPort, OutgoingMessage } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { OutboxRow } from '../../db/schema.js';
import type { Dialect } from '../../db/sql.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/log.js';
import { Worker } from '../../lib/worker.js';
import { outboxRepository } from './outbox.repository.js';
import { toOutboxError } from './outbox.service.js';

export interface DispatcherOptions {
  db: Database;
  dialect: Dialect;
  clock: Clock;
  log: Logger;
  channels: Record<string, ChannelPort>;
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
  pollMs?: number;
}

export class OutboxDispatcher extends Worker {
  readonly owner = `dispatch-${randomUUID()}`;

  constructor(private readonly o: DispatcherOptions) {
    super(o.pollMs ?? 100);
  }

  override async runOnce(): Promise<number> {
    const now = this.o.clock.now().getTime();
    const rows = await outboxRepository.claimDue(this.o.db, this.o.dialect, {
      owner: this.owner,
      now,
      leaseMs: this.o.leaseMs ?? 60_000,
      limit: this.o.batchSize ?? 50,
    });
    if (rows.length === 0) return 0;
    const identities = await outboxRepository.identities(
      this.o.db,
      rows.map((r) => r.contact_id),
    );
    // Different contacts in parallel; one contact's messages one after another, in queue order
    // (the platform does not order concurrent sends).
    const byContact = new Map<number, OutboxRow[]>();
    for (const row of rows) byContact.set(row.contact_id, [...(byContact.get(row.contact_id) ?? []), row]);
    await Promise.all(
      [...byContact.values()].map(async (queue) => {
        for (const row of queue.sort((a, b) => a.priority - b.priority || a.id - b.id)) await this.sendOne(row, identities.get(row.contact_id));
      }),
    );
    return rows.length;
  }

  private async sendOne(row: OutboxRow, identity: { phone: string | null; user_id: string | null } | undefined): Promise<void> {
    const now = this.o.clock.now().getTime();
    if (row.not_after !== null && row.not_after < now) {
      await outboxRepository.markFinal(this.o.db, row.id, this.owner, 'expired', { code: 'not_after', reason: 'expired', detail: null }, now);
      return;
    }
    const channel = this.o.channels[row.channel];
    if (!channel || !identity || (!identity.phone && !identity.user_id)) {
      const reason = channel ? 'no_address' : 'unknown_channel';
      await outboxRepository.markFinal(this.o.db, row.id, this.owner, 'failed', { code: reason, reason, detail: null }, now);
      return;
    }
    const message = JSON.parse(row.payload) as OutgoingMessage;
    const result = await channel.send(
      { phone: identity.phone ?? undefined, userId: identity.user_id ?? undefined },
      message,
      { correlation: `outbox:${row.id}` },
    );
    const after = this.o.clock.now().getTime();
    if (result.ok) {
      const recorded = await outboxRepository.markSent(this.o.db, row.id, this.owner, result.externalId, after);
      if (!recorded) this.o.log.warn({ outbox_id: row.id }, 'send recorded after the lease was lost');
      return;
    }
    const error = toOutboxError(result.error);
    if (result.error.retryable && row.attempts < (this.o.maxAttempts ?? 8)) {
      await outboxRepository.markRetry(this.o.db, row.id, this.owner, after + retryDelayMs(row.attempts), error, after);
    } else {
      this.o.log.info({ outbox_id: row.id, code: error.code, reason: error.reason }, 'send failed');
      await outboxRepository.markFinal(this.o.db, row.id, this.owner, 'failed', error, after);
    }
  }
}

/** 2 s, 4 s, 8 s … capped at 15 minutes, with jitter. */
function retryDelayMs(attempt: number): number {
  const base = Math.min(2000 * 2 ** Math.max(0, attempt - 1), 900_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/**
 * Writing to the outbox and applying delivery statuses. Callers pass their transaction so a
 * message commits together with the change that caused it (decision 6).
 */
import type { ChannelError, InboundEvent, OutgoingMessage } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { outboxRepository, type OutboxError } from './outbox.repository.js';

/** Lower is sent first: dialogue replies and case updates go before broadcasts. */
export const PRIORITY = { dialogue_reply: 10, case_update: 20, notification: 30, broadcast: 100 } as const;
export type OutboxKind = keyof typeof PRIORITY;

export interface EnqueueRequest {
  contactId: number;
  kind: OutboxKind;
  message: OutgoingMessage;
  channel?: string;
  /** Past this time the row is `expired`, not sent. */
  notAfter?: Date;
  /** What caused it, e.g. `inbound:42` (for tracing, no personal data). */
  cause?: string;
  broadcastId?: number;
}

export function createOutboxService(deps: { clock: Clock; defaultChannel: string }) {
  return {
    /** Writes one outgoing message in the caller's transaction; returns the row id. */
    async enqueue(trx: Database, request: EnqueueRequest): Promise<number> {
      const now = deps.clock.now().getTime();
      return outboxRepository.insert(trx, {
        contact_id: request.contactId,
        channel: request.channel ?? deps.defaultChannel,
        kind: request.kind,
        priority: PRIORITY[request.kind],
        payload: JSON.stringify(request.message),
        state: 'queued',
        attempts: 0,
        available_at: now,
        not_after: request.notAfter?.getTime() ?? null,
        cause: request.cause ?? null,
        broadcast_id: request.broadcastId ?? null,
        created_at: now,
        updated_at: now,
      });
    },

    /**
     * Applies a delivery status; statuses never move a row backwards and may come twice or out
     * of order. Returns false when no outgoing message has that id (yet).
     */
    async applyStatus(trx: Database, event: Extract<InboundEvent, { kind: 'status' }>): Promise<boolean> {
      const at = event.at.getTime();
      const pricing = { category: event.pricing?.category ?? null, type: event.pricing?.type ?? null };
      let matched: number;
      switch (event.status) {
        case 'sent':
          matched = await outboxRepository.applySentPricing(trx, event.externalId, pricing);
          break;
        case 'delivered':
          matched = await outboxRepository.applyDelivered(trx, event.externalId, at, pricing);
          break;
        case 'read':
        case 'played':
          matched = await outboxRepository.applyRead(trx, event.externalId, at, pricing);
          break;
        case 'failed':
          matched = await outboxRepository.applyFailed(trx, event.externalId, at, toOutboxError(event.errors?.[0]));
          break;
      }
      return matched > 0;
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;

/** A channel error as stored on an outbox row. */
export function toOutboxError(error: ChannelError | undefined): OutboxError {
  if (!error) return { code: 'unknown', reason: 'unknown', detail: null };
  return { code: String(error.code), reason: error.reason, detail: [error.title, error.details].filter(Boolean).join(': ').slice(0, 500) || null };
}

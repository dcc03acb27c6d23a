/**
 * Writing to the outbox and applying delivery statuses. Callers pass their transaction so a
 * message commits together with the change that caused it (decision 6).
 */
import type { ChannelError, InboundEvent, OutgoingMessage } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { contactRepository } from '../contacts/contact.repository.js';
import { templateRepository } from '../templates/template.repository.js';
import { parseFallback, pickTemplate, templateMessage } from '../templates/template.service.js';
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
  /** Parameters of the approved template that stands in for this kind outside the window. */
  fallbackParams?: string[];
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
        fallback: request.fallbackParams ? JSON.stringify({ params: request.fallbackParams }) : null,
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
          if (matched > 0) await this.afterAsyncFailure(trx, event);
          break;
      }
      return matched > 0;
    },

    /**
     * What an asynchronous failure means: 131047 (outside the window) re-sends the approved
     * template that stands in for the row's kind, when there is one; 131026 marks the contact
     * unreachable until it writes again; 131050 stops marketing templates to it.
     */
    async afterAsyncFailure(trx: Database, event: Extract<InboundEvent, { kind: 'status' }>): Promise<void> {
      const reason = event.errors?.[0]?.reason;
      const row = await outboxRepository.findByExternalId(trx, event.externalId);
      if (!row || row.state !== 'failed') return;
      const now = deps.clock.now().getTime();
      if (reason === 'unreachable') await contactRepository.update(trx, row.contact_id, { unreachable_since: now, updated_at: now });
      if (reason === 'marketing_stopped') await contactRepository.update(trx, row.contact_id, { marketing_stopped_at: now, updated_at: now });
      if (reason !== 'outside_window' || !row.fallback || row.replaced_by !== null) return;
      const message = JSON.parse(row.payload) as OutgoingMessage;
      if (message.type === 'template') return;
      const contact = await contactRepository.findById(trx, row.contact_id);
      const spec = parseFallback(row.fallback);
      const template = spec ? pickTemplate(await templateRepository.approvedFor(trx, spec.serves ?? row.kind), contact?.language ?? null) : undefined;
      const replacement = template && spec ? templateMessage(template, spec.params, message.replyTo, spec.quick_replies) : null;
      if (!replacement) return;
      const id = await outboxRepository.insert(trx, {
        contact_id: row.contact_id,
        channel: row.channel,
        kind: row.kind,
        priority: row.priority,
        payload: JSON.stringify(replacement),
        state: 'queued',
        attempts: 0,
        available_at: now,
        not_after: row.not_after,
        cause: `fallback:${row.id}`,
        broadcast_id: row.broadcast_id,
        created_at: now,
        updated_at: now,
      });
      await outboxRepository.setReplacedBy(trx, row.id, id);
    },
  };
}

export type OutboxService = ReturnType<typeof createOutboxService>;

/** A channel error as stored on an outbox row. */
export function toOutboxError(error: ChannelError | undefined): OutboxError {
  if (!error) return { code: 'unknown', reason: 'unknown', detail: null };
  return { code: String(error.code), reason: error.reason, detail: [error.title, error.details].filter(Boolean).join(': ').slice(0, 500) || null };
}

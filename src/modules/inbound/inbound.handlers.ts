/**
 * What each kind of inbound event does to the domain, inside the event's transaction.
 * Domain features subscribe to messages as listeners (the dialogue engine later).
 */
import type { InboundEvent } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { ContactRow } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/log.js';
import { contactRepository } from '../contacts/contact.repository.js';
import { changeIdentity, resolveSender, touchInbound } from '../contacts/contact.service.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { applyTemplateEvent } from '../templates/template.service.js';
import { inboundMessageRepository } from './inbound-message.repository.js';
import { RetryLater, type InboundHandler } from './inbound.processor.js';

export type MessageEvent = Extract<InboundEvent, { kind: 'message' }>;

export interface MessageContext {
  contact: ContactRow;
  /** True when this message created the contact (first contact). */
  created: boolean;
  event: MessageEvent;
  eventId: number;
}

/**
 * A domain feature's reaction to a citizen's message (runs in the event's transaction). A
 * listener that answered the message itself returns `'handled'`; later listeners (the dialogue)
 * then leave it alone (issue 10: the tap on a teaser's "Lesen").
 */
export type MessageListener = (trx: Database, context: MessageContext) => Promise<void | 'handled'>;

/** How long a status for an unknown message id is retried before it is let go. */
const UNKNOWN_STATUS_PATIENCE_MS = 120_000;

/** Data rights (issue 9): a status for no known message may name an erased contact; it is emptied then. */
export type UnmatchedStatusHook = (trx: Database, event: Extract<InboundEvent, { kind: 'status' }>, eventId: number) => Promise<boolean>;

export function createInboundHandler(deps: { outbox: OutboxService; clock: Clock; log: Logger; listeners: MessageListener[]; onUnmatchedStatus?: UnmatchedStatusHook }): InboundHandler {
  return async (trx, event, row) => {
    switch (event.kind) {
      case 'message': {
        const { contact, created } = await resolveSender(trx, event.from, event.at);
        await touchInbound(trx, contact, event.at);
        const fresh = await inboundMessageRepository.insert(trx, {
          contact_id: contact.id,
          channel: row.channel,
          external_id: event.externalId,
          content_type: event.content.type,
          content: JSON.stringify(event.content),
          reply_to: event.replyTo ?? null,
          at: event.at.getTime(),
          created_at: deps.clock.now().getTime(),
        });
        if (!fresh) return;
        for (const listener of deps.listeners) {
          if ((await listener(trx, { contact, created, event, eventId: row.id })) === 'handled') break;
        }
        return;
      }
      case 'status': {
        const matched = await deps.outbox.applyStatus(trx, event);
        if (!matched && (await deps.onUnmatchedStatus?.(trx, event, row.id))) return;
        if (!matched && deps.clock.now().getTime() - row.received_at < UNKNOWN_STATUS_PATIENCE_MS) {
          throw new RetryLater('status for a message id not recorded yet');
        }
        return;
      }
      case 'identity_changed':
        await changeIdentity(trx, event.previous, event.current, event.at);
        return;
      case 'preference': {
        const [contact] = await contactRepository.findByIdentity(trx, event.who);
        if (contact) {
          await contactRepository.update(trx, contact.id, {
            marketing_stopped_at: event.value === 'stop' ? event.at.getTime() : null,
            updated_at: deps.clock.now().getTime(),
          });
        }
        return;
      }
      case 'template_status':
        await applyTemplateEvent(trx, event, deps.clock.now().getTime());
        return;
      case 'channel_error':
        deps.log.warn({ codes: event.errors.map((e) => e.code) }, 'channel reported errors');
        return;
      case 'ignored':
        return;
    }
  };
}

/**
 * "The full reply follows when the citizen taps" (issue 12, D59): outside the 24-hour window a
 * case update went out as the approved template (reference and status) with a quick-reply
 * button. When the citizen taps it, the tap names the template message (`context`); the outbox
 * row behind it still holds the full text, which is sent now — the tap has opened the window.
 * Wraps the dialogue listener: such a tap is answered here and not read as a dialogue turn; so
 * is the reporter's answer to "solved?" after resolving (D60), and MEINE ANLIEGEN (D63).
 */
import type { OutgoingMessage } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { OutboxRow } from '../../db/schema.js';
import type { MessageListener } from '../inbound/inbound.handlers.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { isLanguage } from '../../lib/language.js';
import { SOLVED_CHOICE, type CaseHandlingService } from './case.handling.service.js';
import { isMyReports, myReportsText } from './case.my-reports.js';
import type { Texts } from '../dialogue/catalogue/index.js';
import { outboxRepository } from '../outbox/outbox.repository.js';

/** The full case update behind a sent template message (itself, or the row it re-sent after 131047). */
async function fullUpdate(trx: Database, contactId: number, externalId: string): Promise<{ row: OutboxRow; message: OutgoingMessage } | null> {
  const sent = await outboxRepository.findByExternalId(trx, externalId);
  if (!sent || sent.contact_id !== contactId || sent.kind !== 'case_update') return null;
  const message = JSON.parse(sent.payload) as OutgoingMessage;
  if (message.type !== 'template') return { row: sent, message };
  const origin = sent.cause?.startsWith('fallback:') ? await outboxRepository.findById(trx, Number(sent.cause.slice('fallback:'.length))) : undefined;
  if (!origin || origin.contact_id !== contactId) return null;
  const full = JSON.parse(origin.payload) as OutgoingMessage;
  return full.type === 'template' ? null : { row: origin, message: full };
}

export function withCaseUpdateTaps(
  deps: { outbox: OutboxService; cases: Pick<CaseHandlingService, 'answerSolved' | 'texts'>; timeZone: string },
  dialogue: MessageListener,
): MessageListener {
  return async (trx, context) => {
    const { event, contact, eventId } = context;
    const content = event.content;
    // MEINE ANLIEGEN (D63).
    if (content.type === 'text' && contact.erased_at === null && isMyReports(content.text)) {
      const texts: Texts = await deps.cases.texts(trx);
      const language = isLanguage(contact.language) ? contact.language : 'de';
      const text = await myReportsText(trx, { contactId: contact.id, language, texts, timeZone: deps.timeZone });
      await deps.outbox.enqueue(trx, { contactId: contact.id, kind: 'dialogue_reply', message: { type: 'text', text }, cause: `inbound:${eventId}` });
      return;
    }
    // "Solved?" yes / no (D60).
    const solved = content.type === 'choice' ? new RegExp(`^${SOLVED_CHOICE}(yes|no):(\\d+)$`).exec(content.id) : null;
    if (solved) {
      const language = isLanguage(contact.language) ? contact.language : 'de';
      const reply = await deps.cases.answerSolved(trx, { contactId: contact.id, language, caseId: Number(solved[2]), solved: solved[1] === 'yes' });
      if (reply) {
        await deps.outbox.enqueue(trx, { contactId: contact.id, kind: 'dialogue_reply', message: reply, cause: `inbound:${eventId}` });
        return;
      }
    }
    if (content.type === 'choice' && content.source === 'template_button' && event.replyTo) {
      const update = await fullUpdate(trx, contact.id, event.replyTo);
      if (update) {
        await deps.outbox.enqueue(trx, { contactId: contact.id, kind: 'case_update', message: update.message, cause: `inbound:${eventId}:case_update:${update.row.id}` });
        return;
      }
    }
    await dialogue(trx, context);
  };
}

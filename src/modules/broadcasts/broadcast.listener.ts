/**
 * The teaser's quick reply (issue 10, decision D37): a tap on "Lesen / Read / Lezen" (payload
 * `notice:<id>`) opened the citizen's window; the full notice follows free-form, in their
 * language, as a reply (dialogue priority), counted with the broadcast as a follow-up. A tap on a
 * cancelled or unknown notice is left to the dialogue (it answers as for any stale button).
 */
import type { Database } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { Language } from '../../lib/language.js';
import type { MessageListener } from '../inbound/inbound.handlers.js';
import { mediaRepository } from '../media/media.repository.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { broadcastRepository, FOLLOW_UP_CAUSE } from './broadcast.repository.js';
import { freeFormMessage, requestedNotice, variantFor, type Variant } from './broadcast.rules.js';

export function createBroadcastListener(deps: { outbox: OutboxService; clock: Clock }): MessageListener {
  return async (trx: Database, { contact, event }) => {
    if (event.content.type !== 'choice') return;
    const id = requestedNotice(event.content.id);
    if (id === null) return;
    const broadcast = await broadcastRepository.findById(trx, id);
    if (!broadcast || !['sending', 'sent'].includes(broadcast.status)) return;
    const { variant } = variantFor({ title: broadcast.title, text: broadcast.text }, JSON.parse(broadcast.language_variants) as Partial<Record<Language, Variant>>, contact.language);
    const media = broadcast.media_id === null ? undefined : await mediaRepository.findById(trx, broadcast.media_id);
    const ref = media?.channel_media_id ? { kind: media.kind === 'document' ? ('document' as const) : ('image' as const), channelMediaId: media.channel_media_id, filename: media.filename } : null;
    await deps.outbox.enqueue(trx, {
      contactId: contact.id,
      kind: 'dialogue_reply',
      message: freeFormMessage(variant.text, ref),
      cause: FOLLOW_UP_CAUSE,
      broadcastId: broadcast.id,
    });
    return 'handled';
  };
}

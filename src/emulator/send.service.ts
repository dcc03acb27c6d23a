/**
 * What happens to a valid `/messages` request: recipient, template rules, pair rate (synchronous
 * errors), then acceptance with a wamid and — if the platform would fail it later — a planned
 * `failed` status (window 131047, undeliverable 131026, marketing opt-out 131050, messaging
 * limit 131048, unknown media 131053, reaction target 131009).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Emulator } from './emulator.core.js';
import type { MetaApiError, WebhookError } from './emulator.errors.js';
import { metaError, webhookError } from './emulator.errors.js';
import { asyncFailure, checkPairRate, windowOpen } from './emulator.rules.js';
import type { EmulatedUser, OutboundRecord } from './emulator.state.js';
import type { ReadRequest, SendRequest } from './emulator.validate.js';
import { MEDIA_TYPES } from './emulator.validate.js';
import { marketFor, pricingFor } from './pricing.js';
import { checkTemplate } from './template.rules.js';

export interface SendResponse {
  messaging_product: 'whatsapp';
  contacts: Array<{ input: string; wa_id: string; user_id?: string }>;
  messages: Array<{ id: string; message_status?: 'accepted' }>;
}

/** A phone number nobody created yet is a WhatsApp user all the same (most numbers are). */
function implicitUser(emulator: Emulator, phone: string): EmulatedUser {
  const country = parsePhoneNumberFromString(`+${phone}`)?.country ?? 'DE';
  return emulator.store.addUser({
    name: `+${phone}`,
    phone,
    username: null,
    language: 'de',
    country_code: country,
    created_at: emulator.clock.now().toISOString(),
    last_inbound_ms: null,
  });
}

function mediaKind(mime: string): string {
  if (mime === 'image/webp') return 'sticker';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  return 'document';
}

/** Failures that depend on the content: unknown media id or a wrong media type, a reaction to nothing. */
function contentFailure(emulator: Emulator, req: SendRequest, user: EmulatedUser): WebhookError | null {
  if (MEDIA_TYPES.has(req.type) && typeof req.content.id === 'string') {
    const media = emulator.store.media.get(req.content.id);
    if (!media) return webhookError(131053, `Media id ${req.content.id} was not found or has been deleted.`);
    if (mediaKind(media.mime_type) !== req.type && !(req.type === 'image' && media.mime_type === 'image/webp')) {
      return webhookError(131053, `Media type ${media.mime_type} cannot be sent as ${req.type}.`);
    }
  }
  if (req.type === 'reaction') {
    const target = emulator.store.messages.get(String(req.content.message_id));
    if (!target || target.user_id !== user.id || target.type === 'reaction') {
      return webhookError(131009, 'The message to react to does not exist, is a reaction, or is too old.');
    }
  }
  return null;
}

export function handleSend(emulator: Emulator, req: SendRequest): SendResponse {
  const store = emulator.store;
  const config = emulator.config;
  const now = emulator.nowMs();
  const found = store.findRecipient(req.to);
  let user = found.user;
  if (!user) {
    if (found.byBsuid) throw metaError(100, `Param to: the user id ${req.to} is not known to this business.`);
    if (!found.phone) throw metaError(100, 'Param to must be a phone number in international format or a user id.');
    user = implicitUser(emulator, found.phone);
  }

  let template: OutboundRecord['template'] = null;
  if (req.type === 'template') {
    const checked = checkTemplate(emulator.templates, req.content as { name: string; language: { code: string } });
    if ('httpStatus' in checked) throw checked;
    template = {
      name: checked.template.def.name,
      language: checked.template.def.language,
      category: checked.template.def.category,
      billed_category: checked.template.billedCategory,
      rendered_body: checked.renderedBody,
      quick_replies: checked.template.def.quick_replies,
    };
  }
  const pairRate: MetaApiError | null = checkPairRate(store.pairBuckets, config.pair_rate, user.id, now);
  if (pairRate) throw pairRate;

  const open = windowOpen(user.last_inbound_ms, now);
  const isTemplate = template !== null;
  const billedCategory = template ? template.billed_category.toLowerCase() : 'service';
  const unreachable = emulator.isUnreachable(user);
  const failure = unreachable
    ? webhookError(131026)
    : (contentFailure(emulator, req, user) ??
      asyncFailure({
        now,
        isTemplate,
        billedCategory,
        windowOpen: open,
        unreachable,
        marketingStopped: emulator.isMarketingStopped(user),
        recipientKey: user.id,
        limits: store.messagingLimit,
        messagingLimit: config.messaging_limit,
      }));

  const pricing = failure ? null : pricingFor(isTemplate, billedCategory, open);
  const record: OutboundRecord = {
    direction: 'out',
    wamid: store.nextWamid(),
    user_id: user.id,
    to: req.to,
    to_bsuid: found.byBsuid,
    type: req.type,
    content: req.type === 'contacts' ? req.content.contacts : req.content,
    context_message_id: req.contextId,
    template,
    pricing,
    market: marketFor(user.phone, user.country_code),
    biz_opaque_callback_data: req.bizOpaque,
    accepted_at: new Date(now).toISOString(),
    accepted_ms: now,
    status: 'accepted',
    statuses: [],
    failure,
    pricing_pending_final: pricing !== null,
  };
  store.append(record);
  store.stats.accepted++;
  if (failure) store.stats.failed_async[failure.code] = (store.stats.failed_async[failure.code] ?? 0) + 1;
  emulator.typingUntil.delete(user.id);
  emulator.scheduler.onAccepted(record);

  const contact: SendResponse['contacts'][number] = found.byBsuid
    ? { input: req.to, wa_id: '', user_id: user.bsuid }
    : { input: req.to, wa_id: user.phone ?? '' };
  return {
    messaging_product: 'whatsapp',
    contacts: [contact],
    messages: [isTemplate ? { id: record.wamid, message_status: 'accepted' } : { id: record.wamid }],
  };
}

/** Mark-as-read: marks the message and the user's earlier ones; the typing indicator shows for 25 s. */
export function handleMarkRead(emulator: Emulator, req: ReadRequest): { success: true } {
  const target = emulator.store.messages.get(req.messageId);
  if (!target || target.direction !== 'in') {
    throw metaError(100, `Param message_id: no message ${req.messageId} was received from a user.`);
  }
  for (const record of emulator.store.timelines.get(target.user_id) ?? []) {
    if (record.direction === 'in') record.read_by_business = true;
    if (record === target) break;
  }
  if (req.typing) emulator.typingUntil.set(target.user_id, emulator.nowMs() + 25_000);
  return { success: true };
}

/**
 * The `messages` webhook field → normalised events: inbound messages (§3.4), delivery statuses
 * (§3.5), identity changes (§3.6) and value-level errors. Called by `normalizeWebhook`.
 */
import type { ChannelError, ChannelIdentity, DeliveryStatus, InboundContent, InboundEvent, MediaKind, Pricing, SenderProfile } from '../channel.js';
import { classifyError } from './whatsapp.errors.js';
import {
  asBoolean,
  asList,
  asNumber,
  asObject,
  asString,
  digitsOf,
  hashJson,
  type JsonObject,
  nonEmpty,
  parseUnixSeconds,
  safeName,
} from './whatsapp.json.js';

/** Message types that carry nothing Stadtbote uses; kept as 'ignored' with this reason. */
const IGNORED_MESSAGE_TYPES = new Set(['contacts', 'order']);
const MEDIA_KINDS = new Set<string>(['image', 'document', 'audio', 'video', 'sticker']);
const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['sent', 'delivered', 'read', 'played', 'failed'];
const IDENTITY_CHANGES = new Set(['user_changed_number', 'user_changed_user_id']);

type MessageEvent = Extract<InboundEvent, { kind: 'message' }>;
type StatusEvent = Extract<InboundEvent, { kind: 'status' }>;
type MediaContent = Extract<InboundContent, { type: 'media' }>;
type LocationContent = Extract<InboundContent, { type: 'location' }>;
type ChoiceContent = Extract<InboundContent, { type: 'choice' }>;
type UnsupportedContent = Extract<InboundContent, { type: 'unsupported' }>;

/** An event that is stored with a reason but not processed. */
export function ignoredEvent(raw: unknown, reason: string, at: Date): InboundEvent {
  const key = `ignored:${hashJson(raw)}`;
  return { kind: 'ignored', key, orderKey: key, at, raw, reason };
}

/** `errors[]` entry of a webhook (message-, status- or value-level) → classified error. */
export function webhookError(value: unknown): ChannelError {
  const error = asObject(value) ?? {};
  const code = asNumber(error.code) ?? 'unknown';
  const title = nonEmpty(error.title) ?? nonEmpty(error.message);
  // Meta nests details in error_data; some deliveries put them on the error itself.
  const details = nonEmpty(asObject(error.error_data)?.details) ?? nonEmpty(error.details);
  return classifyError({ code, ...(title !== undefined ? { title } : {}), ...(details !== undefined ? { details } : {}) });
}

/** "phone:<digits>" when the phone is known, else "user:<bsuid>". */
export function orderKeyOf(identity: ChannelIdentity): string | undefined {
  if (identity.phone !== undefined) return `phone:${identity.phone}`;
  if (identity.userId !== undefined) return `user:${identity.userId}`;
  return undefined;
}

/** An identity with only the parts that are known. */
export function identity(phone: string | undefined, userId: string | undefined): ChannelIdentity {
  return { ...(phone !== undefined ? { phone } : {}), ...(userId !== undefined ? { userId } : {}) };
}

/**
 * The `contacts[]` entry that belongs to this phone or user id. Without a match, the only contact
 * of the value is taken (a message's `from` and its contact's `wa_id` may differ, e.g. in Brazil),
 * unless it names another user id, or `strict` (statuses: never attach a user id to the wrong person).
 */
export function findContact(
  contacts: unknown[],
  phone: string | undefined,
  userId: string | undefined,
  options: { strict?: boolean } = {},
): JsonObject | undefined {
  const objects = contacts.map(asObject).filter((c): c is JsonObject => c !== undefined);
  const match = objects.find(
    (c) => (phone !== undefined && digitsOf(c.wa_id) === phone) || (userId !== undefined && nonEmpty(c.user_id) === userId),
  );
  if (match !== undefined || options.strict === true || objects.length !== 1) return match;
  const single = objects[0];
  const otherUser = userId !== undefined && nonEmpty(single?.user_id) !== undefined && nonEmpty(single?.user_id) !== userId;
  return otherUser ? undefined : single;
}

/** The raw part kept with an event: the object, its own contact (not others') and the metadata. */
export function rawPart(name: string, object: unknown, contact: JsonObject | undefined, metadata: unknown): JsonObject {
  return { metadata, ...(contact !== undefined ? { contacts: [contact] } : {}), [name]: object };
}

interface ValueContext {
  metadata: unknown;
  contacts: unknown[];
  /** Fallback time when an item has no timestamp. */
  at: Date;
}

function mediaContent(kind: MediaKind, message: JsonObject): InboundContent {
  const media = asObject(message[kind]);
  const mediaId = nonEmpty(media?.id);
  if (media === undefined || mediaId === undefined) return { type: 'unsupported', reason: `${kind} message without media id` };
  const content: MediaContent = { type: 'media', media: kind, mediaId };
  const mimeType = nonEmpty(media.mime_type);
  const sha256 = nonEmpty(media.sha256);
  const caption = asString(media.caption);
  const filename = nonEmpty(media.filename);
  const voice = asBoolean(media.voice);
  const animated = asBoolean(media.animated);
  if (mimeType !== undefined) content.mimeType = mimeType;
  if (sha256 !== undefined) content.sha256 = sha256;
  if (caption !== undefined && caption !== '') content.caption = caption;
  if (filename !== undefined) content.filename = filename;
  if (kind === 'audio' && voice !== undefined) content.voice = voice;
  if (kind === 'sticker' && animated !== undefined) content.animated = animated;
  return content;
}

function locationContent(message: JsonObject): InboundContent {
  const location = asObject(message.location) ?? {};
  const latitude = asNumber(location.latitude);
  const longitude = asNumber(location.longitude);
  if (latitude === undefined || longitude === undefined) return { type: 'unsupported', reason: 'location without coordinates' };
  // A shared current position has only coordinates; a chosen place adds name/address/url.
  const content: LocationContent = { type: 'location', latitude, longitude };
  const name = nonEmpty(location.name);
  const address = nonEmpty(location.address);
  const url = nonEmpty(location.url);
  if (name !== undefined) content.name = name;
  if (address !== undefined) content.address = address;
  if (url !== undefined) content.url = url;
  return content;
}

function interactiveContent(message: JsonObject): InboundContent {
  const interactive = asObject(message.interactive) ?? {};
  const kind = asString(interactive.type);
  const reply = kind === 'button_reply' || kind === 'list_reply' ? asObject(interactive[kind]) : undefined;
  const id = asString(reply?.id);
  const title = asString(reply?.title) ?? '';
  if (reply === undefined || id === undefined) {
    return { type: 'unsupported', reason: `interactive reply '${safeName(kind)}' is not supported by Stadtbote` };
  }
  const content: ChoiceContent = { type: 'choice', source: kind === 'button_reply' ? 'button' : 'list', id, title };
  const description = nonEmpty(reply.description);
  if (description !== undefined) content.description = description;
  return content;
}

/** The first error of a message (unsupported types, undownloadable media). */
function messageErrorContent(message: JsonObject, what: string): InboundContent | undefined {
  const first = asList(message.errors)[0];
  if (first === undefined) return undefined;
  const error = webhookError(first);
  const content: UnsupportedContent = { type: 'unsupported', reason: `${what}: ${error.title}` };
  if (typeof error.code === 'number') content.errorCode = error.code;
  return content;
}

function messageContent(type: string, message: JsonObject): InboundContent {
  if (MEDIA_KINDS.has(type)) {
    // Media that Meta could not take (e.g. 131052, over 100 MB) comes with errors[] instead.
    return messageErrorContent(message, `${type} could not be received`) ?? mediaContent(type as MediaKind, message);
  }
  switch (type) {
    case 'text': {
      const body = asString(asObject(message.text)?.body);
      return body !== undefined ? { type: 'text', text: body } : { type: 'unsupported', reason: 'text message without body' };
    }
    case 'location':
      return locationContent(message);
    case 'interactive':
      return interactiveContent(message);
    case 'button': {
      // Quick-reply button of a template: the payload is our id, the text its label.
      const button = asObject(message.button) ?? {};
      const id = asString(button.payload) ?? asString(button.text);
      return id !== undefined
        ? { type: 'choice', source: 'template_button', id, title: asString(button.text) ?? id }
        : { type: 'unsupported', reason: 'template button reply without payload' };
    }
    case 'reaction': {
      const reaction = asObject(message.reaction) ?? {};
      const messageId = nonEmpty(reaction.message_id);
      if (messageId === undefined) return { type: 'unsupported', reason: 'reaction without message id' };
      // Removing a reaction sends an empty or no emoji.
      return { type: 'reaction', messageId, emoji: nonEmpty(reaction.emoji) ?? null };
    }
    case 'unsupported':
    case 'unknown': {
      const kind = asString(asObject(message.unsupported)?.type);
      const what = kind !== undefined ? `unsupported message type '${safeName(kind)}'` : 'unsupported message';
      return messageErrorContent(message, what) ?? { type: 'unsupported', reason: what };
    }
    default:
      return messageErrorContent(message, `message type '${safeName(type)}'`) ?? {
        type: 'unsupported',
        reason: `message type '${safeName(type)}' is not supported by Stadtbote`,
      };
  }
}

function senderOf(message: JsonObject, contact: JsonObject | undefined): SenderProfile {
  const sender: SenderProfile = identity(
    digitsOf(message.from) ?? digitsOf(contact?.wa_id),
    nonEmpty(message.from_user_id) ?? nonEmpty(contact?.user_id),
  );
  const profile = asObject(contact?.profile);
  const name = nonEmpty(profile?.name);
  const username = nonEmpty(profile?.username);
  const countryCode = nonEmpty(profile?.country_code);
  if (name !== undefined) sender.name = name;
  if (username !== undefined) sender.username = username;
  if (countryCode !== undefined) sender.countryCode = countryCode;
  return sender;
}

function identityChange(id: string, message: JsonObject, raw: JsonObject, at: Date): InboundEvent {
  const system = asObject(message.system) ?? {};
  const type = asString(system.type);
  if (type === undefined || !IDENTITY_CHANGES.has(type)) {
    return ignoredEvent(raw, `system message type '${safeName(type)}' is not used by Stadtbote`, at);
  }
  const previous = identity(digitsOf(message.from), nonEmpty(message.from_user_id) ?? nonEmpty(system.previous_user_id));
  const current = identity(digitsOf(system.wa_id), nonEmpty(system.user_id));
  const orderKey = orderKeyOf(previous);
  if (orderKey === undefined || orderKeyOf(current) === undefined) {
    return ignoredEvent(raw, `system message '${type}' without previous and new identity`, at);
  }
  return { kind: 'identity_changed', key: `message:${id}`, orderKey, at, raw, previous, current };
}

/** One `messages[]` entry → one event. */
export function normalizeMessage(value: unknown, context: ValueContext): InboundEvent {
  const message = asObject(value);
  if (message === undefined) return ignoredEvent({ metadata: context.metadata, message: value }, 'message is not an object', context.at);
  const contact = findContact(context.contacts, digitsOf(message.from), nonEmpty(message.from_user_id));
  const raw = rawPart('message', message, contact, context.metadata);
  const at = parseUnixSeconds(message.timestamp) ?? context.at;
  const id = nonEmpty(message.id);
  const type = asString(message.type) ?? '';
  if (id === undefined) return ignoredEvent(raw, 'message without id', at);
  if (type === 'system') return identityChange(id, message, raw, at);
  if (IGNORED_MESSAGE_TYPES.has(type)) return ignoredEvent(raw, `message type '${type}' is not used by Stadtbote`, at);
  if (nonEmpty(message.group_id) !== undefined) return ignoredEvent(raw, 'group messages are not used by Stadtbote', at);

  const from = senderOf(message, contact);
  const orderKey = orderKeyOf(from);
  if (orderKey === undefined) return ignoredEvent(raw, 'message without sender identity', at);
  const event: MessageEvent = { kind: 'message', key: `message:${id}`, orderKey, at, raw, externalId: id, from, content: messageContent(type, message) };
  const context_ = asObject(message.context);
  const replyTo = nonEmpty(context_?.id);
  if (replyTo !== undefined) event.replyTo = replyTo;
  if (context_?.forwarded === true || context_?.frequently_forwarded === true) event.forwarded = true;
  return event;
}

function pricingOf(value: unknown): Pricing | undefined {
  const pricing = asObject(value);
  if (pricing === undefined) return undefined;
  const result: Pricing = {};
  const billable = asBoolean(pricing.billable);
  const model = nonEmpty(pricing.pricing_model);
  const type = nonEmpty(pricing.type);
  const category = nonEmpty(pricing.category);
  if (billable !== undefined) result.billable = billable;
  if (model !== undefined) result.model = model;
  if (type !== undefined) result.type = type;
  if (category !== undefined) result.category = category;
  return result;
}

/** One `statuses[]` entry → one event. */
export function normalizeStatus(value: unknown, context: ValueContext): InboundEvent {
  const status = asObject(value);
  if (status === undefined) return ignoredEvent({ metadata: context.metadata, status: value }, 'status is not an object', context.at);
  const phone = digitsOf(status.recipient_id);
  const contact = findContact(context.contacts, phone, nonEmpty(status.recipient_user_id), { strict: true });
  const raw = rawPart('status', status, contact, context.metadata);
  const at = parseUnixSeconds(status.timestamp) ?? context.at;
  const id = nonEmpty(status.id);
  const state = asString(status.status);
  if (id === undefined) return ignoredEvent(raw, 'status without message id', at);
  const known = DELIVERY_STATUSES.find((s) => s === state);
  if (known === undefined) {
    return ignoredEvent(raw, `status '${safeName(state)}' is not used by Stadtbote`, at);
  }
  if (status.recipient_type === 'group' || nonEmpty(status.group_id) !== undefined) {
    return ignoredEvent(raw, 'group message statuses are not used by Stadtbote', at);
  }
  const recipient = identity(phone, nonEmpty(status.recipient_user_id) ?? nonEmpty(contact?.user_id));
  const orderKey = orderKeyOf(recipient);
  if (orderKey === undefined) return ignoredEvent(raw, 'status without recipient', at);
  const event: StatusEvent = {
    kind: 'status',
    key: `status:${id}:${known}`,
    orderKey,
    at,
    raw,
    externalId: id,
    status: known,
    recipient,
  };
  const pricing = pricingOf(status.pricing);
  const errors = asList(status.errors).map(webhookError);
  const correlation = nonEmpty(status.biz_opaque_callback_data);
  if (pricing !== undefined) event.pricing = pricing;
  if (errors.length > 0) event.errors = errors;
  if (correlation !== undefined) event.correlation = correlation;
  return event;
}

/** The `value` of a `messages` change → its events. */
export function normalizeMessagesValue(value: JsonObject, fallbackAt: Date): InboundEvent[] {
  const context: ValueContext = { metadata: value.metadata, contacts: asList(value.contacts), at: fallbackAt };
  const events: InboundEvent[] = [
    ...asList(value.messages).map((message) => normalizeMessage(message, context)),
    ...asList(value.statuses).map((status) => normalizeStatus(status, context)),
  ];
  const errors = asList(value.errors);
  if (errors.length > 0) {
    // Value-level errors: a system or account problem not tied to one message.
    const raw = { metadata: value.metadata, errors };
    const key = `channel_error:${hashJson(raw)}`;
    events.push({ kind: 'channel_error', key, orderKey: key, at: fallbackAt, raw, errors: errors.map(webhookError) });
  }
  if (events.length === 0) events.push(ignoredEvent({ field: 'messages', value }, 'messages change without messages, statuses or errors', fallbackAt));
  return events;
}

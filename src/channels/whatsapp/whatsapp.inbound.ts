/**
 * The inbound side of the WhatsApp channel (whatsapp-cloud-api.md §3; architecture decision 4):
 * the webhook signature, the verification handshake and the normalisation of a signed payload
 * into {@link InboundEvent}s.
 *
 * `normalizeWebhook` never throws: a correctly signed payload is always stored, and whatever the
 * product cannot use becomes an 'ignored' event with a reason (reasons never contain personal data).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundEvent } from '../channel.js';
import { findContact, identity, ignoredEvent, normalizeMessagesValue, orderKeyOf, rawPart } from './whatsapp.inbound.messages.js';
import {
  asList,
  asObject,
  asString,
  digitsOf,
  hashJson,
  idString,
  type JsonObject,
  nonEmpty,
  parseUnixSeconds,
  safeName,
} from './whatsapp.json.js';

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;
const GROUP_FIELDS = new Set(['group_lifecycle_update', 'group_settings_update', 'group_participants_update', 'group_participant_update']);

/**
 * Checks `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(raw body, app secret)>` over the raw bytes,
 * in constant time. False when the header is missing or malformed, or the secret is empty.
 */
export function verifySignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (header === undefined || appSecret === '') return false;
  const hex = SIGNATURE.exec(header.trim())?.[1];
  if (hex === undefined) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

/** Constant-time string equality (hashing first makes the lengths equal). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `hub.mode` etc. as flat keys (Fastify's default) or nested under `hub` (qs-style parsers). */
function hubParam(query: Record<string, unknown>, name: string): unknown {
  return query[`hub.${name}`] ?? asObject(query.hub)?.[name];
}

/**
 * The verification handshake (§3.1): returns `hub.challenge` when `hub.mode` is "subscribe" and
 * `hub.verify_token` equals our token (constant-time), else null (answer with a 4xx).
 */
export function verifyHandshake(query: Record<string, unknown>, verifyToken: string): string | null {
  const mode = hubParam(query, 'mode');
  const token = hubParam(query, 'verify_token');
  const challenge = hubParam(query, 'challenge');
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || challenge === '' || verifyToken === '') {
    return null;
  }
  return sameSecret(token, verifyToken) ? challenge : null;
}

function lower(value: unknown): string | undefined {
  return nonEmpty(value)?.toLowerCase();
}

/** `user_preferences` (§4 opt-out): marketing stop/resume → 'preference'. */
function normalizePreferences(value: JsonObject, at: Date): InboundEvent[] {
  const contacts = asList(value.contacts);
  const items = asList(value.user_preferences);
  if (items.length === 0) return [ignoredEvent({ field: 'user_preferences', value }, 'user_preferences change without preferences', at)];
  return items.map((item): InboundEvent => {
    const preference = asObject(item) ?? {};
    const phone = digitsOf(preference.wa_id);
    const userId = nonEmpty(preference.user_id);
    const contact = findContact(contacts, phone, userId, { strict: phone !== undefined || userId !== undefined });
    const raw = rawPart('preference', item, contact, value.metadata);
    const when = parseUnixSeconds(preference.timestamp) ?? at;
    const who = identity(phone ?? digitsOf(contact?.wa_id), userId ?? nonEmpty(contact?.user_id));
    const category = asString(preference.category);
    const choice = asString(preference.value);
    if (category !== 'marketing_messages' || (choice !== 'stop' && choice !== 'resume')) {
      return ignoredEvent(raw, `user preference '${safeName(category)}' = '${safeName(choice)}' is not used by Stadtbote`, when);
    }
    const orderKey = orderKeyOf(who);
    if (orderKey === undefined) return ignoredEvent(raw, 'user preference without user identity', when);
    return { kind: 'preference', key: `preference:${hashJson(raw)}`, orderKey, at: when, raw, who, category: 'marketing', value: choice };
  });
}

type TemplateStatusEvent = Extract<InboundEvent, { kind: 'template_status' }>;

function templateEvent(
  value: JsonObject,
  at: Date,
  event: string,
  details: { reason?: string; category?: string; previousCategory?: string },
): InboundEvent {
  const name = nonEmpty(value.message_template_name);
  const id = idString(value.message_template_id);
  if (name === undefined) return ignoredEvent({ value }, 'template update without template name', at);
  const language = nonEmpty(value.message_template_language);
  const result: TemplateStatusEvent = {
    kind: 'template_status',
    key: `template_status:${id ?? name}:${event}:${hashJson(value).slice(0, 16)}`,
    orderKey: `template:${name}`,
    at,
    raw: value,
    template: { name, ...(language !== undefined ? { language } : {}), ...(id !== undefined ? { id } : {}) },
    event,
  };
  if (details.reason !== undefined) result.reason = details.reason;
  if (details.category !== undefined) result.category = details.category;
  if (details.previousCategory !== undefined) result.previousCategory = details.previousCategory;
  return result;
}

/** `message_template_status_update`: approved, rejected, paused, disabled, … (lower case). */
function normalizeTemplateStatus(value: JsonObject, at: Date): InboundEvent {
  const event = lower(value.event);
  if (event === undefined) return ignoredEvent({ value }, 'template status update without event', at);
  // Meta sends reason "NONE" or null when there is none; pauses explain themselves in other_info.
  const code = nonEmpty(value.reason);
  const reasonParts = [
    code !== undefined && code.toUpperCase() !== 'NONE' ? code : undefined,
    nonEmpty(asObject(value.other_info)?.title),
    nonEmpty(asObject(value.rejection_info)?.reason),
  ].filter((part): part is string => part !== undefined);
  return templateEvent(value, at, event, {
    ...(reasonParts.length > 0 ? { reason: reasonParts.join(': ') } : {}),
    ...(lower(value.message_template_category) !== undefined ? { category: lower(value.message_template_category) } : {}),
  });
}

/**
 * `template_category_update`: a completed change (`previous_category` → `new_category`) is
 * 'category_changed'; an announced one (`correct_category` from `category_update_timestamp`,
 * `new_category` being the current) is 'category_change_scheduled'.
 */
function normalizeTemplateCategory(value: JsonObject, at: Date): InboundEvent {
  const next = lower(value.new_category);
  const correct = lower(value.correct_category);
  if (correct !== undefined) {
    const when = parseUnixSeconds(value.category_update_timestamp);
    return templateEvent(value, at, 'category_change_scheduled', {
      category: correct,
      ...(next !== undefined ? { previousCategory: next } : {}),
      ...(when !== undefined ? { reason: `takes effect ${when.toISOString()}` } : {}),
    });
  }
  if (next === undefined) return ignoredEvent({ value }, 'template category update without category', at);
  const previous = lower(value.previous_category);
  return templateEvent(value, at, 'category_changed', { category: next, ...(previous !== undefined ? { previousCategory: previous } : {}) });
}

function normalizeChange(change: unknown, at: Date): InboundEvent[] {
  const object = asObject(change);
  const value = asObject(object?.value);
  const field = asString(object?.field);
  if (object === undefined || value === undefined) return [ignoredEvent(change, 'webhook change without a value object', at)];
  switch (field) {
    case 'messages':
      return normalizeMessagesValue(value, at);
    case 'user_preferences':
      return normalizePreferences(value, at);
    case 'message_template_status_update':
      return [normalizeTemplateStatus(value, at)];
    case 'template_category_update':
      return [normalizeTemplateCategory(value, at)];
    default:
      if (field !== undefined && GROUP_FIELDS.has(field)) {
        return [ignoredEvent(change, `group events are not used by Stadtbote (field '${field}')`, at)];
      }
      return [ignoredEvent(change, `webhook field '${safeName(field)}' is not handled by Stadtbote`, at)];
  }
}

/**
 * Turns a verified webhook payload into events: every entry, every change, every message and
 * status. Parts without a timestamp take the entry's `time`, else `receivedAt` (pass the
 * product clock's now; defaults to the Unix epoch so that this function stays pure).
 */
export function normalizeWebhook(payload: unknown, receivedAt: Date = new Date(0)): InboundEvent[] {
  const root = asObject(payload);
  if (root === undefined) return [ignoredEvent(payload, 'webhook payload is not a JSON object', receivedAt)];
  if (root.object !== 'whatsapp_business_account') {
    return [ignoredEvent(payload, `webhook object '${safeName(root.object)}' is not handled by Stadtbote`, receivedAt)];
  }
  if (!Array.isArray(root.entry)) return [ignoredEvent(payload, 'webhook payload without entry list', receivedAt)];
  const events: InboundEvent[] = [];
  for (const item of root.entry) {
    const entry = asObject(item);
    if (entry === undefined || !Array.isArray(entry.changes)) {
      events.push(ignoredEvent(item, 'webhook entry without changes', receivedAt));
      continue;
    }
    const at = parseUnixSeconds(entry.time) ?? receivedAt;
    for (const change of entry.changes) {
      try {
        events.push(...normalizeChange(change, at));
      } catch (error) {
        // Defensive: a bug here must not cost a signed delivery; the change is kept for a look.
        const kind = error instanceof Error ? error.name : 'unknown';
        events.push(ignoredEvent(change, `change could not be normalised (${safeName(kind)})`, at));
      }
    }
  }
  return events;
}

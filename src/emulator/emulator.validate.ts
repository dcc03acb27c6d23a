/**
 * Validation of `POST /{version}/{phone-number-id}/messages` bodies like Meta's
 * (whatsapp-cloud-api.md §1.1–1.4). Hand-written, allocation-light, no per-request compilation.
 *
 * Codes: 100 for the envelope (and wrong JSON types), 131008 for a required field missing inside
 * the type's object, 131009 for a value outside Meta's limits; `details` names the field.
 */
import type { MetaApiError } from './emulator.errors.js';
import { metaError } from './emulator.errors.js';
import { validateInteractive } from './interactive.validate.js';
import type { Obj } from './validate.helpers.js';
import { isObj, optionalString, requireString } from './validate.helpers.js';

export const SEND_TYPES = [
  'audio',
  'contacts',
  'document',
  'image',
  'interactive',
  'location',
  'reaction',
  'sticker',
  'template',
  'text',
  'video',
] as const;
export type SendType = (typeof SEND_TYPES)[number];
export const MEDIA_TYPES = new Set<string>(['audio', 'document', 'image', 'sticker', 'video']);
const TYPE_SET = new Set<string>(SEND_TYPES);
const TYPE_LIST = SEND_TYPES.map((t) => t.toUpperCase()).join(', ');

export interface SendRequest {
  kind: 'send';
  to: string;
  type: SendType;
  content: Record<string, unknown>;
  contextId: string | null;
  bizOpaque: string | null;
}

export interface ReadRequest {
  kind: 'read';
  messageId: string;
  typing: boolean;
}

function validateText(text: Obj): MetaApiError | null {
  const body = requireString(text, 'body', "text['body']");
  if (typeof body !== 'string') return body;
  if (body.length > 4096) return metaError(100, "Param text['body'] must be at most 4096 characters long.");
  if (text.preview_url !== undefined && typeof text.preview_url !== 'boolean') {
    return metaError(100, "Param text['preview_url'] must be a boolean.");
  }
  return null;
}

function validateMedia(type: string, media: Obj): MetaApiError | null {
  const hasId = media.id !== undefined && media.id !== null && media.id !== '';
  const hasLink = media.link !== undefined && media.link !== null && media.link !== '';
  if (!hasId && !hasLink) return metaError(131008, `The parameter ${type}['id'] or ${type}['link'] is required.`);
  if (hasId && hasLink) return metaError(131009, `Param ${type} must have either 'id' or 'link', not both.`);
  if (hasId && typeof media.id !== 'string') return metaError(100, `Param ${type}['id'] must be a string.`);
  if (hasLink && (typeof media.link !== 'string' || !/^https?:\/\/\S+$/i.test(media.link))) {
    return metaError(131009, `Param ${type}['link'] must be a valid http(s) URL.`);
  }
  if (type === 'image' || type === 'video' || type === 'document') {
    const caption = optionalString(media, 'caption', `${type}['caption']`, 1024, 'Caption');
    if (caption) return caption;
  }
  if (type === 'document') return optionalString(media, 'filename', "document['filename']", 240, 'Filename');
  return null;
}

function coordinate(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

function validateLocation(location: Obj): MetaApiError | null {
  for (const [key, limit] of [['latitude', 90], ['longitude', 180]] as const) {
    if (location[key] === undefined || location[key] === null || location[key] === '') {
      return metaError(131008, `The parameter location['${key}'] is required.`);
    }
    const n = coordinate(location[key]);
    if (n === null || Math.abs(n) > limit) return metaError(131009, `Param location['${key}'] must be a number between -${limit} and ${limit}.`);
  }
  return optionalString(location, 'name', "location['name']", 1000) ?? optionalString(location, 'address', "location['address']", 1000);
}

function validateReaction(reaction: Obj): MetaApiError | null {
  const id = requireString(reaction, 'message_id', "reaction['message_id']");
  if (typeof id !== 'string') return id;
  if (reaction.emoji !== undefined && typeof reaction.emoji !== 'string') return metaError(100, "Param reaction['emoji'] must be a string.");
  return null;
}

function validateTemplate(template: Obj): MetaApiError | null {
  const name = requireString(template, 'name', "template['name']");
  if (typeof name !== 'string') return name;
  if (!isObj(template.language)) return metaError(131008, "The parameter template['language'] is required.");
  const code = requireString(template.language, 'code', "template['language']['code']");
  if (typeof code !== 'string') return code;
  if (template.components !== undefined && !Array.isArray(template.components)) {
    return metaError(100, "Param template['components'] must be an array.");
  }
  for (const component of (template.components as unknown[] | undefined) ?? []) {
    if (!isObj(component) || typeof component.type !== 'string') {
      return metaError(131008, "The parameter template['components'][i]['type'] is required.");
    }
    if (component.parameters !== undefined && !Array.isArray(component.parameters)) {
      return metaError(100, "Param template['components'][i]['parameters'] must be an array.");
    }
  }
  return null;
}

function validateContacts(contacts: unknown): MetaApiError | null {
  if (!Array.isArray(contacts) || contacts.length === 0) return metaError(131008, 'The parameter contacts is required.');
  for (const contact of contacts) {
    if (!isObj(contact) || !isObj(contact.name) || typeof contact.name.formatted_name !== 'string') {
      return metaError(131008, "The parameter contacts[i]['name']['formatted_name'] is required.");
    }
  }
  return null;
}

function validateTyped(type: SendType, content: unknown): MetaApiError | null {
  if (type === 'contacts') return validateContacts(content);
  if (!isObj(content)) return metaError(100, `The parameter ${type} is required.`);
  switch (type) {
    case 'text':
      return validateText(content);
    case 'location':
      return validateLocation(content);
    case 'interactive':
      return validateInteractive(content);
    case 'reaction':
      return validateReaction(content);
    case 'template':
      return validateTemplate(content);
    default:
      return validateMedia(type, content);
  }
}

/** Validates a `/messages` body: a send, or a mark-as-read (with optional typing indicator). */
export function validateMessagesBody(body: unknown): SendRequest | ReadRequest | MetaApiError {
  if (!isObj(body)) return metaError(100, 'The request body must be a JSON object.');
  if (body.messaging_product === undefined) return metaError(100, 'The parameter messaging_product is required.');
  if (body.messaging_product !== 'whatsapp') {
    return metaError(100, `Param messaging_product must be one of {WHATSAPP} - got "${String(body.messaging_product)}".`);
  }
  if (body.status !== undefined) {
    if (body.status !== 'read') return metaError(100, `Param status must be one of {READ} - got "${String(body.status)}".`);
    if (typeof body.message_id !== 'string' || body.message_id === '') return metaError(100, 'The parameter message_id is required.');
    const typing = body.typing_indicator;
    if (typing !== undefined && (!isObj(typing) || typing.type !== 'text')) {
      return metaError(100, "Param typing_indicator['type'] must be one of {TEXT}.");
    }
    return { kind: 'read', messageId: body.message_id, typing: typing !== undefined };
  }
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') {
    return metaError(100, `Param recipient_type must be one of {INDIVIDUAL} - got "${String(body.recipient_type)}".`);
  }
  if (typeof body.to !== 'string' || body.to.trim() === '') return metaError(100, 'The parameter to is required.');
  if (body.to.length > 256) return metaError(100, 'Param to is not a valid phone number or user id.');
  const type = body.type ?? 'text';
  if (typeof type !== 'string' || !TYPE_SET.has(type)) {
    return metaError(100, `Param type must be one of {${TYPE_LIST}} - got "${String(type)}".`);
  }
  const sendType = type as SendType;
  let contextId: string | null = null;
  if (body.context !== undefined) {
    if (!isObj(body.context) || typeof body.context.message_id !== 'string') {
      return metaError(100, "Param context['message_id'] must be a string.");
    }
    contextId = body.context.message_id;
  }
  let bizOpaque: string | null = null;
  if (body.biz_opaque_callback_data !== undefined) {
    if (typeof body.biz_opaque_callback_data !== 'string' || body.biz_opaque_callback_data.length > 512) {
      return metaError(100, 'Param biz_opaque_callback_data must be a string of at most 512 characters.');
    }
    bizOpaque = body.biz_opaque_callback_data;
  }
  const content = body[sendType];
  const invalid = validateTyped(sendType, content);
  if (invalid) return invalid;
  return {
    kind: 'send',
    to: body.to.trim(),
    type: sendType,
    content: (sendType === 'contacts' ? { contacts: content } : content) as Record<string, unknown>,
    contextId,
    bizOpaque,
  };
}

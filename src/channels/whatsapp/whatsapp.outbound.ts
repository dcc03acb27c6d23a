/**
 * Outgoing messages → Meta's `/messages` JSON (whatsapp-cloud-api.md §1). Pure functions.
 *
 * These builders trust their input: `validateOutgoing` (whatsapp.limits.ts) runs first and
 * rejects what Meta would reject. A builder only leaves out what the variant cannot carry.
 */
import type { ChannelIdentity, MediaKind, OutgoingMessage, TemplateParameter } from '../channel.js';
import type {
  WaInteractive,
  WaMarkReadBody,
  WaMediaObject,
  WaMediaRef,
  WaSendBody,
  WaSendContent,
  WaTemplate,
  WaTemplateComponent,
  WaTemplateParameter,
} from './whatsapp.payloads.js';

/**
 * The `to` of a send request: "+" and the phone digits when the phone is known (without "+"
 * Meta would prepend the business number's country code, §1.1), else the BSUID. Null when the
 * identity has neither.
 */
export function recipientAddress(to: ChannelIdentity): string | null {
  const digits = to.phone?.replace(/\D/g, '') ?? '';
  if (digits !== '') return `+${digits}`;
  const userId = to.userId?.trim() ?? '';
  return userId !== '' ? userId : null;
}

function mediaRef(source: { mediaId: string } | { link: string }): WaMediaRef {
  return 'mediaId' in source ? { id: source.mediaId } : { link: source.link };
}

function withOptional<T extends object>(base: T, extra: Record<string, string | undefined>): T {
  const result = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) result[key] = value;
  return result as T;
}

function textHeaderAndFooter(message: { header?: string; footer?: string }): {
  header?: { type: 'text'; text: string };
  footer?: { text: string };
} {
  return {
    ...(message.header !== undefined ? { header: { type: 'text' as const, text: message.header } } : {}),
    ...(message.footer !== undefined ? { footer: { text: message.footer } } : {}),
  };
}

function templateText(param: TemplateParameter): WaTemplateParameter {
  return param.name !== undefined
    ? { type: 'text', parameter_name: param.name, text: param.text }
    : { type: 'text', text: param.text };
}

function buildTemplate(message: Extract<OutgoingMessage, { type: 'template' }>): WaTemplate {
  const components: WaTemplateComponent[] = [];
  const header = message.header;
  if (header !== undefined) {
    const parameter: WaTemplateParameter =
      header.type === 'text'
        ? { type: 'text', text: header.text }
        : header.type === 'image'
          ? { type: 'image', image: mediaRef(header.source) }
          : header.type === 'video'
            ? { type: 'video', video: mediaRef(header.source) }
            : { type: 'document', document: mediaRef(header.source) };
    components.push({ type: 'header', parameters: [parameter] });
  }
  if (message.body !== undefined && message.body.length > 0) {
    components.push({ type: 'body', parameters: message.body.map(templateText) });
  }
  for (const reply of message.quickReplies ?? []) {
    components.push({
      type: 'button',
      sub_type: 'quick_reply',
      index: String(reply.index),
      parameters: [{ type: 'payload', payload: reply.payload }],
    });
  }
  const template: WaTemplate = { name: message.name, language: { code: message.language } };
  if (components.length > 0) template.components = components;
  return template;
}

function buildMedia(kind: MediaKind, message: Extract<OutgoingMessage, { type: 'media' }>): WaSendContent {
  const ref = mediaRef(message.source);
  // Captions only on image/video/document, filenames only on documents (§1.2).
  const captioned: WaMediaObject = withOptional(ref, { caption: message.caption });
  switch (kind) {
    case 'image':
      return { type: 'image', image: captioned };
    case 'video':
      return { type: 'video', video: captioned };
    case 'document':
      return { type: 'document', document: withOptional(captioned, { filename: message.filename }) };
    case 'audio':
      return { type: 'audio', audio: ref };
    case 'sticker':
      return { type: 'sticker', sticker: ref };
  }
}

type InteractiveMessage = Extract<OutgoingMessage, { type: 'buttons' | 'list' | 'location_request' }>;

function buildInteractive(message: InteractiveMessage): WaInteractive {
  switch (message.type) {
    case 'buttons':
      return {
        type: 'button',
        ...textHeaderAndFooter(message),
        body: { text: message.text },
        action: { buttons: message.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
      };
    case 'list':
      return {
        type: 'list',
        ...textHeaderAndFooter(message),
        body: { text: message.text },
        action: {
          button: message.button,
          sections: message.sections.map((section) =>
            withOptional(
              { rows: section.rows.map((row) => withOptional({ id: row.id, title: row.title }, { description: row.description })) },
              { title: section.title },
            ),
          ),
        },
      };
    case 'location_request':
      return { type: 'location_request_message', body: { text: message.text }, action: { name: 'send_location' } };
  }
}

function buildContent(message: OutgoingMessage): WaSendContent {
  switch (message.type) {
    case 'buttons':
    case 'list':
    case 'location_request':
      return { type: 'interactive', interactive: buildInteractive(message) };
    case 'text':
      return { type: 'text', text: { body: message.text, preview_url: message.previewUrl ?? false } };
    case 'media':
      return buildMedia(message.media, message);
    case 'location':
      return {
        type: 'location',
        location: withOptional(
          { latitude: message.latitude, longitude: message.longitude },
          { name: message.name, address: message.address },
        ),
      };
    case 'template':
      return { type: 'template', template: buildTemplate(message) };
    case 'reaction':
      return { type: 'reaction', reaction: { message_id: message.messageId, emoji: message.emoji } };
  }
}

/**
 * Builds the JSON body of `POST /{phone-number-id}/messages` for any {@link OutgoingMessage}.
 * `replyTo` becomes `context.message_id` (not for reactions, which already name their message);
 * `correlation` becomes `biz_opaque_callback_data`, echoed in status webhooks.
 * Throws when the identity has neither phone nor user id (a programming error).
 */
export function buildMessageBody(
  to: ChannelIdentity,
  message: OutgoingMessage,
  options: { correlation?: string } = {},
): WaSendBody {
  const address = recipientAddress(to);
  if (address === null) throw new Error('recipient has neither phone nor user id');
  const body: WaSendBody = { messaging_product: 'whatsapp', recipient_type: 'individual', to: address, ...buildContent(message) };
  if (message.replyTo !== undefined && message.type !== 'reaction') body.context = { message_id: message.replyTo };
  if (options.correlation !== undefined) body.biz_opaque_callback_data = options.correlation;
  return body;
}

/** Mark-as-read body (§1.4); with `typing` the user also sees a typing indicator (≤ 25 s). */
export function buildMarkReadBody(messageId: string, options: { typing?: boolean } = {}): WaMarkReadBody {
  const body: WaMarkReadBody = { messaging_product: 'whatsapp', status: 'read', message_id: messageId };
  if (options.typing === true) body.typing_indicator = { type: 'text' };
  return body;
}

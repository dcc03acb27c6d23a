/**
 * Our table of WhatsApp's message limits (whatsapp-cloud-api.md §1.2, §1.3, §2) and the check
 * every outgoing message passes before it is sent. The emulator reuses the same numbers.
 *
 * Lengths count Unicode code points ("ä" and "👍" are one character each), as JSON Schema's
 * `maxLength` does in the spec conformance test.
 */
import type { ChannelError, MediaKind, OutgoingMessage, TemplateParameter } from '../channel.js';

export interface Limit {
  /** Human name used in error details, e.g. "button title". */
  readonly label: string;
  readonly max: number;
  /** For counts; text fields that are required have a minimum of 1 character. */
  readonly min?: number;
}

/** Length and count limits. Where sources conflict, the stricter value is used (noted). */
export const WHATSAPP_LIMITS = {
  textBody: { label: 'text body', max: 4096 },
  mediaCaption: { label: 'media caption', max: 1024 },
  /** Reply buttons and lists. Lists allow 4,096 per docs, the spec says 1,024: stricter wins. */
  interactiveBody: { label: 'interactive body', max: 1024 },
  footer: { label: 'footer', max: 60 },
  textHeader: { label: 'text header', max: 60 },
  buttonCount: { label: 'reply buttons', min: 1, max: 3 },
  buttonTitle: { label: 'button title', max: 20 },
  buttonId: { label: 'button id', max: 256 },
  listButton: { label: 'list button label', max: 20 },
  listSections: { label: 'list sections', min: 1, max: 10 },
  /** Docs: 10 rows across all sections (the spec says per section): stricter wins. */
  listRows: { label: 'list rows in total', min: 1, max: 10 },
  sectionTitle: { label: 'section title', max: 24 },
  rowId: { label: 'row id', max: 200 },
  rowTitle: { label: 'row title', max: 24 },
  rowDescription: { label: 'row description', max: 72 },
  locationRequestBody: { label: 'location request body', max: 1024 },
  templateName: { label: 'template name', max: 512 },
  /** A parameter can never be longer than the 1,024-character template body it fills. */
  templateBodyParameter: { label: 'template body parameter', max: 1024 },
  templateHeaderText: { label: 'template header text', max: 60 },
  quickReplyIndex: { label: 'quick-reply button index', min: 0, max: 9 },
  /** Our own cap for `biz_opaque_callback_data`; we only put short ids there. */
  correlation: { label: 'correlation data', max: 512 },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof WHATSAPP_LIMITS;

/** Template text parameters: no newline or tab, at most four consecutive spaces (Meta 132018). */
export const TEMPLATE_PARAMETER_FORBIDDEN = /[\n\r\t]| {5,}/;
/** Named parameters: `{{first_name}}` style, lower case letters, digits and underscores. */
export const TEMPLATE_PARAMETER_NAME = /^[a-z_][a-z0-9_]*$/;

export interface MediaRule {
  readonly mimeTypes: readonly string[];
  /** Bytes (decimal megabytes, the smaller reading of Meta's "MB"). */
  readonly maxBytes: number;
  readonly caption: boolean;
  readonly filename: boolean;
}

/** Supported media types and sizes, §2. Stickers: 500 KB animated (100 KB static). */
export const WHATSAPP_MEDIA: Readonly<Record<MediaKind, MediaRule>> = {
  image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5_000_000, caption: true, filename: false },
  document: {
    mimeTypes: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100_000_000,
    caption: true,
    filename: true,
  },
  audio: {
    mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'],
    maxBytes: 16_000_000,
    caption: false,
    filename: false,
  },
  video: { mimeTypes: ['video/mp4', 'video/3gpp'], maxBytes: 16_000_000, caption: true, filename: false },
  sticker: { mimeTypes: ['image/webp'], maxBytes: 500_000, caption: false, filename: false },
};

/** The media kind a MIME type may be uploaded as (parameters like "; codecs=opus" ignored). */
export function mediaKindOf(mimeType: string): MediaKind | null {
  const bare = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  for (const [kind, rule] of Object.entries(WHATSAPP_MEDIA) as [MediaKind, MediaRule][]) {
    if (rule.mimeTypes.includes(bare)) return kind;
  }
  return null;
}

/** Length in Unicode code points. */
export function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function limitError(name: LimitName, details: string): ChannelError {
  return { code: `limit:${name}`, title: 'Message exceeds a WhatsApp limit', reason: 'limit_exceeded', retryable: false, details };
}

function invalid(code: string, details: string): ChannelError {
  return { code: `invalid:${code}`, title: 'Message not valid for WhatsApp', reason: 'invalid_request', retryable: false, details };
}

function describeLimit(limit: Limit): string {
  return limit.min !== undefined ? `${limit.label} ${limit.min}–${limit.max}` : `${limit.label} ≤ ${limit.max}`;
}

/**
 * Checks a text against a length limit. `quote` puts the value into the details: only for short
 * labels we wrote ourselves (button and row titles), never for message texts.
 */
function checkText(name: LimitName, value: string, opts: { quote?: boolean; required?: boolean } = {}): ChannelError | null {
  const limit: Limit = WHATSAPP_LIMITS[name];
  const count = charCount(value);
  const shown = opts.quote === true ? ` '${value}'` : '';
  if (opts.required !== false && value.trim() === '') {
    return limitError(name, `${limit.label}${shown} is empty (limit: ${limit.label} 1–${limit.max} characters)`);
  }
  if (count > limit.max) {
    return limitError(
      name,
      `${limit.label}${shown} (${count} characters) exceeds ${limit.max} characters (limit: ${describeLimit(limit)})`,
    );
  }
  return null;
}

function checkCount(name: LimitName, count: number): ChannelError | null {
  const limit: Limit = WHATSAPP_LIMITS[name];
  if (count > limit.max) {
    return limitError(name, `${count} ${limit.label} exceed the maximum of ${limit.max} (limit: ${describeLimit(limit)})`);
  }
  if (limit.min !== undefined && count < limit.min) {
    return limitError(name, `${count} ${limit.label} are below the minimum of ${limit.min} (limit: ${describeLimit(limit)})`);
  }
  return null;
}

function firstDuplicate(values: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return null;
}

function checkUnique(name: LimitName, values: readonly string[], quote: boolean): ChannelError | null {
  const duplicate = firstDuplicate(values);
  if (duplicate === null) return null;
  const label = WHATSAPP_LIMITS[name].label;
  const shown = quote ? ` '${duplicate}'` : '';
  return limitError(name, `${label}${shown} appears more than once (limit: each ${label} must be unique)`);
}

function checkLink(source: { mediaId: string } | { link: string }): ChannelError | null {
  if ('mediaId' in source) return source.mediaId.trim() === '' ? invalid('media_id', 'media id is empty') : null;
  let url: URL;
  try {
    url = new URL(source.link);
  } catch {
    return invalid('media_link', 'media link is not a URL');
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? null : invalid('media_link', 'media link must be http(s)');
}

/** Runs the checks in order and returns the first failure. */
function first(...checks: (() => ChannelError | null)[]): ChannelError | null {
  for (const check of checks) {
    const error = check();
    if (error !== null) return error;
  }
  return null;
}

function checkTemplateText(name: 'templateBodyParameter' | 'templateHeaderText', text: string, what: string): ChannelError | null {
  if (TEMPLATE_PARAMETER_FORBIDDEN.test(text)) {
    return limitError(
      name,
      `${what} contains a newline, a tab or more than four consecutive spaces (limit: template parameters are single-line)`,
    );
  }
  return checkText(name, text);
}

function checkBodyParameters(params: readonly TemplateParameter[]): ChannelError | null {
  const named = params.filter((p) => p.name !== undefined);
  if (named.length > 0 && named.length < params.length) {
    return invalid('template_parameters', 'template body parameters must be all named or all positional');
  }
  for (const [i, param] of params.entries()) {
    const what = param.name !== undefined ? `template parameter '${param.name}'` : `template parameter ${i + 1}`;
    if (param.name !== undefined && !TEMPLATE_PARAMETER_NAME.test(param.name)) {
      return invalid('template_parameter_name', `${what} must use lower case letters, digits and underscores`);
    }
    const error = checkTemplateText('templateBodyParameter', param.text, what);
    if (error !== null) return error;
  }
  const duplicate = firstDuplicate(named.map((p) => p.name ?? ''));
  return duplicate === null ? null : invalid('template_parameter_name', `template parameter '${duplicate}' is given twice`);
}

function validateTemplate(message: Extract<OutgoingMessage, { type: 'template' }>): ChannelError | null {
  const header = message.header;
  const quickReplies = message.quickReplies ?? [];
  return first(
    () => checkText('templateName', message.name),
    () => (message.language.trim() === '' ? invalid('template_language', 'template language is empty') : null),
    () => {
      if (header === undefined) return null;
      return header.type === 'text' ? checkTemplateText('templateHeaderText', header.text, 'template header text') : checkLink(header.source);
    },
    () => checkBodyParameters(message.body ?? []),
    () => {
      const limit = WHATSAPP_LIMITS.quickReplyIndex;
      const bad = quickReplies.find((q) => !Number.isInteger(q.index) || q.index < limit.min || q.index > limit.max);
      return bad === undefined
        ? null
        : limitError('quickReplyIndex', `quick-reply button index ${bad.index} is out of range (limit: ${describeLimit(limit)})`);
    },
    () => checkUnique('quickReplyIndex', quickReplies.map((q) => String(q.index)), true),
    () => (quickReplies.some((q) => q.payload === '') ? invalid('quick_reply_payload', 'quick-reply payload is empty') : null),
  );
}

/**
 * Checks an outgoing message against WhatsApp's limits (our table above).
 * Returns null when the message may be sent, else a permanent error naming the limit:
 * reason 'limit_exceeded' for lengths, counts and uniqueness, 'invalid_request' for malformed parts.
 */
export function validateOutgoing(message: OutgoingMessage): ChannelError | null {
  if (message.replyTo !== undefined && message.replyTo.trim() === '') {
    return invalid('reply_to', 'replyTo is empty');
  }
  switch (message.type) {
    case 'text':
      return checkText('textBody', message.text);
    case 'buttons':
      return first(
        () => checkText('interactiveBody', message.text),
        () => (message.header === undefined ? null : checkText('textHeader', message.header)),
        () => (message.footer === undefined ? null : checkText('footer', message.footer)),
        () => checkCount('buttonCount', message.buttons.length),
        ...message.buttons.map((b) => () => checkText('buttonTitle', b.title, { quote: true })),
        ...message.buttons.map((b) => () => checkText('buttonId', b.id)),
        () => checkUnique('buttonTitle', message.buttons.map((b) => b.title), true),
        () => checkUnique('buttonId', message.buttons.map((b) => b.id), false),
      );
    case 'list': {
      const rows = message.sections.flatMap((s) => s.rows);
      return first(
        () => checkText('interactiveBody', message.text),
        () => (message.header === undefined ? null : checkText('textHeader', message.header)),
        () => (message.footer === undefined ? null : checkText('footer', message.footer)),
        () => checkText('listButton', message.button, { quote: true }),
        () => checkCount('listSections', message.sections.length),
        () => checkCount('listRows', rows.length),
        ...message.sections.map((s) => () => {
          if (s.title !== undefined) return checkText('sectionTitle', s.title, { quote: true });
          return message.sections.length > 1
            ? limitError('sectionTitle', 'section title is missing (limit: section title required when a list has more than one section)')
            : null;
        }),
        ...rows.map((r) => () => checkText('rowTitle', r.title, { quote: true })),
        ...rows.map((r) => () => checkText('rowId', r.id)),
        ...rows.map((r) => () => (r.description === undefined ? null : checkText('rowDescription', r.description, { required: false }))),
        () => checkUnique('rowId', rows.map((r) => r.id), false),
      );
    }
    case 'media': {
      const rule = WHATSAPP_MEDIA[message.media];
      return first(
        () => checkLink(message.source),
        () =>
          message.caption !== undefined && !rule.caption
            ? invalid('caption', `a caption is not allowed on ${message.media} messages`)
            : null,
        () =>
          message.filename !== undefined && !rule.filename
            ? invalid('filename', `a filename is only allowed on document messages, not on ${message.media}`)
            : null,
        () => (message.caption === undefined ? null : checkText('mediaCaption', message.caption, { required: false })),
      );
    }
    case 'location': {
      const { latitude, longitude } = message;
      const valid = Number.isFinite(latitude) && Number.isFinite(longitude) && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
      return valid ? null : invalid('location', 'latitude must be within ±90 and longitude within ±180');
    }
    case 'location_request':
      return checkText('locationRequestBody', message.text);
    case 'template':
      return validateTemplate(message);
    case 'reaction':
      // An empty emoji removes an earlier reaction, so only the message id is required.
      return message.messageId.trim() === '' ? invalid('reaction', 'reaction message id is empty') : null;
  }
}

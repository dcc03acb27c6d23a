/**
 * A citizen writes to the business: the control API's input for every inbound type, turned into
 * Meta's inbound message object (whatsapp-cloud-api.md §3.4, shared/reference/whatsapp/webhooks),
 * recorded in the user's timeline, the 24-hour window opened, the webhook sent signed.
 */
import { z } from 'zod';
import type { Emulator } from './emulator.core.js';
import type { EmulatedUser, InboundRecord } from './emulator.state.js';
import { inboundHead, inboundPayload } from './webhook.builder.js';

const media = z.object({
  data_base64: z.string().min(1),
  mime_type: z.string().min(3).max(255),
  filename: z.string().max(240).optional(),
});
const context = { context_wamid: z.string().min(1).optional(), forwarded: z.boolean().optional() };
const mediaMessage = <T extends string>(type: T) =>
  z.object({
    type: z.literal(type),
    media: media.optional(),
    media_id: z.string().optional(),
    caption: z.string().max(1024).optional(),
    filename: z.string().max(240).optional(),
    voice: z.boolean().optional(),
    animated: z.boolean().optional(),
    ...context,
  });

export const inboundSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1).max(65_536), ...context }),
  mediaMessage('image'),
  mediaMessage('document'),
  mediaMessage('audio'),
  mediaMessage('video'),
  mediaMessage('sticker'),
  z.object({
    type: z.literal('location'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().max(1000).optional(),
    address: z.string().max(1000).optional(),
    url: z.string().max(2000).optional(),
    ...context,
  }),
  z.object({ type: z.literal('button_reply'), id: z.string().min(1).max(256), title: z.string().min(1).max(20), ...context }),
  z.object({
    type: z.literal('list_reply'),
    id: z.string().min(1).max(200),
    title: z.string().min(1).max(24),
    description: z.string().max(72).optional(),
    ...context,
  }),
  z.object({ type: z.literal('button'), payload: z.string().min(1).max(256), text: z.string().min(1).max(25), ...context }),
  z.object({ type: z.literal('reaction'), message_id: z.string().min(1), emoji: z.string().max(16).optional() }),
  z.object({ type: z.literal('unsupported'), unsupported_type: z.string().max(64).optional() }),
  z.object({ type: z.literal('contacts'), contacts: z.array(z.record(z.string(), z.unknown())).min(1).max(257) }),
]);
export type InboundInput = z.output<typeof inboundSchema>;

export class InboundInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The business message a reply refers to: the given wamid, else the latest of the fitting type. */
function contextFor(emulator: Emulator, user: EmulatedUser, input: InboundInput): { from: string; id: string } | null {
  const from = emulator.config.display_phone_number;
  if ('context_wamid' in input && input.context_wamid) {
    const target = emulator.store.messages.get(input.context_wamid);
    if (!target || target.user_id !== user.id) throw new InboundInputError('context_wamid is not a message of this user', 'context_wamid');
    return { from, id: input.context_wamid };
  }
  const wanted = input.type === 'button_reply' || input.type === 'list_reply' ? 'interactive' : input.type === 'button' ? 'template' : null;
  if (!wanted) return null;
  const timeline = emulator.store.timelines.get(user.id) ?? [];
  for (let i = timeline.length - 1; i >= 0; i--) {
    const record = timeline[i];
    if (record?.direction === 'out' && record.type === wanted) return { from, id: record.wamid };
  }
  return null;
}

function mediaObject(emulator: Emulator, input: Extract<InboundInput, { media_id?: string }>, file: Buffer | null): Record<string, unknown> {
  let record = input.media_id ? emulator.store.media.get(input.media_id) : undefined;
  if (input.media_id && !record) throw new InboundInputError('media_id is not known', 'media_id');
  if (!record) {
    const data = file ?? (input.media ? Buffer.from(input.media.data_base64, 'base64') : null);
    const mime = input.media?.mime_type ?? '';
    if (!data || data.length === 0 || !mime) throw new InboundInputError('a file (media.data_base64 + media.mime_type, or multipart) is required', 'media');
    record = emulator.store.addMedia({ data, mime_type: mime, filename: input.filename ?? input.media?.filename ?? null, origin: 'user', now: emulator.nowMs() });
  }
  const out: Record<string, unknown> = {};
  if (input.caption !== undefined && input.type !== 'audio' && input.type !== 'sticker') out.caption = input.caption;
  if (input.type === 'document') out.filename = input.filename ?? record.filename ?? 'document';
  out.mime_type = record.mime_type;
  out.sha256 = record.sha256_b64;
  out.id = record.id;
  if (input.type === 'audio') out.voice = input.voice ?? false;
  if (input.type === 'sticker') out.animated = input.animated ?? false;
  return out;
}

function typedPart(emulator: Emulator, input: InboundInput, file: Buffer | null): [string, Record<string, unknown>] {
  switch (input.type) {
    case 'text':
      return ['text', { text: { body: input.text } }];
    case 'location': {
      const location: Record<string, unknown> = {};
      if (input.address !== undefined) location.address = input.address;
      location.latitude = input.latitude;
      location.longitude = input.longitude;
      if (input.name !== undefined) location.name = input.name;
      if (input.url !== undefined) location.url = input.url;
      return ['location', { location }];
    }
    case 'button_reply':
      return ['interactive', { interactive: { type: 'button_reply', button_reply: { id: input.id, title: input.title } } }];
    case 'list_reply': {
      const reply: Record<string, unknown> = { id: input.id, title: input.title };
      if (input.description !== undefined) reply.description = input.description;
      return ['interactive', { interactive: { type: 'list_reply', list_reply: reply } }];
    }
    case 'button':
      return ['button', { button: { payload: input.payload, text: input.text } }];
    case 'reaction':
      // Removing a reaction: Meta sends the reaction without an emoji.
      return ['reaction', { reaction: input.emoji ? { message_id: input.message_id, emoji: input.emoji } : { message_id: input.message_id } }];
    case 'unsupported': {
      const part: Record<string, unknown> = {
        errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
      };
      if (input.unsupported_type) part.unsupported = { type: input.unsupported_type };
      return ['unsupported', part];
    }
    case 'contacts':
      return ['contacts', { contacts: input.contacts }];
    default:
      return [input.type, { [input.type]: mediaObject(emulator, input, file) }];
  }
}

/** Records and delivers an inbound message; returns its record. Throws InboundInputError on bad references. */
export function receiveInbound(emulator: Emulator, user: EmulatedUser, input: InboundInput, file: Buffer | null = null): InboundRecord {
  const now = emulator.nowMs();
  const store = emulator.store;
  const ctx = contextFor(emulator, user, input);
  const [type, part] = typedPart(emulator, input, file);
  const wamid = store.nextWamid();
  const message: Record<string, unknown> = { ...inboundHead(user, wamid, now, type, ctx), ...part };
  if ('forwarded' in input && input.forwarded && ctx === null) message.context = { forwarded: true };
  message.from_user_id = user.bsuid;
  const record: InboundRecord = {
    direction: 'in',
    wamid,
    user_id: user.id,
    type,
    message,
    at: new Date(now).toISOString(),
    read_by_business: false,
  };
  store.append(record);
  store.stats.inbound++;
  user.last_inbound_ms = now;
  emulator.sender.send(inboundPayload(emulator.config, user, message));
  return record;
}

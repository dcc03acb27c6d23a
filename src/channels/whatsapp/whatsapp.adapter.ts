/**
 * The WhatsApp channel behind the port (architecture decision 3): validate → build → send.
 * The rest of the product sees only `ChannelPort`; this file composes the WhatsApp pieces.
 */
import type { ChannelError, ChannelPort, ChannelTemplate, OutgoingMessage, SendResult, WindowState } from '../channel.js';
import { createWhatsAppClient, type WhatsAppClient, type WhatsAppClientOptions } from './whatsapp.client.js';
import { charCount, mediaKindOf, validateOutgoing, WHATSAPP_LIMITS, WHATSAPP_MEDIA } from './whatsapp.limits.js';
import { buildMarkReadBody, buildMessageBody, recipientAddress } from './whatsapp.outbound.js';

/** The customer-service window: 24 h after the contact's last inbound message (§4). */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export type WhatsAppChannelOptions = WhatsAppClientOptions & {
  /** WHATSAPP_BUSINESS_ACCOUNT_ID: enables the template list (registry sync). */
  businessAccountId?: string | null;
};

/** The channel port plus `close()` for the HTTP pool. */
export interface WhatsAppChannel extends ChannelPort {
  close(): Promise<void>;
}

function invalid(code: string, title: string, details?: string): ChannelError {
  return { code, title, reason: 'invalid_request', retryable: false, ...(details !== undefined ? { details } : {}) };
}

/** Whether a message is inside the 24 h window: open while `at − lastInboundAt < 24 h`. */
export function windowStateAt(lastInboundAt: Date | null, at: Date): WindowState {
  if (lastInboundAt === null) return 'closed';
  return at.getTime() - lastInboundAt.getTime() < CUSTOMER_SERVICE_WINDOW_MS ? 'open' : 'closed';
}

/** Checks an upload against the supported MIME types and sizes (§2) before it leaves. */
function checkUpload(bytes: Buffer, mimeType: string): ChannelError | null {
  const kind = mediaKindOf(mimeType);
  if (kind === null) {
    return { code: 'media:mime_type', title: 'Media type not supported by WhatsApp', reason: 'media', retryable: false, details: `MIME type '${mimeType.slice(0, 100)}' is not supported` };
  }
  const max = WHATSAPP_MEDIA[kind].maxBytes;
  if (bytes.length > max) {
    return {
      code: 'limit:mediaSize',
      title: 'Message exceeds a WhatsApp limit',
      reason: 'limit_exceeded',
      retryable: false,
      details: `${kind} of ${bytes.length} bytes exceeds ${max} bytes (limit: ${kind} size ≤ ${max} bytes)`,
    };
  }
  return bytes.length === 0 ? invalid('invalid:media_empty', 'Media is empty') : null;
}

/**
 * Creates the WhatsApp channel. `client` may be passed to share or replace the HTTP client;
 * by default one is created from the options and closed by `close()`.
 */
export function createWhatsAppChannel(options: WhatsAppChannelOptions, client: WhatsAppClient = createWhatsAppClient(options)): WhatsAppChannel {
  return {
    name: 'whatsapp',

    validate(message: OutgoingMessage): ChannelError | null {
      return validateOutgoing(message);
    },

    ...(options.businessAccountId
      ? {
          async listTemplates() {
            const result = await client.listTemplates(options.businessAccountId!);
            return result.ok ? { ok: true as const, templates: result.value.map(toChannelTemplate).filter((t): t is ChannelTemplate => t !== null) } : { ok: false as const, error: result.error };
          },
        }
      : {}),

    async send(to, message, sendOptions = {}): Promise<SendResult> {
      if (recipientAddress(to) === null) return { ok: false, error: invalid('invalid:recipient', 'Recipient has neither phone nor user id') };
      const correlation = sendOptions.correlation;
      if (correlation !== undefined && charCount(correlation) > WHATSAPP_LIMITS.correlation.max) {
        return { ok: false, error: invalid('limit:correlation', 'Correlation data too long', `limit: correlation data ≤ ${WHATSAPP_LIMITS.correlation.max}`) };
      }
      const error = validateOutgoing(message);
      if (error !== null) return { ok: false, error };
      const result = await client.sendMessage(buildMessageBody(to, message, sendOptions));
      if (!result.ok) return result;
      const sent: SendResult = { ok: true, externalId: result.value.id };
      if (result.value.status !== undefined) sent.acceptance = result.value.status;
      if (result.value.recipient !== undefined) sent.recipient = result.value.recipient;
      return sent;
    },

    async markRead(externalId, markOptions = {}): Promise<SendResult> {
      if (externalId.trim() === '') return { ok: false, error: invalid('invalid:message_id', 'Message id is empty') };
      const result = await client.markRead(buildMarkReadBody(externalId, markOptions));
      return result.ok ? { ok: true, externalId } : result;
    },

    windowState: windowStateAt,

    classify(message) {
      return { form: message.type === 'template' ? 'template' : 'free_form' };
    },

    async uploadMedia(bytes, mimeType, filename) {
      const error = checkUpload(bytes, mimeType);
      if (error !== null) return { ok: false, error };
      const result = await client.uploadMedia(bytes, mimeType, filename);
      return result.ok ? { ok: true, mediaId: result.value.id } : result;
    },

    async fetchMedia(mediaId) {
      const lookup = await client.getMediaUrl(mediaId);
      if (!lookup.ok) return lookup;
      const download = await client.downloadMedia(lookup.value.url);
      if (!download.ok) return download;
      const mimeType = lookup.value.mimeType ?? download.value.mimeType ?? 'application/octet-stream';
      return { ok: true, media: { bytes: download.value.bytes, mimeType } };
    },

    async deleteMedia(mediaId) {
      const result = await client.deleteMedia(mediaId);
      return result.ok ? { ok: true } : result;
    },

    close() {
      return client.close();
    },
  };
}

/** Meta's template object → the port's; null when it lacks a name or language. */
export function toChannelTemplate(raw: Record<string, unknown>): ChannelTemplate | null {
  const name = typeof raw.name === 'string' ? raw.name : null;
  const language = typeof raw.language === 'string' ? raw.language : null;
  if (!name || !language) return null;
  const components = Array.isArray(raw.components) ? (raw.components as Record<string, unknown>[]) : [];
  const body = String(components.find((c) => String(c.type).toUpperCase() === 'BODY')?.text ?? '');
  const placeholders = new Set(body.match(/\{\{\s*[\w]+\s*\}\}/g) ?? []);
  return {
    name,
    language,
    status: String(raw.status ?? 'pending').toLowerCase(),
    category: String(raw.category ?? 'utility').toLowerCase(),
    body,
    parameterCount: placeholders.size,
    ...(typeof raw.id === 'string' ? { id: raw.id } : {}),
  };
}

/**
 * HTTP client for the Cloud API (whatsapp-cloud-api.md §1.4–§1.6, §2) over one keep-alive
 * undici `Agent`. Every call resolves to a result, never rejects: Meta's errors are classified
 * (whatsapp.errors.ts), network errors and timeouts become retryable 'network' errors.
 *
 * Nothing here logs; error details carry Meta's text or a network error code, never the token,
 * a phone number or a URL.
 */
import { Agent, FormData } from 'undici';
import type { ChannelError, ChannelIdentity } from '../channel.js';
import { classifyError } from './whatsapp.errors.js';
import { asNumber, asObject, digitsOf, nonEmpty } from './whatsapp.json.js';
import type { WaMarkReadBody, WaSendBody } from './whatsapp.payloads.js';

export interface WhatsAppClientOptions {
  /** e.g. "https://graph.facebook.com" or the emulator's ".../emulator". */
  apiUrl: string;
  /** e.g. "v23.0". */
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
  /** Send, mark-as-read, URL lookup, delete. Default 15 s. */
  requestTimeoutMs?: number;
  /** Upload and download. Default 120 s. */
  mediaTimeoutMs?: number;
  /** Largest download accepted. Default 100 MB (Meta's largest media). */
  maxDownloadBytes?: number;
  /**
   * Keep-alive connections per origin (opened on demand). Default 256: one request per connection,
   * so 1,000 messages/s at Meta's usual 50–250 ms per request needs 50–250 of them.
   */
  connections?: number;
}

export type ClientResult<T> = { ok: true; value: T } | { ok: false; error: ChannelError };

export interface SentMessage {
  id: string;
  /** Pacing status of templates: accepted | held_for_quality_assessment | paused. */
  status?: string;
  recipient?: ChannelIdentity;
}

export interface MediaUrl {
  url: string;
  mimeType?: string;
  sha256?: string;
  fileSize?: number;
}

export interface WhatsAppClient {
  sendMessage(body: WaSendBody): Promise<ClientResult<SentMessage>>;
  markRead(body: WaMarkReadBody): Promise<ClientResult<null>>;
  /** Multipart upload: messaging_product, type (MIME) and file. */
  uploadMedia(bytes: Buffer, mimeType: string, filename?: string): Promise<ClientResult<{ id: string }>>;
  getMediaUrl(mediaId: string): Promise<ClientResult<MediaUrl>>;
  /** Downloads a URL from `getMediaUrl` with the bearer token. */
  downloadMedia(url: string): Promise<ClientResult<{ bytes: Buffer; mimeType?: string }>>;
  deleteMedia(mediaId: string): Promise<ClientResult<null>>;
  /** `GET /{waba-id}/message_templates`, every page (at most 50 pages of 100). */
  listTemplates(businessAccountId: string): Promise<ClientResult<Record<string, unknown>[]>>;
  /** Closes the keep-alive connections. */
  close(): Promise<void>;
}

interface HttpResponse {
  status: number;
  contentType?: string;
  body: Buffer;
}

class TooLarge extends Error {
  override name = 'TooLarge';
}

function networkError(error: unknown): ChannelError {
  const name = error instanceof Error ? error.name : 'Error';
  const code = asObject(error)?.code;
  const timedOut = name === 'TimeoutError' || (typeof code === 'string' && code.endsWith('_TIMEOUT'));
  return {
    code: 'network',
    title: timedOut ? 'Request to the Cloud API timed out' : 'Cloud API not reachable',
    reason: 'network',
    retryable: true,
    details: typeof code === 'string' ? code : name,
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Meta's error envelope (§1.6) or, when there is none, the HTTP status. */
function httpError(response: HttpResponse): ChannelError {
  const error = asObject(asObject(parseJson(response.body))?.error);
  const code = asNumber(error?.code);
  if (error === undefined || code === undefined) {
    return classifyError({ code: `http_${response.status}`, httpStatus: response.status, title: `HTTP ${response.status}` });
  }
  // `message` is "(#130429) Rate limit hit": the title without the code prefix.
  const title = nonEmpty(error.message)?.replace(/^\(#\d+\)\s*/, '');
  const details = nonEmpty(asObject(error.error_data)?.details) ?? nonEmpty(error.error_user_msg);
  return classifyError({
    code,
    httpStatus: response.status,
    ...(title !== undefined ? { title } : {}),
    ...(details !== undefined ? { details } : {}),
    ...(error.is_transient === true ? { isTransient: true } : {}),
  });
}

function unexpected(response: HttpResponse, what: string): ChannelError {
  return { code: 'unexpected_response', title: `Unexpected ${what} response`, reason: 'unknown', retryable: false, httpStatus: response.status };
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Creates a client with its own connection pool; call `close()` when done. */
export function createWhatsAppClient(options: WhatsAppClientOptions): WhatsAppClient {
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const mediaTimeoutMs = options.mediaTimeoutMs ?? 120_000;
  const maxDownloadBytes = options.maxDownloadBytes ?? 100_000_000;
  const base = new URL(options.apiUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const agent = new Agent({
    connections: options.connections ?? 256,
    keepAliveTimeout: 30_000,
    connect: { timeout: 10_000 },
    headersTimeout: mediaTimeoutMs,
    bodyTimeout: mediaTimeoutMs,
  });
  const authorization = `Bearer ${options.accessToken}`;

  function endpoint(segments: string[], query?: Record<string, string>): URL {
    const url = new URL(`${base.origin}${prefix}/${[options.apiVersion, ...segments].map(encodeURIComponent).join('/')}`);
    for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
    return url;
  }
  /** The send endpoint, built once (sends run at up to hundreds per second). */
  const messagesUrl = endpoint([options.phoneNumberId, 'messages']);

  async function call(
    method: 'GET' | 'POST' | 'DELETE',
    url: URL,
    request: { json?: unknown; form?: FormData; timeoutMs: number; maxBytes?: number },
  ): Promise<ClientResult<HttpResponse>> {
    try {
      const headers: Record<string, string> = { authorization, accept: 'application/json, */*' };
      let body: string | FormData | undefined;
      if (request.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(request.json);
      } else if (request.form !== undefined) {
        body = request.form; // undici sets the multipart content type with its boundary
      }
      // JSON calls (sends at hundreds per second) use undici's own timers; an AbortSignal.timeout
      // per request costs a timer and a signal kept alive for the whole timeout. Media transfers
      // keep a total deadline.
      const json = request.maxBytes === undefined && request.form === undefined;
      const response = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method,
        headers,
        body,
        ...(json ? { headersTimeout: request.timeoutMs, bodyTimeout: request.timeoutMs } : { signal: AbortSignal.timeout(request.timeoutMs) }),
      });
      const limit = request.maxBytes ?? 10_000_000;
      const length = Number(response.headers['content-length']);
      let bytes: Buffer;
      if (json && Number.isInteger(length) && length <= limit) {
        bytes = Buffer.from(await response.body.arrayBuffer());
      } else {
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const chunk of response.body) {
          size += (chunk as Buffer).length;
          if (size > limit) {
            response.body.destroy();
            throw new TooLarge();
          }
          chunks.push(chunk as Buffer);
        }
        bytes = Buffer.concat(chunks);
      }
      const contentType = response.headers['content-type'];
      return {
        ok: true,
        value: { status: response.statusCode, body: bytes, ...(typeof contentType === 'string' ? { contentType } : {}) },
      };
    } catch (error) {
      if (error instanceof TooLarge) {
        return { ok: false, error: { code: 'too_large', title: 'Response larger than allowed', reason: 'media', retryable: false } };
      }
      return { ok: false, error: networkError(error) };
    }
  }

  /** Calls and parses a JSON success body; non-2xx becomes Meta's classified error. */
  async function callJson(method: 'GET' | 'POST' | 'DELETE', url: URL, request: { json?: unknown; form?: FormData; timeoutMs: number }) {
    const result = await call(method, url, request);
    if (!result.ok) return result;
    if (!isSuccess(result.value.status)) return { ok: false as const, error: httpError(result.value) };
    return { ok: true as const, value: { response: result.value, json: asObject(parseJson(result.value.body)) } };
  }

  async function expectSuccessFlag(method: 'POST' | 'DELETE', url: URL, json?: unknown): Promise<ClientResult<null>> {
    const result = await callJson(method, url, { json, timeoutMs: requestTimeoutMs });
    if (!result.ok) return result;
    return result.value.json?.success === true ? { ok: true, value: null } : { ok: false, error: unexpected(result.value.response, method) };
  }

  return {
    async sendMessage(body) {
      const result = await callJson('POST', messagesUrl, { json: body, timeoutMs: requestTimeoutMs });
      if (!result.ok) return result;
      const message = asObject(Array.isArray(result.value.json?.messages) ? result.value.json.messages[0] : undefined);
      const id = nonEmpty(message?.id);
      if (id === undefined) return { ok: false, error: unexpected(result.value.response, 'send') };
      const contact = asObject(Array.isArray(result.value.json?.contacts) ? result.value.json.contacts[0] : undefined);
      const phone = digitsOf(contact?.wa_id);
      const userId = nonEmpty(contact?.user_id);
      const status = nonEmpty(message?.message_status);
      const sent: SentMessage = { id };
      if (status !== undefined) sent.status = status;
      if (phone !== undefined || userId !== undefined) {
        sent.recipient = { ...(phone !== undefined ? { phone } : {}), ...(userId !== undefined ? { userId } : {}) };
      }
      return { ok: true, value: sent };
    },

    markRead(body) {
      return expectSuccessFlag('POST', messagesUrl, body);
    },

    async uploadMedia(bytes, mimeType, filename) {
      const form = new FormData();
      form.append('messaging_product', 'whatsapp');
      form.append('type', mimeType);
      form.append('file', new Blob([new Uint8Array(bytes)], { type: mimeType }), filename ?? 'upload');
      const result = await callJson('POST', endpoint([options.phoneNumberId, 'media']), { form, timeoutMs: mediaTimeoutMs });
      if (!result.ok) return result;
      const id = nonEmpty(result.value.json?.id);
      return id !== undefined ? { ok: true, value: { id } } : { ok: false, error: unexpected(result.value.response, 'upload') };
    },

    async listTemplates(businessAccountId) {
      const all: Record<string, unknown>[] = [];
      let after: string | undefined;
      for (let page = 0; page < 50; page++) {
        const query: Record<string, string> = { limit: '100', fields: 'id,name,language,status,category,components' };
        if (after) query.after = after;
        const result = await callJson('GET', endpoint([businessAccountId, 'message_templates'], query), { timeoutMs: requestTimeoutMs });
        if (!result.ok) return result;
        const data = result.value.json?.data;
        if (!Array.isArray(data)) return { ok: false, error: unexpected(result.value.response, 'template list') };
        for (const item of data) {
          const template = asObject(item);
          if (template) all.push(template);
        }
        const paging = asObject(result.value.json?.paging);
        after = nonEmpty(asObject(paging?.cursors)?.after);
        if (!after || !nonEmpty(paging?.next)) break;
      }
      return { ok: true, value: all };
    },

    async getMediaUrl(mediaId) {
      const url = endpoint([mediaId], { phone_number_id: options.phoneNumberId });
      const result = await callJson('GET', url, { timeoutMs: requestTimeoutMs });
      if (!result.ok) return result;
      const json = result.value.json;
      const mediaUrl = nonEmpty(json?.url);
      if (mediaUrl === undefined) return { ok: false, error: unexpected(result.value.response, 'media lookup') };
      const value: MediaUrl = { url: mediaUrl };
      const mimeType = nonEmpty(json?.mime_type);
      const sha256 = nonEmpty(json?.sha256);
      const fileSize = asNumber(json?.file_size);
      if (mimeType !== undefined) value.mimeType = mimeType;
      if (sha256 !== undefined) value.sha256 = sha256;
      if (fileSize !== undefined) value.fileSize = fileSize;
      return { ok: true, value };
    },

    async downloadMedia(mediaUrl) {
      let url: URL;
      try {
        url = new URL(mediaUrl);
      } catch {
        return { ok: false, error: { code: 'invalid_media_url', title: 'Media URL is not a URL', reason: 'media', retryable: false } };
      }
      // The bearer token goes only over https, or to the configured API's own origin (emulator).
      if (url.protocol !== 'https:' && url.origin !== base.origin) {
        return { ok: false, error: { code: 'insecure_media_url', title: 'Media URL is not https', reason: 'media', retryable: false } };
      }
      const result = await call('GET', url, { timeoutMs: mediaTimeoutMs, maxBytes: maxDownloadBytes });
      if (!result.ok) return result;
      const { status, body, contentType } = result.value;
      if (!isSuccess(status)) {
        // Media URLs live 5 minutes: a 404 is cured by a fresh lookup, so it is retryable.
        const reason = status >= 500 ? 'unavailable' : status === 401 || status === 403 ? 'auth' : 'media';
        return {
          ok: false,
          error: { code: `http_${status}`, title: `Media download failed (HTTP ${status})`, reason, retryable: status >= 500 || status === 404, httpStatus: status },
        };
      }
      return { ok: true, value: { bytes: body, ...(contentType !== undefined ? { mimeType: contentType } : {}) } };
    },

    deleteMedia(mediaId) {
      return expectSuccessFlag('DELETE', endpoint([mediaId], { phone_number_id: options.phoneNumberId }));
    },

    close() {
      return agent.close();
    },
  };
}

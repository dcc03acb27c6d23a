/** The HTTP client against a stand-in Graph API on 127.0.0.1 (real HTTP, no mocking of undici). */
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startGraphStandIn, type GraphStandIn } from './fixtures/graph-stand-in.js';
import { createWhatsAppClient, type WhatsAppClient, type WhatsAppClientOptions } from './whatsapp.client.js';
import { buildMarkReadBody, buildMessageBody } from './whatsapp.outbound.js';

const TOKEN = 'EAAG-secret-token';
let graph: GraphStandIn;
let client: WhatsAppClient;

function clientFor(extra: Partial<WhatsAppClientOptions> = {}): WhatsAppClient {
  return createWhatsAppClient({ apiUrl: graph.url, apiVersion: 'v23.0', phoneNumberId: '106540352242922', accessToken: TOKEN, ...extra });
}

beforeEach(async () => {
  graph = await startGraphStandIn();
  client = clientFor();
});

afterEach(async () => {
  await client.close();
  await graph.close();
});

const body = buildMessageBody({ phone: '4921525551234' }, { type: 'text', text: 'Hallo' });

describe('sendMessage', () => {
  it("posts JSON with the bearer token to /{version}/{phone-number-id}/messages and parses Meta's success shape", async () => {
    graph.reply = (_r, res) =>
      json(res, 200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: '+4921525551234', wa_id: '4921525551234' }],
        messages: [{ id: 'wamid.OUT1', message_status: 'accepted' }],
      });
    const result = await client.sendMessage(body);
    expect(result).toEqual({ ok: true, value: { id: 'wamid.OUT1', status: 'accepted', recipient: { phone: '4921525551234' } } });
    const [request] = graph.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v23.0/106540352242922/messages');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body.toString('utf8') ?? '')).toEqual(body);
  });

  it('keeps a path prefix of the API URL (the emulator) and reads a BSUID recipient', async () => {
    await client.close();
    client = clientFor({ apiUrl: `${graph.url}/emulator/` });
    graph.reply = (_r, res) => json(res, 200, { contacts: [{ input: 'DE.1', wa_id: '', user_id: 'DE.1' }], messages: [{ id: 'wamid.OUT2' }] });
    const result = await client.sendMessage(body);
    expect(result).toEqual({ ok: true, value: { id: 'wamid.OUT2', recipient: { userId: 'DE.1' } } });
    expect(graph.requests[0]?.url).toBe('/emulator/v23.0/106540352242922/messages');
  });

  it("classifies Meta's error shape (with error_subcode and is_transient)", async () => {
    graph.reply = (_r, res) =>
      json(res, 400, {
        error: {
          message: '(#130429) Rate limit hit',
          type: 'OAuthException',
          code: 130429,
          error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' },
          error_subcode: 2494055,
          is_transient: true,
          fbtrace_id: 'Az8or2yhqkZfEZ-_4Qn_Bam',
        },
      });
    expect(await client.sendMessage(body)).toEqual({
      ok: false,
      error: { code: 130429, title: 'Rate limit hit', reason: 'throughput', retryable: true, details: 'Cloud API message throughput has been reached.', httpStatus: 400 },
    });
  });

  it('classifies the short error shape without error_data', async () => {
    graph.reply = (_r, res) => json(res, 400, { error: { message: 'Invalid parameter', code: 100 } });
    expect(await client.sendMessage(body)).toEqual({
      ok: false,
      error: { code: 100, title: 'Invalid parameter', reason: 'invalid_request', retryable: false, httpStatus: 400 },
    });
  });

  it('a 5xx without an error body is retryable, a 4xx without one is not', async () => {
    graph.reply = (_r, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<html>Service Unavailable</html>');
    };
    expect(await client.sendMessage(body)).toMatchObject({ ok: false, error: { code: 'http_503', reason: 'unavailable', retryable: true, httpStatus: 503 } });
    graph.reply = (_r, res) => {
      res.writeHead(404);
      res.end();
    };
    expect(await client.sendMessage(body)).toMatchObject({ ok: false, error: { code: 'http_404', reason: 'unknown', retryable: false } });
  });

  it('a 200 without a message id is an unexpected response', async () => {
    graph.reply = (_r, res) => json(res, 200, { messaging_product: 'whatsapp' });
    expect(await client.sendMessage(body)).toMatchObject({ ok: false, error: { code: 'unexpected_response', reason: 'unknown', retryable: false } });
  });

  it('a timeout is a retryable network error', async () => {
    await client.close();
    client = clientFor({ requestTimeoutMs: 150 });
    graph.reply = () => undefined; // never answers
    const result = await client.sendMessage(body);
    expect(result).toMatchObject({ ok: false, error: { code: 'network', reason: 'network', retryable: true, title: 'Request to the Cloud API timed out' } });
  });

  it('a refused connection is a retryable network error, without the token', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const refused = createWhatsAppClient({ apiUrl: `http://127.0.0.1:${port}`, apiVersion: 'v23.0', phoneNumberId: '1', accessToken: TOKEN });
    const result = await refused.sendMessage(body);
    await refused.close();
    expect(result).toMatchObject({ ok: false, error: { code: 'network', reason: 'network', retryable: true, details: 'ECONNREFUSED' } });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('reuses keep-alive connections', async () => {
    graph.reply = (_r, res) => json(res, 200, { messages: [{ id: 'wamid.K' }] });
    for (let i = 0; i < 6; i++) expect((await client.sendMessage(body)).ok).toBe(true);
    // The pool may open a second socket while the first is being released; never one per request.
    expect(graph.connections()).toBeLessThanOrEqual(2);
  });
});

describe('markRead', () => {
  it('posts the mark-as-read body and expects success: true', async () => {
    graph.reply = (_r, res) => json(res, 200, { success: true });
    expect(await client.markRead(buildMarkReadBody('wamid.IN1', { typing: true }))).toEqual({ ok: true, value: null });
    expect(JSON.parse(graph.requests[0]?.body.toString('utf8') ?? '')).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.IN1',
      typing_indicator: { type: 'text' },
    });
    graph.reply = (_r, res) => json(res, 200, { success: false });
    expect(await client.markRead(buildMarkReadBody('wamid.IN1'))).toMatchObject({ ok: false, error: { code: 'unexpected_response' } });
  });
});

describe('media', () => {
  it('uploads as multipart: messaging_product, type and the file with its name and MIME type', async () => {
    graph.reply = (_r, res) => json(res, 200, { id: '1037543291543636' });
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
    expect(await client.uploadMedia(bytes, 'image/jpeg', 'schlagloch.jpg')).toEqual({ ok: true, value: { id: '1037543291543636' } });
    const request = graph.requests[0];
    expect(request?.url).toBe('/v23.0/106540352242922/media');
    expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(new Uint8Array(request?.body ?? Buffer.alloc(0)), { headers: { 'content-type': request?.headers['content-type'] ?? '' } }).formData();
    expect(form.get('messaging_product')).toBe('whatsapp');
    expect(form.get('type')).toBe('image/jpeg');
    const file = form.get('file') as File;
    expect(file.name).toBe('schlagloch.jpg');
    expect(file.type).toBe('image/jpeg');
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('looks up the URL with phone_number_id and downloads it with the bearer token', async () => {
    const bytes = Buffer.from('%PDF-1.7 Bescheid');
    graph.reply = (request, res) => {
      if (request.url.startsWith('/v23.0/')) {
        json(res, 200, { messaging_product: 'whatsapp', url: `${graph.url}/download/abc?ext=1`, mime_type: 'application/pdf', sha256: 'c2hh', file_size: '17', id: '555' });
      } else if (request.headers.authorization === `Bearer ${TOKEN}`) {
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end(bytes);
      } else {
        res.writeHead(401);
        res.end();
      }
    };
    const lookup = await client.getMediaUrl('555');
    expect(lookup).toEqual({ ok: true, value: { url: `${graph.url}/download/abc?ext=1`, mimeType: 'application/pdf', sha256: 'c2hh', fileSize: 17 } });
    expect(graph.requests[0]?.method).toBe('GET');
    expect(graph.requests[0]?.url).toBe('/v23.0/555?phone_number_id=106540352242922');
    const download = await client.downloadMedia(`${graph.url}/download/abc?ext=1`);
    expect(download.ok && download.value.bytes.equals(bytes)).toBe(true);
    expect(download).toMatchObject({ ok: true, value: { mimeType: 'application/pdf' } });
    expect(graph.requests[1]?.url).toBe('/download/abc?ext=1');
  });

  it('a 404 download (expired URL) is a retryable media error', async () => {
    graph.reply = (_r, res) => {
      res.writeHead(404);
      res.end();
    };
    expect(await client.downloadMedia(`${graph.url}/download/gone`)).toEqual({
      ok: false,
      error: { code: 'http_404', title: 'Media download failed (HTTP 404)', reason: 'media', retryable: true, httpStatus: 404 },
    });
  });

  it('never sends the token over plain http to another origin, and caps the download size', async () => {
    expect(await client.downloadMedia('http://example.invalid/media')).toMatchObject({ ok: false, error: { code: 'insecure_media_url' } });
    expect(await client.downloadMedia('not a url')).toMatchObject({ ok: false, error: { code: 'invalid_media_url' } });
    expect(graph.requests).toHaveLength(0);
    await client.close();
    client = clientFor({ maxDownloadBytes: 1000 });
    graph.reply = (_r, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(Buffer.alloc(5000));
    };
    expect(await client.downloadMedia(`${graph.url}/download/big`)).toMatchObject({ ok: false, error: { code: 'too_large', reason: 'media', retryable: false } });
  });

  it('a failed lookup is classified like any Graph error', async () => {
    graph.reply = (_r, res) => json(res, 400, { error: { message: '(#100) Invalid parameter', code: 100, error_subcode: 33 } });
    expect(await client.getMediaUrl('nope')).toMatchObject({ ok: false, error: { code: 100, reason: 'invalid_request', title: 'Invalid parameter' } });
  });

  it('deletes with DELETE /{version}/{media-id}', async () => {
    graph.reply = (_r, res) => json(res, 200, { success: true });
    expect(await client.deleteMedia('555')).toEqual({ ok: true, value: null });
    expect(graph.requests[0]?.method).toBe('DELETE');
    expect(graph.requests[0]?.url).toBe('/v23.0/555?phone_number_id=106540352242922');
  });
});

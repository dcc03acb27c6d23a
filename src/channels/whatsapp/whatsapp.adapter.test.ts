/** The channel port over a stand-in Graph API: validate → build → send, media round trips, window rules. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, startGraphStandIn, type GraphStandIn } from './fixtures/graph-stand-in.js';
import { OUTGOING_SAMPLES } from './fixtures/outgoing.js';
import { createWhatsAppChannel, type WhatsAppChannel } from './whatsapp.adapter.js';

let graph: GraphStandIn;
let channel: WhatsAppChannel;
const citizen = { phone: '4921525551234' };

beforeEach(async () => {
  graph = await startGraphStandIn();
  channel = createWhatsAppChannel({ apiUrl: graph.url, apiVersion: 'v23.0', phoneNumberId: 'PNID', accessToken: 'token' });
});

afterEach(async () => {
  await channel.close();
  await graph.close();
});

describe('send', () => {
  it('sends every sample variant and returns the wamid, pacing status and resolved recipient', async () => {
    graph.reply = (_r, res) => json(res, 200, { contacts: [{ input: '+4921525551234', wa_id: '4921525551234' }], messages: [{ id: 'wamid.OUT', message_status: 'accepted' }] });
    for (const sample of OUTGOING_SAMPLES) {
      const options = sample.correlation !== undefined ? { correlation: sample.correlation } : {};
      expect(await channel.send(sample.to, sample.message, options), sample.name).toEqual({
        ok: true,
        externalId: 'wamid.OUT',
        acceptance: 'accepted',
        recipient: { phone: '4921525551234' },
      });
    }
    expect(graph.requests).toHaveLength(OUTGOING_SAMPLES.length);
    const correlated = graph.requests.map((r) => JSON.parse(r.body.toString('utf8')) as { biz_opaque_callback_data?: string });
    expect(correlated.filter((b) => b.biz_opaque_callback_data !== undefined).map((b) => b.biz_opaque_callback_data)).toEqual(['outbox:42', 'outbox:43']);
  });

  it('checks the limits before anything leaves', async () => {
    const result = await channel.send(citizen, { type: 'buttons', text: 'Frage', buttons: [{ id: 'y', title: 'Ja, ich möchte das gern' }] });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'limit:buttonTitle',
        title: 'Message exceeds a WhatsApp limit',
        reason: 'limit_exceeded',
        retryable: false,
        details: "button title 'Ja, ich möchte das gern' (23 characters) exceeds 20 characters (limit: button title ≤ 20)",
      },
    });
    expect(channel.validate({ type: 'text', text: 'x'.repeat(4097) })?.code).toBe('limit:textBody');
    expect(graph.requests).toHaveLength(0);
  });

  it('rejects an identity without phone and user id, and an overlong correlation, without a request', async () => {
    expect(await channel.send({}, { type: 'text', text: 'a' })).toMatchObject({ ok: false, error: { reason: 'invalid_request', code: 'invalid:recipient' } });
    expect(await channel.send(citizen, { type: 'text', text: 'a' }, { correlation: 'c'.repeat(513) })).toMatchObject({ ok: false, error: { code: 'limit:correlation' } });
    expect(graph.requests).toHaveLength(0);
  });

  it("passes Meta's classified error through", async () => {
    graph.reply = (_r, res) => json(res, 400, { error: { message: '(#131026) Message undeliverable', code: 131026, error_data: { details: 'x' } } });
    expect(await channel.send(citizen, { type: 'text', text: 'a' })).toMatchObject({ ok: false, error: { code: 131026, reason: 'unreachable', retryable: false } });
  });
});

describe('markRead', () => {
  it('marks read, optionally with typing indicator', async () => {
    graph.reply = (_r, res) => json(res, 200, { success: true });
    expect(await channel.markRead('wamid.IN', { typing: true })).toEqual({ ok: true, externalId: 'wamid.IN' });
    expect(JSON.parse(graph.requests[0]?.body.toString('utf8') ?? '')).toMatchObject({ message_id: 'wamid.IN', typing_indicator: { type: 'text' } });
    expect(await channel.markRead(' ')).toMatchObject({ ok: false, error: { reason: 'invalid_request' } });
  });
});

describe('windowState and classify', () => {
  const last = new Date('2026-03-01T10:00:00Z');
  const after = (ms: number) => new Date(last.getTime() + ms);

  it('is open while less than 24 h passed since the last inbound message', () => {
    expect(channel.windowState(null, last)).toBe('closed');
    expect(channel.windowState(last, last)).toBe('open');
    expect(channel.windowState(last, after(24 * 3600_000 - 1))).toBe('open');
    expect(channel.windowState(last, after(24 * 3600_000))).toBe('closed');
    expect(channel.windowState(last, after(30 * 24 * 3600_000))).toBe('closed');
  });

  it('classifies templates as template, everything else as free-form', () => {
    for (const sample of OUTGOING_SAMPLES) {
      expect(channel.classify(sample.message).form).toBe(sample.message.type === 'template' ? 'template' : 'free_form');
    }
  });
});

describe('media', () => {
  it('uploads supported media; refuses unsupported types and oversize files locally', async () => {
    graph.reply = (_r, res) => json(res, 200, { id: 'MEDIA1' });
    expect(await channel.uploadMedia(Buffer.from('%PDF'), 'application/pdf', 'a.pdf')).toEqual({ ok: true, mediaId: 'MEDIA1' });
    expect(await channel.uploadMedia(Buffer.from('GIF89a'), 'image/gif')).toMatchObject({ ok: false, error: { reason: 'media', code: 'media:mime_type' } });
    expect(await channel.uploadMedia(Buffer.alloc(5_000_001), 'image/png')).toMatchObject({
      ok: false,
      error: { reason: 'limit_exceeded', details: 'image of 5000001 bytes exceeds 5000000 bytes (limit: image size ≤ 5000000 bytes)' },
    });
    expect(await channel.uploadMedia(Buffer.alloc(0), 'image/png')).toMatchObject({ ok: false, error: { reason: 'invalid_request' } });
    expect(graph.requests).toHaveLength(1);
  });

  it('fetches media: URL lookup, then the bearer download; MIME type from the lookup', async () => {
    graph.reply = (request, res) => {
      if (request.url.startsWith('/v23.0/MEDIA2')) json(res, 200, { url: `${graph.url}/files/MEDIA2`, mime_type: 'image/jpeg', id: 'MEDIA2' });
      else {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(Buffer.from('jpegbytes'));
      }
    };
    const result = await channel.fetchMedia('MEDIA2');
    expect(result.ok && result.media.bytes.toString()).toBe('jpegbytes');
    expect(result).toMatchObject({ ok: true, media: { mimeType: 'image/jpeg' } });
    expect(graph.requests.map((r) => r.headers.authorization)).toEqual(['Bearer token', 'Bearer token']);
  });

  it('reports a failed lookup without downloading', async () => {
    graph.reply = (_r, res) => json(res, 404, { error: { message: 'Unsupported get request', code: 100 } });
    expect(await channel.fetchMedia('GONE')).toMatchObject({ ok: false, error: { reason: 'invalid_request', httpStatus: 404 } });
    expect(graph.requests).toHaveLength(1);
  });

  it('deletes media', async () => {
    graph.reply = (_r, res) => json(res, 200, { success: true });
    expect(await channel.deleteMedia('MEDIA1')).toEqual({ ok: true });
    expect(graph.requests[0]?.method).toBe('DELETE');
  });
});

import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Receiver, TestEmulator } from './emulator.test-kit.js';
import { PHONE_NUMBER_ID, TOKEN, startEmulator, startReceiver } from './emulator.test-kit.js';

let t: TestEmulator;
let rx: Receiver;
const auth = { authorization: `Bearer ${TOKEN}` };
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);

beforeEach(async () => {
  rx = await startReceiver();
  t = await startEmulator({ webhook_url: rx.url, mps: 'unlimited' });
});
afterEach(async () => {
  await t.close();
  await rx.close();
});

async function upload(data: Buffer, type: string, fields: Record<string, string> = { messaging_product: 'whatsapp' }): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(data)], { type }), 'photo.jpg');
  form.append('type', type);
  return fetch(`${t.base}/v23.0/${PHONE_NUMBER_ID}/media`, { method: 'POST', headers: auth, body: form });
}

async function lookup(id: string): Promise<Response> {
  return fetch(`${t.base}/v23.0/${id}`, { headers: auth });
}

describe('media', () => {
  it('uploads, looks up, downloads with the bearer only, expires the URL after 5 minutes, deletes', async () => {
    const up = await upload(JPEG, 'image/jpeg');
    expect(up.status).toBe(200);
    const { id } = (await up.json()) as { id: string };
    expect(id).toMatch(/^\d+$/);

    const info = (await (await lookup(id)).json()) as Record<string, string>;
    expect(info).toMatchObject({
      messaging_product: 'whatsapp',
      mime_type: 'image/jpeg',
      sha256: createHash('sha256').update(JPEG).digest('hex'),
      file_size: String(JPEG.length),
      id,
    });
    const url = String(info.url);
    expect(url.startsWith(`${t.base}/whatsapp_business/attachments/?mid=${id}&`)).toBe(true);

    const download = await fetch(url, { headers: auth });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await download.arrayBuffer()).equals(JPEG)).toBe(true);
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);

    t.clock.advance(299);
    expect((await fetch(url, { headers: auth })).status).toBe(200);
    t.clock.advance(2);
    expect((await fetch(url, { headers: auth })).status).toBe(404);
    const fresh = (await (await lookup(id)).json()) as { url: string };
    expect((await fetch(fresh.url, { headers: auth })).status).toBe(200);

    const deleted = await fetch(`${t.base}/v23.0/${id}`, { method: 'DELETE', headers: auth });
    expect(await deleted.json()).toEqual({ success: true });
    const gone = await lookup(id);
    expect(gone.status).toBe(400);
    expect(await gone.json()).toMatchObject({ error: { code: 100, error_subcode: 33 } });
    expect((await fetch(fresh.url, { headers: auth })).status).toBe(404);
  });

  it('refuses uploads Meta refuses', async () => {
    const exe = await upload(Buffer.from('MZ'), 'application/x-msdownload');
    expect(exe.status).toBe(400);
    expect(await exe.json()).toMatchObject({ error: { code: 131053 } });
    const big = await upload(Buffer.alloc(5 * 1024 * 1024 + 1), 'image/jpeg');
    expect(await big.json()).toMatchObject({ error: { code: 131053 } });
    const noProduct = await upload(JPEG, 'image/jpeg', {});
    expect(await noProduct.json()).toMatchObject({ error: { code: 100 } });
    const noAuth = await fetch(`${t.base}/v23.0/${PHONE_NUMBER_ID}/media`, { method: 'POST', body: new FormData() });
    expect(noAuth.status).toBe(401);
  });

  it('sends an uploaded image by id, and fails an unknown media id with 131053', async () => {
    const { id } = (await (await upload(JPEG, 'image/jpeg')).json()) as { id: string };
    const user = await t.control('POST', '/users', { name: 'Emil', phone: '+4921525557001' });
    await t.control('POST', `/users/${String(user.json.id)}/messages`, { type: 'text', text: 'Foto?' });
    const good = await t.send({ messaging_product: 'whatsapp', to: '+4921525557001', type: 'image', image: { id, caption: 'Plan' } });
    const bad = await t.send({ messaging_product: 'whatsapp', to: '+4921525557001', type: 'image', image: { id: '999' } });
    const goodId = String((good.json.messages as Array<{ id: string }>)[0]?.id);
    const badId = String((bad.json.messages as Array<{ id: string }>)[0]?.id);
    await rx.waitFor(() => rx.statuses().some((s) => s.id === goodId && s.status === 'sent'));
    await rx.waitFor(() => rx.statuses().some((s) => s.id === badId && s.status === 'failed'));
    expect(rx.statuses().find((s) => s.id === badId)).toMatchObject({ errors: [{ code: 131053 }] });
  });

  it('delivers a citizen’s photo (base64 or multipart) the product can fetch', async () => {
    const user = await t.control('POST', '/users', { name: 'Fritz', phone: '+4921525557002' });
    const res = await t.control('POST', `/users/${String(user.json.id)}/messages`, {
      type: 'image',
      caption: 'Schlagloch',
      media: { data_base64: JPEG.toString('base64'), mime_type: 'image/jpeg' },
    });
    expect(res.status).toBe(201);
    const image = (res.json.message as { image: Record<string, string> }).image;
    expect(Object.keys(image)).toEqual(['caption', 'mime_type', 'sha256', 'id']);
    expect(image.sha256).toBe(createHash('sha256').update(JPEG).digest('base64'));
    const info = (await (await lookup(String(image.id))).json()) as { url: string };
    expect(Buffer.from(await (await fetch(info.url, { headers: auth })).arrayBuffer()).equals(JPEG)).toBe(true);

    const form = new FormData();
    form.append('type', 'document');
    form.append('caption', 'Antrag');
    form.append('file', new Blob([new TextEncoder().encode('%PDF-1.4 test')], { type: 'application/pdf' }), 'antrag.pdf');
    const multi = await fetch(`${t.base}/_control/users/${String(user.json.id)}/messages`, { method: 'POST', body: form });
    expect(multi.status).toBe(201);
    const doc = ((await multi.json()) as { message: { type: string; document: Record<string, string> } }).message;
    expect(doc.type).toBe('document');
    expect(doc.document).toMatchObject({ caption: 'Antrag', filename: 'antrag.pdf', mime_type: 'application/pdf' });
    await rx.waitFor((all) => all.length >= 2);
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestApp, eventually, signBody, TEST_VERIFY_TOKEN, type TestApp } from '../../test/test-app.js';
import { describeEachDatabase } from '../../test/databases.js';
import { statusUpdate, textMessage, webhookEnvelope } from '../../test/whatsapp-payloads.js';

const CITIZEN = '4921525551234';
// Unix seconds, now: the citizen's messages open the customer-service window.
const T0 = Math.floor(Date.now() / 1000);

describeEachDatabase('WhatsApp webhook intake', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const count = async (table: 'inbound_event' | 'outbox' | 'contact' | 'inbound_message') =>
    Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('answers Meta’s handshake with the challenge, and 403 on a wrong verify token', async () => {
    const ok = await t.app.inject({ url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${TEST_VERIFY_TOKEN}&hub.challenge=1158201444` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const wrong = await t.app.inject({ url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).not.toContain('1158201444');
  });

  interface InboxItem {
    direction: 'in' | 'out';
    wamid: string;
    type: string;
    content?: { body?: string };
    status?: string;
  }
  const inbox = async (userId: string) => (await t.control<{ items: InboxItem[] }>('GET', `/users/${userId}/inbox`)).json.items;
  const outgoing = async (userId: string) => (await inbox(userId)).filter((i) => i.direction === 'out');

  it('a citizen’s first message through the emulator is answered with the greeting, which arrives and is read', async () => {
    const user = (await t.control<{ id: string }>('POST', '/users', { name: 'Erika Mustermann', phone: `+${CITIZEN}` })).json;
    const sent = await t.control<{ wamid: string }>('POST', `/users/${user.id}/messages`, { type: 'text', text: 'Hallo' });
    expect(sent.status).toBe(201);
    // the emulator's signed webhook arrives over loopback and is stored before the 200
    await eventually(async () => (await count('inbound_event')) === 1, 'the inbound webhook');
    await t.container.inboundProcessor.drain();
    const contact = await t.database.db.selectFrom('contact').selectAll().executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ phone: CITIZEN, name: 'Erika Mustermann', language: 'de' });

    await t.container.dispatcher.drain();
    // the first answer (whatever the dialogue says) carries the privacy notice
    const answers = await outgoing(user.id);
    expect(answers.length).toBeGreaterThan(0);
    expect(JSON.stringify(answers.map((a) => a.content))).toContain('https://www.kempen.de/datenschutz');
    const rows = await t.database.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.external_id)).toEqual(answers.map((a) => a.wamid));
    expect(rows.every((r) => r.kind === 'dialogue_reply' && r.contact_id === contact.id)).toBe(true);

    // the emulator reports sent → delivered → read; the row follows, never backwards
    const final = await eventually(async () => {
      await t.container.inboundProcessor.drain();
      const r = await t.database.db.selectFrom('outbox').selectAll().orderBy('id').executeTakeFirstOrThrow();
      return r.state === 'read' && r.delivered_at !== null ? r : null;
    }, 'the read status');
    expect(final.pricing_category).toBe('service');
    expect(final.read_at).toBeGreaterThanOrEqual(final.delivered_at!);
  });

  it('Meta’s status webhooks move a recorded message forward', async () => {
    await t.postWebhook(textMessage({ from: CITIZEN, id: 'wamid.first', text: 'Hallo', timestamp: T0 }));
    await t.container.inboundProcessor.drain();
    t.emulator.updateConfig({ webhooks: false });
    await t.container.dispatcher.drain();
    const row = await t.database.db.selectFrom('outbox').selectAll().orderBy('id').executeTakeFirstOrThrow();
    expect(row.state).toBe('sent');
    await t.postWebhook(statusUpdate({ id: row.external_id!, status: 'delivered', recipient: CITIZEN, timestamp: T0 + 2, category: 'service' }));
    await t.postWebhook(statusUpdate({ id: row.external_id!, status: 'read', recipient: CITIZEN, timestamp: T0 + 5 }));
    await t.container.inboundProcessor.drain();
    expect(await t.database.db.selectFrom('outbox').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()).toMatchObject({
      state: 'read',
      delivered_at: (T0 + 2) * 1000,
      read_at: (T0 + 5) * 1000,
      pricing_category: 'service',
    });
  });

  it('a redelivery changes nothing', async () => {
    t.emulator.updateConfig({ webhooks: false });
    const payload = textMessage({ from: CITIZEN, id: 'wamid.same', text: 'Hallo', timestamp: T0 });
    await t.postWebhook(payload);
    await t.container.inboundProcessor.drain();
    await t.container.dispatcher.drain();
    const before = [await count('inbound_event'), await count('inbound_message'), await count('outbox'), await count('contact')];
    expect(before[0]).toBe(1);
    expect(before[2]).toBeGreaterThan(0);
    const again = await t.postWebhook(payload);
    expect(again.statusCode).toBe(200);
    await t.container.inboundProcessor.drain();
    await t.container.dispatcher.drain();
    expect([await count('inbound_event'), await count('inbound_message'), await count('outbox'), await count('contact')]).toEqual(before);
  });

  it('rejects unsigned and wrongly signed posts with 401 and stores nothing', async () => {
    const body = JSON.stringify(textMessage({ from: CITIZEN, id: 'wamid.x', text: 'Hallo', timestamp: T0 }));
    const unsigned = await t.app.inject({ method: 'POST', url: '/webhooks/whatsapp', headers: { 'content-type': 'application/json' }, payload: body });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, 'another-secret') },
      payload: body,
    });
    const tampered = await t.app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body) },
      payload: body.replace('Hallo', 'Hallo!'),
    });
    for (const res of [unsigned, wrong, tampered]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: { code: 'webhook/invalid_signature', message: 'Missing or invalid X-Hub-Signature-256' } });
    }
    expect(await count('inbound_event')).toBe(0);
  });

  it('verifies the signature over the raw bytes, also with escaped non-ASCII', async () => {
    const body = JSON.stringify(textMessage({ from: CITIZEN, id: 'wamid.umlaut', text: 'Grüße aus Kempen', timestamp: T0 })).replace('ü', '\\u00fc');
    const res = await t.postWebhook(body);
    expect(res.statusCode).toBe(200);
    await t.container.inboundProcessor.drain();
    const msg = await t.database.db.selectFrom('inbound_message').selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(msg.content)).toEqual({ type: 'text', text: 'Grüße aus Kempen' });
  });

  it('answers 400 for a signed body that is not JSON, 415 for another content type, 413 above 3 MB', async () => {
    const notJson = 'hello=world';
    const bad = await t.app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(notJson) },
      payload: notJson,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('webhook/invalid_json');

    const form = await t.app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-hub-signature-256': signBody(notJson) },
      payload: notJson,
    });
    expect(form.statusCode).toBe(415);
    expect(form.json().error.code).toBe('request/unsupported_media_type');

    const big = JSON.stringify({ object: 'whatsapp_business_account', entry: [], pad: 'x'.repeat(3 * 1024 * 1024) });
    const tooBig = await t.app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(big) },
      payload: big,
    });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe('request/body_too_large');
    expect(await count('inbound_event')).toBe(0);
  });

  it('a just-under-3-MB signed payload is accepted', async () => {
    const base = textMessage({ from: CITIZEN, id: 'wamid.big', text: 'x'.repeat(10), timestamp: T0 });
    const body = JSON.stringify({ ...base, padding: 'p'.repeat(3 * 1024 * 1024 - 2000) });
    expect(Buffer.byteLength(body)).toBeLessThan(3 * 1024 * 1024);
    expect((await t.postWebhook(body)).statusCode).toBe(200);
    expect(await count('inbound_event')).toBe(1);
  });

  it('stores signed payloads of unknown shape or field as ignored with a reason, answering 200', async () => {
    const unknownField = webhookEnvelope({ some: 'thing' }, 'account_update');
    const notWhatsApp = { object: 'page', entry: [{ id: '1', messaging: [] }] };
    const scalar = 42;
    for (const payload of [unknownField, notWhatsApp, scalar]) {
      const res = await t.postWebhook(JSON.stringify(payload));
      expect(res.statusCode).toBe(200);
    }
    const rows = await t.database.db.selectFrom('inbound_event').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.state).toBe('ignored');
      expect(row.ignored_reason).toBeTruthy();
    }
    expect(rows[0]!.ignored_reason).toContain('account_update');
    await t.container.inboundProcessor.drain();
    expect(await count('contact')).toBe(0);
  });

  it('one contact’s events posted shuffled to two instances are processed once each, in timestamp order', async () => {
    const second = await t.another();
    const messages = Array.from({ length: 16 }, (_, i) => textMessage({ from: CITIZEN, id: `wamid.seq${String(i).padStart(2, '0')}`, text: `Teil ${i}`, timestamp: T0 + i }));
    const order = [9, 2, 15, 0, 7, 11, 4, 13, 1, 8, 14, 3, 6, 12, 5, 10];
    for (const [n, i] of order.entries()) {
      const target = n % 2 === 0 ? t : second;
      expect((await target.postWebhook(messages[i]!)).statusCode).toBe(200);
    }
    // a few redeliveries to the other instance
    for (const i of [3, 9]) expect((await second.postWebhook(messages[i]!)).statusCode).toBe(200);
    for (let round = 0; round < 100; round++) {
      const [a, b] = await Promise.all([t.container.inboundProcessor.runOnce(), second.container.inboundProcessor.runOnce()]);
      if (a + b === 0) break;
    }
    const stored = await t.database.db.selectFrom('inbound_message').select(['external_id', 'id']).orderBy('id').execute();
    expect(stored.map((m) => m.external_id)).toEqual(messages.map((_, i) => `wamid.seq${String(i).padStart(2, '0')}`));
    const events = await t.database.db.selectFrom('inbound_event').select(['state', 'attempts']).execute();
    expect(events).toHaveLength(16);
    expect(events.every((e) => e.state === 'done' && e.attempts === 1)).toBe(true);
    expect(await count('contact')).toBe(1);
  });
});

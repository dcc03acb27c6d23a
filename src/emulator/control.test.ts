import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Receiver, TestEmulator } from './emulator.test-kit.js';
import { startEmulator, startReceiver, template, text } from './emulator.test-kit.js';
import { loopbackOrBearer } from './emulator.plugin.js';

let t: TestEmulator;
let rx: Receiver;

beforeEach(async () => {
  rx = await startReceiver();
  t = await startEmulator(
    { webhook_url: rx.url, templates: [{ name: 'umfrage', language: 'de', category: 'MARKETING', body: 'Mitmachen?', quick_replies: ['Ja', 'Nein'] }] },
    { controlAccess: loopbackOrBearer('admin-secret') },
  );
});
afterEach(async () => {
  await t.close();
  await rx.close();
});

type Message = Record<string, unknown> & { type: string; context?: { from: string; id: string } };

interface InboundValue {
  contacts: Array<Record<string, unknown>>;
  messages?: Message[];
}

function inboundValues(): InboundValue[] {
  return rx.received.map((r) => r.json.entry[0]?.changes[0]?.value as unknown as InboundValue).filter((v) => v.messages);
}

function lastInbound(): { contact: Record<string, unknown>; message: Message } {
  const value = inboundValues().at(-1);
  return { contact: value?.contacts[0] ?? {}, message: (value?.messages?.[0] ?? {}) as Message };
}

async function say(userId: string, body: Record<string, unknown>): Promise<Message> {
  const res = await t.control('POST', `/users/${userId}/messages`, body);
  expect(res.status).toBe(201);
  await rx.waitFor(() => inboundValues().some((v) => v.messages?.[0]?.id === res.json.wamid));
  const { message } = lastInbound();
  expect(message.id).toBe(res.json.wamid);
  return message;
}

describe('control access', () => {
  it('refuses a non-loopback client and allows the admin token; the Cloud API is not affected', async () => {
    const remote = { remoteAddress: '203.0.113.5' };
    const refused = await t.app.inject({ method: 'GET', url: '/emulator/_control/users', ...remote });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'emulator/forbidden' } });
    const wrong = await t.app.inject({ method: 'GET', url: '/emulator/_control/users', headers: { authorization: 'Bearer nope' }, ...remote });
    expect(wrong.statusCode).toBe(403);
    const allowed = await t.app.inject({ method: 'GET', url: '/emulator/_control/users', headers: { authorization: 'Bearer admin-secret' }, ...remote });
    expect(allowed.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/emulator/_control/users' })).statusCode).toBe(200);
    const api = await t.app.inject({
      method: 'POST',
      url: '/emulator/v23.0/100000000000001/messages',
      headers: { authorization: 'Bearer test-token' },
      payload: text('+4921525558000', 'x'),
      ...remote,
    });
    expect(api.statusCode).toBe(200);
  });
});

describe('users and inbound messages', () => {
  it('creates phone and BSUID-only users and refuses duplicates', async () => {
    const anna = await t.control('POST', '/users', { name: 'Anna', phone: '+31 6 12345678', language: 'nl' });
    expect(anna.json).toMatchObject({ id: 'u1', phone: '31612345678', country_code: 'NL', language: 'nl', window_open: false });
    const ghost = await t.control('POST', '/users', { name: 'Ohne Nummer', username: '@ohne', country_code: 'de' });
    expect(ghost.json).toMatchObject({ phone: null, username: '@ohne', country_code: 'DE' });
    expect(String(ghost.json.bsuid)).toMatch(/^DE\.\d{19}$/);
    expect((await t.control('POST', '/users', { name: 'X', phone: '+31612345678' })).status).toBe(409);
    expect((await t.control('POST', '/users', { name: 'X', phone: 'abc' })).status).toBe(422);
    expect(((await t.control('GET', '/users')).json.users as unknown[]).length).toBe(2);
    expect((await t.control('GET', '/users/u9')).status).toBe(404);

    const m = await say(String(ghost.json.id), { type: 'text', text: 'Hallo' });
    expect(m.from).toBe('');
    expect(m.from_user_id).toBe(ghost.json.bsuid);
    expect(lastInbound().contact).toEqual({ profile: { name: 'Ohne Nummer', username: '@ohne', country_code: 'DE' }, wa_id: '', user_id: ghost.json.bsuid });
  });

  it('builds every inbound type and opens the window', async () => {
    const user = await t.control('POST', '/users', { name: 'Gül', phone: '+4921525558001' });
    const id = String(user.json.id);
    const hello = await say(id, { type: 'text', text: 'Moin' });
    expect(hello.text).toEqual({ body: 'Moin' });
    expect((await t.control('GET', `/users/${id}`)).json.window_open).toBe(true);

    expect((await say(id, { type: 'location', latitude: 51.364, longitude: 6.418 })).location).toEqual({ latitude: 51.364, longitude: 6.418 });
    expect((await say(id, { type: 'location', latitude: 51.36, longitude: 6.41, name: 'Rathaus', address: 'Buttermarkt 1' })).location).toEqual({
      address: 'Buttermarkt 1',
      latitude: 51.36,
      longitude: 6.41,
      name: 'Rathaus',
    });

    const buttons = await t.send({
      messaging_product: 'whatsapp',
      to: '+4921525558001',
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Thema?' }, action: { buttons: [{ type: 'reply', reply: { id: 'abfall', title: 'Abfall' } }] } },
    });
    const buttonsId = String((buttons.json.messages as Array<{ id: string }>)[0]?.id);
    const reply = await say(id, { type: 'button_reply', id: 'abfall', title: 'Abfall' });
    expect(reply).toMatchObject({ type: 'interactive', context: { from: '4921525550100', id: buttonsId }, interactive: { type: 'button_reply', button_reply: { id: 'abfall', title: 'Abfall' } } });
    const listReply = await say(id, { type: 'list_reply', id: 'r1', title: 'Straße', description: 'Schäden' });
    expect(listReply.interactive).toEqual({ type: 'list_reply', list_reply: { id: 'r1', title: 'Straße', description: 'Schäden' } });

    const survey = await t.send(template('+4921525558001', 'umfrage'));
    const surveyId = String((survey.json.messages as Array<{ id: string }>)[0]?.id);
    expect(await say(id, { type: 'button', payload: 'Ja', text: 'Ja' })).toMatchObject({ type: 'button', context: { id: surveyId }, button: { payload: 'Ja', text: 'Ja' } });

    expect((await say(id, { type: 'reaction', message_id: surveyId, emoji: '👍' })).reaction).toEqual({ message_id: surveyId, emoji: '👍' });
    expect((await say(id, { type: 'reaction', message_id: surveyId })).reaction).toEqual({ message_id: surveyId });
    const unsupported = await say(id, { type: 'unsupported', unsupported_type: 'poll' });
    expect(unsupported).toMatchObject({ type: 'unsupported', errors: [{ code: 131051 }], unsupported: { type: 'poll' } });
    const contacts = await say(id, { type: 'contacts', contacts: [{ name: { formatted_name: 'Hans' }, phones: [{ phone: '+49 2152 1' }] }] });
    expect(contacts.contacts).toEqual([{ name: { formatted_name: 'Hans' }, phones: [{ phone: '+49 2152 1' }] }]);
    const voice = await say(id, { type: 'audio', voice: true, media: { data_base64: Buffer.from('OggS').toString('base64'), mime_type: 'audio/ogg' } });
    expect(voice.audio).toMatchObject({ mime_type: 'audio/ogg', voice: true });
    const quoted = await say(id, { type: 'text', text: 'Zu dieser Nachricht', context_wamid: buttonsId });
    expect(quoted.context).toEqual({ from: '4921525550100', id: buttonsId });

    expect((await t.control('POST', `/users/${id}/messages`, { type: 'location', latitude: 100, longitude: 0 })).status).toBe(422);
    expect((await t.control('POST', `/users/${id}/messages`, { type: 'hologram' })).status).toBe(422);

    const inbox = await t.control('GET', `/users/${id}/inbox`);
    const directions = (inbox.json.items as Array<{ direction: string }>).map((i) => i.direction);
    expect(directions).toEqual(['in', 'in', 'in', 'out', 'in', 'in', 'out', 'in', 'in', 'in', 'in', 'in', 'in', 'in']);
    expect(((await t.control('GET', `/users/${id}/inbox?since=12`)).json.items as unknown[]).length).toBe(2);
  });
});

describe('config, clock and reset', () => {
  it('reads and updates the config, validating it and verifying a new webhook URL', async () => {
    const current = await t.control('GET', '/config');
    expect(current.json).toMatchObject({ phone_number_id: '100000000000001', mps: 80, pair_rate: true, messaging_limit: 250 });
    const bad = await t.control('PUT', '/config', { mps: -1 });
    expect(bad.status).toBe(422);
    expect(bad.json).toMatchObject({ error: { code: 'emulator/invalid', field: 'mps' } });
    expect((await t.control('PUT', '/config', { nonsense: true })).status).toBe(422);
    const updated = await t.control('PUT', '/config', { mps: 10, faults: { slow_ms: 5 }, webhook_url: `${rx.url}?v=2` });
    expect(updated.json).toMatchObject({ config: { mps: 10, faults: { slow_ms: 5, error_rate: 0 } }, webhook_verification: { ok: true, http_status: 200 } });
  });

  it('answers 500 / 131000 at the configured error rate', async () => {
    await t.control('PUT', '/config', { faults: { error_rate: 1 } });
    const res = await t.send(text('+4921525558002', 'x'));
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ error: { code: 131000, message: '(#131000) Something went wrong' } });
  });

  it('answers slowly at the configured slow rate', async () => {
    await t.control('PUT', '/config', { faults: { slow_rate: 1, slow_ms: 40 } });
    const started = performance.now();
    expect((await t.send(text('+4921525558004', 'langsam'))).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('advances the clock and resets state, keeping the config unless asked', async () => {
    const res = await t.control('POST', '/clock', { advance_s: 3600 });
    expect(res.json).toEqual({ now: '2026-01-05T10:00:00.000Z' });
    expect((await t.control('POST', '/clock', { advance_s: -1 })).status).toBe(422);

    await t.control('PUT', '/config', { mps: 7 });
    await t.control('POST', '/users', { name: 'Hanna', phone: '+4921525558003' });
    expect((await t.control('POST', '/reset', {})).json).toEqual({ ok: true, config_reset: false });
    expect((await t.control('GET', '/users')).json.users).toEqual([]);
    expect((await t.control('GET', '/config')).json.mps).toBe(7);
    await t.control('POST', '/reset', { reset_config: true });
    expect((await t.control('GET', '/config')).json.mps).toBe(80);
    expect((await t.control('GET', '/nothing/here')).status).toBe(404);
  });
});

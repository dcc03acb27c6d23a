import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigPatch } from './emulator.config.js';
import type { Receiver, TestEmulator } from './emulator.test-kit.js';
import { startEmulator, startReceiver, template, text } from './emulator.test-kit.js';

const TEMPLATES: NonNullable<ConfigPatch['templates']> = [
  { name: 'abfall_aenderung', language: 'de', category: 'UTILITY', body: 'Neue Abfuhrtermine für {{1}}: {{2}}' },
  { name: 'veranstaltung', language: 'de', category: 'MARKETING', body: 'Einladung: {{1}}' },
];

let t: TestEmulator;
let rx: Receiver;

async function citizen(phone: string | null, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.control('POST', '/users', { name: 'Anna', ...(phone ? { phone } : {}), ...extra });
  expect(res.status).toBe(201);
  return String(res.json.id);
}

function failedWith(code: number, wamid: string) {
  return (): boolean =>
    rx.statuses().some((s) => s.id === wamid && s.status === 'failed' && (s.errors as Array<{ code: number }>)[0]?.code === code);
}

function wamidOf(json: Record<string, unknown>): string {
  return String((json.messages as Array<{ id: string }>)[0]?.id);
}

beforeEach(async () => {
  rx = await startReceiver();
  t = await startEmulator({ webhook_url: rx.url, templates: TEMPLATES, mps: 'unlimited' });
});

afterEach(async () => {
  await t.close();
  await rx.close();
});

describe('24-hour window', () => {
  it('accepts a free-form send outside the window, then fails it with 131047; a template still goes', async () => {
    const id = await citizen('+49 2152 555 1001');
    expect((await t.control('POST', `/users/${id}/messages`, { type: 'text', text: 'Hallo' })).status).toBe(201);

    const inside = await t.send(text('+4921525551001', 'Gern!'));
    expect(inside.status).toBe(200);
    await rx.waitFor(() => rx.statuses().some((s) => s.id === wamidOf(inside.json) && s.status === 'sent'));

    t.clock.advance(24 * 3600 + 1);
    const outside = await t.send(text('+4921525551001', 'Noch da?'));
    expect(outside.status).toBe(200);
    expect(outside.json).toMatchObject({ messaging_product: 'whatsapp', contacts: [{ input: '+4921525551001', wa_id: '4921525551001' }] });
    const wamid = wamidOf(outside.json);
    await rx.waitFor(failedWith(131047, wamid));
    const failed = rx.statuses().find((s) => s.id === wamid && s.status === 'failed');
    expect(failed).toMatchObject({ recipient_id: '4921525551001', errors: [{ code: 131047, title: 'Re-engagement message' }] });
    expect(failed).not.toHaveProperty('pricing');

    const tpl = await t.send(template('+4921525551001', 'abfall_aenderung', ['Kempen-Nord', '12.03.']));
    expect(tpl.status).toBe(200);
    expect(tpl.json.messages).toEqual([{ id: wamidOf(tpl.json), message_status: 'accepted' }]);
    await rx.waitFor(() => rx.statuses().some((s) => s.id === wamidOf(tpl.json) && s.status === 'sent'));
  });
});

describe('throughput', () => {
  it('answers 400 / 130429 for the 6th request within 1,000 ms at mps=5', async () => {
    await t.control('PUT', '/config', { mps: 5, webhooks: false });
    for (let i = 0; i < 5; i++) expect((await t.send(text('+4921525551002', `n${i}`))).status).toBe(200);
    const limited = await t.send(text('+4921525551002', 'n5'));
    expect(limited.status).toBe(400);
    expect(limited.json).toMatchObject({
      error: {
        message: '(#130429) Rate limit hit',
        type: 'OAuthException',
        code: 130429,
        error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' },
      },
    });
    expect(typeof (limited.json.error as { fbtrace_id: unknown }).fbtrace_id).toBe('string');
    t.clock.advance(1);
    expect((await t.send(text('+4921525551002', 'again'))).status).toBe(200);
  });
});

describe('pair rate', () => {
  it('refuses the 46th quick send to one user with 131056, not another user, and recovers with the clock', async () => {
    await t.control('PUT', '/config', { webhooks: false });
    for (let i = 0; i < 45; i++) expect((await t.send(text('+4921525551003', `m${i}`))).status).toBe(200);
    const refused = await t.send(text('+4921525551003', 'm45'));
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { code: 131056, message: '(#131056) (Business Account, Consumer Account) pair rate limit hit' } });
    expect((await t.send(text('+4921525551004', 'other user'))).status).toBe(200);
    t.clock.advance(6);
    expect((await t.send(text('+4921525551003', 'later'))).status).toBe(200);
    expect((await t.send(text('+4921525551003', 'too soon'))).status).toBe(400);
  });

  it('can be switched off', async () => {
    await t.control('PUT', '/config', { webhooks: false, pair_rate: false });
    for (let i = 0; i < 60; i++) expect((await t.send(text('+4921525551005', `m${i}`))).status).toBe(200);
  });
});

describe('messaging limit', () => {
  it('fails the third unique recipient outside the window with 131048 as a failed status', async () => {
    await t.control('PUT', '/config', { messaging_limit: 2 });
    const sent: string[] = [];
    for (const phone of ['+4921525552001', '+4921525552002', '+4921525552003']) {
      const res = await t.send(template(phone, 'abfall_aenderung', ['Kempen', 'Montag']));
      expect(res.status).toBe(200);
      sent.push(wamidOf(res.json));
    }
    await rx.waitFor(failedWith(131048, sent[2] ?? ''));
    await rx.waitFor(() => sent.slice(0, 2).every((id) => rx.statuses().some((s) => s.id === id && s.status === 'sent')));
    // A recipient already counted is not counted again; a user inside the window does not count.
    const again = await t.send(template('+4921525552001', 'abfall_aenderung', ['Kempen', 'Dienstag']));
    await rx.waitFor(() => rx.statuses().some((s) => s.id === wamidOf(again.json) && s.status === 'sent'));
    // A rolling 24 hours later the limit is free again.
    t.clock.advance(24 * 3600);
    const later = await t.send(template('+4921525552003', 'abfall_aenderung', ['Kempen', 'Mittwoch']));
    await rx.waitFor(() => rx.statuses().some((s) => s.id === wamidOf(later.json) && s.status === 'sent'));
  });
});

describe('unreachable and marketing opt-out', () => {
  it('fails messages to unreachable numbers with 131026', async () => {
    await t.control('PUT', '/config', { unreachable: ['+49 2152 555 3001'] });
    const res = await t.send(template('+4921525553001', 'abfall_aenderung', ['a', 'b']));
    expect(res.status).toBe(200);
    await rx.waitFor(failedWith(131026, wamidOf(res.json)));
  });

  it('fails marketing templates to users who stopped marketing with 131050; utility still goes', async () => {
    const id = await citizen(null, { country_code: 'DE' });
    const bsuid = String((await t.control('GET', `/users/${id}`)).json.bsuid);
    await t.control('PUT', '/config', { marketing_stopped: [bsuid] });
    const marketing = await t.send(template(bsuid, 'veranstaltung', ['Stadtfest']));
    expect(marketing.status).toBe(200);
    expect(marketing.json.contacts).toEqual([{ input: bsuid, wa_id: '', user_id: bsuid }]);
    await rx.waitFor(failedWith(131050, wamidOf(marketing.json)));
    const failed = rx.statuses().find((s) => s.id === wamidOf(marketing.json));
    expect(failed).toMatchObject({ recipient_id: '', recipient_user_id: bsuid });
    const utility = await t.send(template(bsuid, 'abfall_aenderung', ['a', 'b']));
    await rx.waitFor(() => rx.statuses().some((s) => s.id === wamidOf(utility.json) && s.status === 'sent'));
  });
});

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Receiver, TestEmulator } from './emulator.test-kit.js';
import { PHONE_NUMBER_ID, startEmulator, startReceiver, text } from './emulator.test-kit.js';

let t: TestEmulator;
let rx: Receiver;

beforeEach(async () => {
  rx = await startReceiver();
  t = await startEmulator({ webhook_url: rx.url, mps: 'unlimited', pair_rate: false, webhook_retry: { base_delay_ms: 5 } });
});
afterEach(async () => {
  await t.close();
  await rx.close();
});

async function citizenWithWindow(phone: string): Promise<string> {
  const user = await t.control('POST', '/users', { name: 'Dora', phone, username: '@dora' });
  await t.control('POST', `/users/${String(user.json.id)}/messages`, { type: 'text', text: 'Hallo' });
  return String(user.json.id);
}

function idOf(json: Record<string, unknown>): string {
  return String((json.messages as Array<{ id: string }>)[0]?.id);
}

function keys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keys(v)]));
  return typeof value;
}

describe('status webhooks', () => {
  it('sends sent → delivered → read, signed, with pricing on sent and delivered', async () => {
    await citizenWithWindow('+4921525556001');
    const res = await t.send(text('+4921525556001', 'Danke!', { biz_opaque_callback_data: 'case-17' }));
    const wamid = idOf(res.json);
    await rx.waitFor(() => rx.statuses().filter((s) => s.id === wamid).length === 3);
    // Webhooks are delivered concurrently (as Meta does), so arrival order may differ; the
    // timestamps carry the order: sent ≤ delivered ≤ read.
    const rank = { sent: 0, delivered: 1, read: 2 } as Record<string, number>;
    const statuses = rx
      .statuses()
      .filter((s) => s.id === wamid)
      .sort((a, b) => (rank[String(a.status)] ?? 9) - (rank[String(b.status)] ?? 9));
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    const times = statuses.map((s) => Number(s.timestamp));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    const pricing = { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
    expect(statuses[0]).toEqual({
      id: wamid,
      status: 'sent',
      timestamp: String(Date.parse('2026-01-05T09:00:00Z') / 1000),
      recipient_id: '4921525556001',
      biz_opaque_callback_data: 'case-17',
      pricing,
    });
    expect(statuses[1]?.pricing).toEqual(pricing);
    expect(statuses[2]).not.toHaveProperty('pricing');
    expect(rx.received.every((r) => r.signatureValid)).toBe(true);
    const envelope = rx.received.at(-1)?.json;
    expect(envelope?.object).toBe('whatsapp_business_account');
    expect(envelope?.entry[0]?.changes[0]?.field).toBe('messages');
    expect(envelope?.entry[0]?.changes[0]?.value.metadata).toEqual({ display_phone_number: '4921525550100', phone_number_id: PHONE_NUMBER_ID });
  });

  it('delivers inbound messages in the shape of Meta’s example, plus BSUID fields', async () => {
    await citizenWithWindow('+4921525556002');
    await rx.waitFor((all) => all.length >= 1);
    const example = JSON.parse(readFileSync('/work/shared/reference/whatsapp/webhooks/text-message.json', 'utf8')) as Record<string, unknown>;
    const ours = rx.received[0]?.json as unknown as { entry: Array<{ changes: Array<{ value: { contacts: Array<Record<string, unknown>>; messages: Array<Record<string, unknown>> } }> }> };
    const value = ours.entry[0]?.changes[0]?.value;
    expect(value?.contacts[0]).toMatchObject({ profile: { name: 'Dora', username: '@dora', country_code: 'DE' }, wa_id: '4921525556002' });
    expect(String(value?.contacts[0]?.user_id)).toMatch(/^DE\.\d+$/);
    expect(value?.messages[0]?.from_user_id).toBe(value?.contacts[0]?.user_id);
    // Apart from the BSUID additions, the key structure is exactly Meta's.
    const stripped = structuredClone(ours) as typeof ours;
    const v = stripped.entry[0]?.changes[0]?.value;
    delete v?.contacts[0]?.user_id;
    delete (v?.contacts[0]?.profile as Record<string, unknown>).username;
    delete (v?.contacts[0]?.profile as Record<string, unknown>).country_code;
    delete v?.messages[0]?.from_user_id;
    expect(keys(stripped)).toEqual(keys(example));
  });

  it('stops at delivered without auto_read until the user reads', async () => {
    await t.control('PUT', '/config', { auto_read: false });
    const id = await citizenWithWindow('+4921525556003');
    const first = idOf((await t.send(text('+4921525556003', 'eins'))).json);
    const second = idOf((await t.send(text('+4921525556003', 'zwei'))).json);
    await rx.waitFor(() => [first, second].every((w) => rx.statuses().some((s) => s.id === w && s.status === 'delivered')));
    expect(rx.statuses().some((s) => s.status === 'read')).toBe(false);
    expect((await t.control('POST', `/users/${id}/read`, {})).json).toEqual({ read: 2 });
    await rx.waitFor(() => [first, second].every((w) => rx.statuses().some((s) => s.id === w && s.status === 'read')));
    const inbox = await t.control('GET', `/users/${id}/inbox`);
    const items = inbox.json.items as Array<{ direction: string; status?: string; statuses?: Array<{ status: string }> }>;
    expect(items.map((i) => i.direction)).toEqual(['in', 'out', 'out']);
    expect(items[1]?.status).toBe('read');
    expect(items[1]?.statuses?.map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('sends only `sent` for reactions', async () => {
    const id = await citizenWithWindow('+4921525556004');
    const inbox = await t.control('GET', `/users/${id}/inbox`);
    const inbound = (inbox.json.items as Array<{ wamid: string }>)[0]?.wamid;
    const res = await t.send({ messaging_product: 'whatsapp', to: '+4921525556004', type: 'reaction', reaction: { message_id: inbound, emoji: '👍' } });
    const wamid = idOf(res.json);
    await rx.waitFor(() => rx.statuses().some((s) => s.id === wamid));
    await t.emulator.sender.idle();
    expect(rx.statuses().filter((s) => s.id === wamid).map((s) => s.status)).toEqual(['sent']);
  });

  it('produces duplicates, skipped delivered and out-of-order statuses in disorder mode', async () => {
    await t.control('PUT', '/config', { disorder: true });
    const id = await citizenWithWindow('+4921525556005');
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(idOf((await t.send(text('+4921525556005', `n${i}`))).json));
    await rx.waitFor(() => ids.every((w) => rx.statuses().some((s) => s.id === w && s.status === 'read')));
    await t.emulator.sender.idle();
    const statuses = rx.statuses();
    const count = (w: string, status: string): number => statuses.filter((s) => s.id === w && s.status === status).length;
    expect(ids.some((w) => count(w, 'sent') + count(w, 'delivered') + count(w, 'read') > 3 || count(w, 'read') > 1)).toBe(true);
    expect(ids.some((w) => count(w, 'delivered') === 0)).toBe(true);
    const items = (await t.control('GET', `/users/${id}/inbox`)).json.items as Array<{ wamid: string; statuses: Array<{ status: string }> }>;
    const emitted = (w: string): string[] => items.find((i) => i.wamid === w)?.statuses.map((s) => s.status) ?? [];
    expect(ids.some((w) => emitted(w).indexOf('read') >= 0 && emitted(w).indexOf('read') < emitted(w).indexOf('delivered'))).toBe(true);
    // Every message still ends read, and exactly one of delivered/read carried the final pricing.
    for (const w of ids) {
      const priced = statuses.filter((s) => s.id === w && s.status !== 'sent' && s.pricing);
      expect(new Set(priced.map((s) => s.status)).size).toBe(1);
    }
  });
});

describe('webhook delivery', () => {
  it('retries a webhook answered 500, then 200', async () => {
    rx.answers.push(500);
    await citizenWithWindow('+4921525556006');
    await rx.waitFor((all) => all.length === 1);
    const stats = (await t.control('GET', '/stats')).json;
    expect(stats.webhooks_failed_attempts).toBe(1);
    expect(stats.webhooks_delivered).toBe(1);
    const log = (await t.control('GET', '/webhooks')).json.log as Array<{ outcome: string; attempt: number }>;
    expect(log.map((l) => [l.outcome, l.attempt])).toEqual([
      ['retrying', 1],
      ['delivered', 2],
    ]);
  });

  it('gives up after max_attempts and can drop webhooks on purpose', async () => {
    await t.control('PUT', '/config', { webhook_retry: { max_attempts: 2 } });
    rx.answers.push(503, 503);
    await citizenWithWindow('+4921525556007');
    await t.emulator.sender.idle();
    expect(rx.received).toHaveLength(0);
    expect((await t.control('GET', '/stats')).json).toMatchObject({ webhooks_given_up: 1, webhooks_failed_attempts: 2 });

    await t.control('PUT', '/config', { faults: { webhook_drop_rate: 1 } });
    await t.control('POST', '/users/u1/messages', { type: 'text', text: 'verloren' });
    await t.emulator.sender.idle();
    expect(rx.received).toHaveLength(0);
    expect((await t.control('GET', '/stats')).json.webhooks_dropped).toBe(1);
  });

  it('sends nothing when webhooks are off', async () => {
    await t.control('PUT', '/config', { webhooks: false });
    await citizenWithWindow('+4921525556008');
    await t.send(text('+4921525556008', 'x'));
    expect(t.emulator.sender.pending).toBe(0);
    expect(rx.received).toHaveLength(0);
    expect(((await t.control('GET', '/stats')).json.webhooks_skipped as number) > 0).toBe(true);
  });
});

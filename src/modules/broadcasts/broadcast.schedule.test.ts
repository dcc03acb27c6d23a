/**
 * Time and limits of broadcasts through the emulator, on SQLite and PostgreSQL (the clock is
 * advanced through the emulator's control API, never slept): a broadcast over the messaging
 * limit finishes the next day without 130429; a scheduled one goes out at its time and not
 * before; a cancelled one sends nothing more; rows past "not after" expire; STOP after the
 * fan-out withdraws the waiting row; a class without an approved teaser shows and counts its
 * recipients outside the window.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.js';
import type { Client } from '../../test/staff.js';
import { createTestApp, eventually, type TestApp } from '../../test/test-app.js';
import { approvedAndSent, CHECKLIST, notice, staff, subscriber, type Citizen } from './broadcast.test-kit.js';

const HOUR_S = 3600;

describeEachDatabase('broadcast schedule, limits and expiry', (dialect) => {
  let t: TestApp;
  let who: { editor: Client; approver: Client; secondApprover: Client };
  let citizens: Citizen[];

  beforeEach(async () => {
    t = await createTestApp(dialect, { env: { WHATSAPP_MESSAGING_LIMIT: '2' } });
    await t.container.templateSync!.sync();
    citizens = [
      await subscriber(t, '+4921525550101', 'de', ['abfall']),
      await subscriber(t, '+4921525550102', 'de', ['abfall']),
      await subscriber(t, '+4921525550103', 'de', ['abfall']),
    ];
    await t.control('POST', '/clock', { advance_s: 25 * HOUR_S }); // everybody's window is closed
    for (const c of citizens) await c.fresh();
    who = await staff(t);
  });
  afterEach(async () => {
    await t.close();
  });

  const get = async (id: number) => (await who.editor.inject('GET', `/api/broadcasts/${id}`)).json().data;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const settle = (id: number, done: (b: any) => boolean, what: string) =>
    eventually(async () => {
      await t.container.inboundProcessor.drain();
      await t.container.dispatcher.drain();
      const b = await get(id);
      return done(b) ? b : null;
    }, what);
  const templatesReceived = async () => (await Promise.all(citizens.map((c) => c.out()))).map((items) => items.filter((i) => i.type === 'template').length);
  const noThrottleErrors = async () => {
    const rows = await t.database.db.selectFrom('outbox').select(['error_code']).where('error_code', 'in', ['130429', '131056']).execute();
    expect(rows).toEqual([]);
  };

  it('over the messaging limit: two today, the third the next day (clock advanced), without 130429; the estimate said two days', async () => {
    const created = (await who.editor.inject('POST', '/api/broadcasts', notice())).json().data;
    const estimate = (await who.editor.inject('GET', `/api/broadcasts/${created.id}/estimate`)).json().data;
    expect(estimate).toMatchObject({ outside_window: 3, messaging_limit: { limit: 2, days: 2 } });
    await who.editor.inject('POST', `/api/broadcasts/${created.id}/submit`, {});
    await who.approver.inject('POST', `/api/broadcasts/${created.id}/approve`, {});
    await who.editor.inject('POST', `/api/broadcasts/${created.id}/send`, {});
    const today = await settle(created.id, (b) => b.counts.read === 2, 'two read today');
    expect(today.counts.queued).toBe(1);
    expect(today.failures).toEqual([{ state: 'queued', reason: 'messaging_limit', n: 1 }]);
    expect(await templatesReceived()).toEqual([1, 1, 0]);
    await t.container.broadcastSchedule.runOnce();
    expect((await get(created.id)).status).toBe('sending');

    await t.control('POST', '/clock', { advance_s: 24 * HOUR_S + 60 });
    who = await staff(t);
    const tomorrow = await settle(created.id, (b) => b.counts.read === 3, 'the third the next day');
    expect(tomorrow.counts).toMatchObject({ queued: 0, read: 3, failed: 0 });
    expect(await templatesReceived()).toEqual([1, 1, 1]);
    await noThrottleErrors();
    await t.container.broadcastSchedule.runOnce();
    expect((await get(created.id)).status).toBe('sent');
  });

  it('a scheduled broadcast goes out at its time and not before', async () => {
    const at = new Date(t.container.clock.now().getTime() + 2 * HOUR_S * 1000).toISOString();
    const id = await approvedAndSent(who, notice({ scheduled_at: at }));
    expect((await get(id)).status).toBe('scheduled');
    await t.control('POST', '/clock', { advance_s: 2 * HOUR_S - 60 });
    await t.container.broadcastSchedule.runOnce();
    await t.container.dispatcher.drain();
    const early = await t.database.db.selectFrom('outbox').select('id').where('broadcast_id', '=', id).execute();
    expect(early).toEqual([]);
    expect(await templatesReceived()).toEqual([0, 0, 0]);

    await t.control('POST', '/clock', { advance_s: 120 });
    await t.container.broadcastSchedule.runOnce();
    who = await staff(t);
    const b = await settle(id, (x) => x.counts.read === 2, 'sent at its time');
    expect(b.status).toBe('sending');
    expect(new Date(b.started_at).getTime()).toBeGreaterThanOrEqual(Date.parse(at));
    expect(await templatesReceived()).toEqual([1, 1, 0]); // the third waits for the messaging limit
  });

  it('a cancelled broadcast sends nothing more; STOP after the fan-out withdraws that citizen’s row', async () => {
    const id = await approvedAndSent(who, notice());
    await settle(id, (b) => b.counts.read === 2, 'two read');
    const cancelled = await who.editor.inject('POST', `/api/broadcasts/${id}/cancel`, {});
    expect(cancelled.json().data).toMatchObject({ status: 'cancelled', counts: { cancelled: 1, read: 2 } });
    await t.control('POST', '/clock', { advance_s: 25 * HOUR_S });
    await t.container.dispatcher.drain();
    expect(await templatesReceived()).toEqual([1, 1, 0]);
    who = await staff(t);
    expect((await who.editor.inject('POST', `/api/broadcasts/${id}/send`, {})).json().error).toMatchObject({ code: 'broadcast/invalid_transition', allowed: [] });

    // a second notice: the third citizen writes STOP while their row waits for the limit
    const second = await approvedAndSent(who, notice({ title: 'Zweite Mitteilung' }));
    await settle(second, (b) => b.counts.read === 2, 'two read');
    const before = (await get(second)).counts;
    expect(before.queued).toBe(1);
    await citizens[2]!.say('STOP');
    await t.control('POST', '/clock', { advance_s: 25 * HOUR_S });
    who = await staff(t);
    const after = await settle(second, (b) => b.counts.queued === 0, 'the waiting row withdrawn');
    expect(after.counts.cancelled).toBe(1);
    expect(after.failures).toEqual([{ state: 'cancelled', reason: 'unsubscribed', n: 1 }]);
    expect(await templatesReceived()).toEqual([2, 2, 0]);
  });

  it('rows past “not after” expire instead of being sent', async () => {
    const notAfter = new Date(t.container.clock.now().getTime() + HOUR_S * 1000).toISOString();
    const id = await approvedAndSent(who, notice({ not_after: notAfter }));
    await settle(id, (b) => b.counts.read === 2, 'two read');
    await t.control('POST', '/clock', { advance_s: 25 * HOUR_S });
    who = await staff(t);
    const b = await settle(id, (x) => x.counts.expired === 1, 'the third expired');
    expect(b.failures).toEqual([{ state: 'expired', reason: 'expired', n: 1 }]);
    expect(await templatesReceived()).toEqual([1, 1, 0]);
    await t.container.broadcastSchedule.runOnce();
    expect((await get(id)).status).toBe('sent');
  });

  it('a class without an approved teaser shows and counts its recipients outside the window, before and after sending', async () => {
    // Meta rejects the tourism teasers (status webhooks update the registry)
    t.emulator.updateConfig({ templates: t.emulator.config.templates.map((tpl) => (tpl.name === 'stadtbote_tourism' ? { ...tpl, status: 'REJECTED' as const } : tpl)) });
    await eventually(async () => {
      await t.container.inboundProcessor.drain();
      const rows = await t.database.db.selectFrom('message_template').select('status').where('name', '=', 'stadtbote_tourism').execute();
      return rows.length === 3 && rows.every((r) => r.status === 'rejected');
    }, 'the registry knows');
    const inside = await subscriber(t, '+4921525550104', 'de', ['abfall']); // writes now: window open
    who = await staff(t);
    const created = (await who.editor.inject('POST', '/api/broadcasts', notice({ content_class: 'tourism', checklist: CHECKLIST.tourism, title: 'Radtour am Niederrhein' }))).json().data;
    const estimate = (await who.editor.inject('GET', `/api/broadcasts/${created.id}/estimate`)).json().data;
    expect(estimate).toMatchObject({ recipients: 4, inside_window: 1, outside_window: 3, without_template: 3, teaser_approved: false, cost: { amount: 0 } });
    expect(estimate.renderings.teaser[0]).toMatchObject({ language: 'de', template: 'stadtbote_tourism', status: 'rejected' });
    await who.editor.inject('POST', `/api/broadcasts/${created.id}/submit`, {});
    await who.approver.inject('POST', `/api/broadcasts/${created.id}/approve`, {});
    await who.editor.inject('POST', `/api/broadcasts/${created.id}/send`, {});
    const b = await settle(created.id, (x) => x.counts.failed === 3 && x.counts.read === 1, 'three counted as failed, one read');
    expect(b.failures).toEqual([{ state: 'failed', reason: 'outside_window', n: 3 }]);
    expect((await inside.fresh()).map((i) => i.type)).toEqual(['text']);
    expect(await templatesReceived()).toEqual([0, 0, 0]);
  });
});

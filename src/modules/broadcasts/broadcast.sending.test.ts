/**
 * Broadcasts end to end through the built-in emulator, on SQLite and PostgreSQL: citizens
 * subscribe in the chat; a notice is written, approved by a second person and sent; only the
 * topic's subscribers get it, in their language; nobody after STOP; outside the window the
 * teaser template goes out and its "Lesen" tap brings the full text; counts reach delivered and
 * read; the computed cost follows Meta's pricing in the status webhooks; the estimate matches.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.js';
import type { Client } from '../../test/staff.js';
import { createTestApp, eventually, type TestApp } from '../../test/test-app.js';
import { approvedAndSent, notice, seen, staff, subscriber, type OutItem } from './broadcast.test-kit.js';

const HOUR_S = 3600;

describeEachDatabase('broadcasts through the emulator', (dialect) => {
  let t: TestApp;
  let who: { editor: Client; approver: Client; secondApprover: Client };

  beforeEach(async () => {
    t = await createTestApp(dialect);
    expect(await t.container.templateSync!.sync()).toMatchObject({ synced: 15 }); // the seed's teasers, approved in the emulator
  });
  afterEach(async () => {
    await t.close();
  });

  const get = async (id: number) => (await who.editor.inject('GET', `/api/broadcasts/${id}`)).json().data;
  const deliver = () => t.container.dispatcher.drain();
  /** Processes the status webhooks as they arrive until the broadcast's figures satisfy `done`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const settle = (id: number, done: (b: any) => boolean, what: string) =>
    eventually(async () => {
      await t.container.inboundProcessor.drain();
      await t.container.dispatcher.drain();
      const b = await get(id);
      return done(b) ? b : null;
    }, what);

  it('reaches only the topic’s subscribers, in their language; nobody after STOP; teaser outside the window, full text after “Lesen”; counts, cost and estimate', async () => {
    const anna = await subscriber(t, '+4921525550011', 'de', ['abfall']);
    const ben = await subscriber(t, '+447700900111', 'en', ['abfall']);
    const cor = await subscriber(t, '+31612340011', 'nl', ['abfall']);
    const dora = await subscriber(t, '+4921525550012', 'de', ['veranstaltungen']);
    const emil = await subscriber(t, '+4921525550013', 'de', ['abfall']);
    await emil.say('STOP');

    // a day later only Anna has written again: her window is open, Ben's and Cor's are closed
    await t.control('POST', '/clock', { advance_s: 25 * HOUR_S });
    await anna.say('Danke');
    await Promise.all([anna, ben, cor, dora, emil].map((c) => c.fresh()));
    who = await staff(t); // signed in now (sessions end after 12 h)

    const created = await who.editor.inject('POST', '/api/broadcasts', notice());
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id as number;
    const estimate = (await who.editor.inject('GET', `/api/broadcasts/${id}/estimate`)).json().data;
    expect(estimate).toMatchObject({ recipients: 3, inside_window: 1, outside_window: 2, without_template: 0, teaser_approved: true, follow_ups_expected: 2, languages: { de: 1, en: 1, nl: 1 } });
    expect(estimate.teasers).toEqual(
      expect.arrayContaining([
        { name: 'stadtbote_official_notice', language: 'en', category: 'utility', recipients: 1 },
        { name: 'stadtbote_official_notice', language: 'nl', category: 'utility', recipients: 1 },
      ]),
    );
    expect(estimate.cost.amount).toBeCloseTo(2 * 0.0456, 4);
    const teaserDe = estimate.renderings.teaser.find((r: { language: string }) => r.language === 'de');
    expect(teaserDe.text).toContain('„Abfuhr verschoben“');
    expect(teaserDe.text).toContain('Abfallkalender');

    // four eyes: the editor cannot approve; a second person does
    expect((await who.editor.inject('POST', `/api/broadcasts/${id}/submit`, {})).json().data.status).toBe('submitted');
    expect((await who.editor.inject('POST', `/api/broadcasts/${id}/approve`, {})).statusCode).toBe(403);
    expect((await who.approver.inject('POST', `/api/broadcasts/${id}/approve`, {})).json().data.status).toBe('approved');
    const sending = await who.editor.inject('POST', `/api/broadcasts/${id}/send`, {});
    expect(sending.json().data).toMatchObject({ status: 'sending', recipients: 3 });
    await deliver();

    // Anna: the German text free-form; Ben and Cor: the teaser template in theirs
    const [toAnna] = await anna.fresh();
    expect(toAnna).toMatchObject({ type: 'text' });
    expect(seen(toAnna!)).toContain('Die Restmülltonne wird');
    const [teaserBen] = await ben.fresh();
    expect(teaserBen).toMatchObject({ type: 'template' });
    expect(teaserBen!.content).toMatchObject({ name: 'stadtbote_official_notice', language: { code: 'en' } });
    expect(seen(teaserBen!)).toContain('Collection postponed');
    expect(seen(teaserBen!)).toContain(`notice:${id}`);
    const [teaserCor] = await cor.fresh();
    expect(teaserCor!.content).toMatchObject({ name: 'stadtbote_official_notice', language: { code: 'nl' } });
    expect(seen(teaserCor!)).toContain('Ophaling uitgesteld');
    // nobody else
    expect(await dora.fresh()).toEqual([]);
    expect(await emil.fresh()).toEqual([]);

    // Ben taps "Read": the full notice follows, in English, free-form
    const afterTap = await ben.tapTemplate(teaserBen!, `notice:${id}`, 'Read');
    expect(afterTap.map((i: OutItem) => i.type)).toEqual(['text']);
    expect(seen(afterTap[0]!)).toContain('the residual waste bin will be emptied on _Tuesday_');
    await deliver();

    const figures = await settle(id, (b) => b.counts.read === 3, 'all three read');
    expect(figures.counts).toMatchObject({ queued: 0, sent: 0, delivered: 0, read: 3, failed: 0 });
    expect(figures).toMatchObject({ teasers: 2, follow_ups: 1, reached: { delivered: 3, read: 3 } });
    // computed cost: the two teasers, utility as Meta reported, at the rate card (+44 → other, +31 → NL)
    expect(figures.cost).toMatchObject({ currency: 'EUR', computed_not_invoiced: true });
    expect(figures.cost.amount).toBeCloseTo(2 * 0.0456, 4);
    expect(figures.cost.lines.map((l: { category: string; market: string; messages: number }) => [l.category, l.market, l.messages]).sort()).toEqual([
      ['utility', 'NL', 1],
      ['utility', 'other', 1],
    ]);
    // the estimate kept at sending matches what was sent
    expect(figures.estimate).toMatchObject({ recipients: 3, inside_window: 1, outside_window: 2 });
    expect(figures.estimate.cost.amount).toBeCloseTo(figures.cost.amount, 4);

    await t.container.broadcastSchedule.runOnce();
    expect((await get(id)).status).toBe('sent');
    expect((await who.editor.inject('POST', `/api/broadcasts/${id}/send`, {})).json().error.code).toBe('broadcast/already_sent');
  });

  it('the emulator’s re-categorisation moves the computed cost with the status webhook, not with the registry', async () => {
    const ben = await subscriber(t, '+447700900222', 'en', ['abfall']);
    await t.control('POST', '/clock', { advance_s: 25 * HOUR_S });
    await ben.fresh();
    who = await staff(t);
    const first = await approvedAndSent(who, notice());
    await deliver();
    const before = await settle(first, (b) => b.counts.read === 1, 'first read');
    expect(before.cost.lines).toMatchObject([{ category: 'utility', messages: 1 }]);

    // Meta now bills the template as marketing (the emulator's re-categorisation)
    t.emulator.updateConfig({ templates: t.emulator.config.templates.map((tpl) => (tpl.name === 'stadtbote_official_notice' ? { ...tpl, billed_category: 'MARKETING' as const } : tpl)) });
    const second = await approvedAndSent(who, notice({ title: 'Abfuhr wieder normal' }));
    await deliver();
    const after = await settle(second, (b) => b.counts.read === 1, 'second read');
    expect(after.cost.lines).toMatchObject([{ category: 'marketing', market: 'other', messages: 1, price: 0.1131 }]);
    expect(after.cost.amount).toBeCloseTo(0.1131, 4);
    // the first broadcast keeps the category Meta reported for its message
    expect((await get(first)).cost.lines).toMatchObject([{ category: 'utility', messages: 1, price: 0.0456 }]);
  });
});

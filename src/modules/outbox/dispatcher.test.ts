/**
 * The dispatcher against the emulator: priority over a queued broadcast, per-recipient pair-rate
 * backoff, throughput slow-down, the retry deadline, the messaging limit and its release when
 * the 24-hour window rolls (clock advanced, not slept), unreachable contacts, marketing stops.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DbClock } from '../../db/db-clock.js';
import { silentLogger } from '../../lib/log.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../test/databases.js';
import { startTestEmulator, type TestEmulator } from '../../test/emulator.js';
import { resolveSender, touchInbound } from '../contacts/contact.service.js';
import { contactRepository } from '../contacts/contact.repository.js';
import { templateRepository } from '../templates/template.repository.js';
import { fanOut } from './fanout.repository.js';
import { OutboxDispatcher } from './outbox.dispatcher.js';
import { outboxRepository } from './outbox.repository.js';
import { createOutboxService, type OutboxService } from './outbox.service.js';

describeEachDatabase('dispatcher', (dialect) => {
  let database: TestDatabase;
  let clock: DbClock;
  let outbox: OutboxService;
  let meta: TestEmulator;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    clock = await DbClock.load(database.db, { canAdvance: true });
    outbox = createOutboxService({ clock, defaultChannel: 'whatsapp' });
    meta = await startTestEmulator(clock, {
      templates: [
        { name: 'abfall_aenderung', language: 'de', category: 'UTILITY', status: 'APPROVED', body: 'Neue Abfuhrtermine für {{1}}.' },
        { name: 'sommerfest', language: 'de', category: 'MARKETING', status: 'APPROVED', body: 'Sommerfest am Buttermarkt!' },
      ],
    });
    for (const t of [
      { name: 'abfall_aenderung', category: 'utility', body: 'Neue Abfuhrtermine für {{1}}.', parameter_count: 1 },
      { name: 'sommerfest', category: 'marketing', body: 'Sommerfest am Buttermarkt!', parameter_count: 0 },
    ]) {
      await templateRepository.upsert(database.db, { ...t, language: 'de', status: 'approved', serves: [], updated_at: 0 });
    }
  });
  afterEach(async () => {
    await meta.close();
    await database.drop();
  });

  const dispatcher = (extra: Partial<ConstructorParameters<typeof OutboxDispatcher>[0]> = {}) =>
    new OutboxDispatcher({ db: database.db, dialect, clock, log: silentLogger(), channels: { whatsapp: meta.channel }, sender: '100000000000001', mps: 1000, messagingLimit: 'unlimited', ...extra });

  const citizen = async (phone: string, windowOpen = true) => {
    const { contact } = await resolveSender(database.db, { phone }, clock.now());
    if (windowOpen) {
      await touchInbound(database.db, contact, clock.now());
      await meta.control('POST', '/users', { phone: `+${phone}` });
      const users = (await meta.control<{ users: { id: string; phone: string }[] }>('GET', '/users')).json.users;
      await meta.control('POST', `/users/${users.find((u) => u.phone === phone)!.id}/messages`, { type: 'text', text: 'Hallo' });
    }
    return contact.id;
  };

  it('with 10,000 broadcast rows queued, a citizen’s reply is the next row claimed', async () => {
    const topic = await database.db
      .insertInto('topic')
      .values({ key: 'abfall', names: '{}', descriptions: '{}', sort_order: 0, active: 1, urgent: 0, created_at: 0, updated_at: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const now = clock.now().getTime();
    const contacts = Array.from({ length: 10_000 }, (_, i) => ({ phone: `49151${String(i).padStart(8, '0')}`, created_at: now, updated_at: now }));
    for (let i = 0; i < contacts.length; i += 1000) await database.db.insertInto('contact').values(contacts.slice(i, i + 1000)).execute();
    await database.db
      .insertInto('subscription')
      .columns(['contact_id', 'topic_id', 'created_at'])
      .expression((eb) => eb.selectFrom('contact').select(['id', eb.val(topic.id).as('topic_id'), eb.val(now).as('created_at')]))
      .execute();
    const rows = await fanOut(
      database.db,
      { broadcastId: 1, topicIds: [topic.id], payload: JSON.stringify({ type: 'template', name: 'abfall_aenderung', language: 'de', body: [{ text: 'Kempen-Nord' }] }), channel: 'whatsapp', now, notAfter: null },
      3000,
    );
    expect(rows).toBe(10_000);
    const reply = await outbox.enqueue(database.db, { contactId: await citizen('4921525551234'), kind: 'dialogue_reply', message: { type: 'text', text: 'Gern geschehen!' } });
    const [next] = await outboxRepository.claimDue(database.db, dialect, { owner: 'probe', now: clock.now().getTime(), leaseMs: 1000, limit: 1 });
    expect(next?.id).toBe(reply);
  });

  it('131056 backs off that recipient only (4^X s), the others are unaffected', async () => {
    const busy = await citizen('4921525550001');
    const other = await citizen('4921525550002');
    const ids: number[] = [];
    for (let i = 0; i < 46; i++) ids.push(await outbox.enqueue(database.db, { contactId: busy, kind: 'dialogue_reply', message: { type: 'text', text: `Nachricht ${i}` } }));
    const otherId = await outbox.enqueue(database.db, { contactId: other, kind: 'dialogue_reply', message: { type: 'text', text: 'Hallo' } });
    await dispatcher().drain();
    expect(await outboxRepository.findById(database.db, ids[45]!)).toMatchObject({ state: 'queued', error_reason: 'pair_rate' });
    expect((await outboxRepository.findById(database.db, otherId))?.state).toBe('sent');
    expect(await meta.sentTo('4921525550001')).toHaveLength(45);
    const contact = await contactRepository.findById(database.db, busy);
    expect(contact?.pair_backoff_level).toBe(1);
    expect(contact!.pair_backoff_until! - clock.now().getTime()).toBeLessThanOrEqual(1000);
    await clock.advance(10); // the bucket refills one token per 6 s
    await dispatcher().drain();
    expect((await outboxRepository.findById(database.db, ids[45]!))?.state).toBe('sent');
    expect((await contactRepository.findById(database.db, busy))?.pair_backoff_level).toBe(0);
  });

  it('130429 retries the row and slows the shared budget down', async () => {
    meta.emulator.updateConfig({ mps: 5 });
    const c = await citizen('4921525550003');
    meta.emulator.updateConfig({ mps: 1 });
    const a = await outbox.enqueue(database.db, { contactId: c, kind: 'dialogue_reply', message: { type: 'text', text: 'eins' } });
    const b = await outbox.enqueue(database.db, { contactId: c, kind: 'dialogue_reply', message: { type: 'text', text: 'zwei' } });
    await dispatcher().drain(); // configured for 1,000 mps, the platform allows 1
    expect((await outboxRepository.findById(database.db, a))?.state).toBe('sent');
    const slowed = await outboxRepository.findById(database.db, b);
    expect(slowed).toMatchObject({ state: 'queued', error_code: '130429', error_reason: 'throughput' });
    const budget = await database.db.selectFrom('rate_budget').selectAll().where('key', '=', 'sender:100000000000001').executeTakeFirstOrThrow();
    expect(budget.slow_until).toBeGreaterThan(clock.now().getTime());
    await clock.advance(60);
    await dispatcher().drain();
    expect((await outboxRepository.findById(database.db, b))?.state).toBe('sent');
  });

  it('retries a 5xx until the deadline, then fails the row', async () => {
    const c = await citizen('4921525550004');
    meta.emulator.updateConfig({ faults: { error_rate: 1 } });
    const id = await outbox.enqueue(database.db, { contactId: c, kind: 'dialogue_reply', message: { type: 'text', text: 'Hallo' } });
    const d = dispatcher({ retryWindowMs: 60_000 });
    for (let i = 0; i < 12; i++) {
      await d.drain();
      await clock.advance(30);
    }
    const row = await outboxRepository.findById(database.db, id);
    expect(row).toMatchObject({ state: 'failed', error_code: '131000' });
    expect(row!.attempts).toBeGreaterThan(1);
    expect(await meta.sentTo('4921525550004')).toHaveLength(0);
  });

  it('the messaging limit holds back the excess and releases it when the 24-hour window rolls', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const contact = await citizen(`49215255510${i}0`, false);
      ids.push(await outbox.enqueue(database.db, { contactId: contact, kind: 'broadcast', message: { type: 'template', name: 'abfall_aenderung', language: 'de', body: [{ text: 'Kempen-Nord' }] } }));
    }
    await dispatcher({ messagingLimit: 2 }).drain();
    const states = await Promise.all(ids.map((id) => outboxRepository.findById(database.db, id)));
    expect(states.map((r) => r?.state)).toEqual(['sent', 'sent', 'queued']);
    expect(states[2]).toMatchObject({ error_reason: 'messaging_limit' });
    await clock.advance(23 * 3600);
    await dispatcher({ messagingLimit: 2 }).drain();
    expect((await outboxRepository.findById(database.db, ids[2]!))?.state).toBe('queued');
    await clock.advance(3600 + 5);
    await dispatcher({ messagingLimit: 2 }).drain();
    expect((await outboxRepository.findById(database.db, ids[2]!))?.state).toBe('sent');
  });

  it('an unreachable contact (131026) is not sent to until it writes again; marketing stops (131050) suppress marketing templates only', async () => {
    const c = await citizen('4921525550005');
    await contactRepository.update(database.db, c, { unreachable_since: clock.now().getTime() });
    const blocked = await outbox.enqueue(database.db, { contactId: c, kind: 'dialogue_reply', message: { type: 'text', text: 'Hallo' } });
    await dispatcher().drain();
    expect(await outboxRepository.findById(database.db, blocked)).toMatchObject({ state: 'failed', error_reason: 'unreachable' });
    const contact = (await contactRepository.findById(database.db, c))!;
    await touchInbound(database.db, contact, clock.now());
    await contactRepository.update(database.db, c, { marketing_stopped_at: clock.now().getTime() });
    const marketing = await outbox.enqueue(database.db, { contactId: c, kind: 'broadcast', message: { type: 'template', name: 'sommerfest', language: 'de' } });
    const utility = await outbox.enqueue(database.db, { contactId: c, kind: 'broadcast', message: { type: 'template', name: 'abfall_aenderung', language: 'de', body: [{ text: 'Süd' }] } });
    await dispatcher().drain();
    expect(await outboxRepository.findById(database.db, marketing)).toMatchObject({ state: 'failed', error_reason: 'marketing_stopped' });
    expect((await outboxRepository.findById(database.db, utility))?.state).toBe('sent');
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import type { InboundEvent } from '../../channels/channel.js';
import { DbClock } from '../../db/db-clock.js';
import { silentLogger } from '../../lib/log.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../test/databases.js';
import { startTestEmulator, type TestEmulator } from '../../test/emulator.js';
import { resolveSender, touchInbound } from '../contacts/contact.service.js';
import { OutboxDispatcher } from './outbox.dispatcher.js';
import { outboxRepository } from './outbox.repository.js';
import { createOutboxService, type OutboxService } from './outbox.service.js';

type StatusEvent = Extract<InboundEvent, { kind: 'status' }>;

describeEachDatabase('outbox', (dialect) => {
  let database: TestDatabase;
  let clock: DbClock;
  let outbox: OutboxService;
  let meta: TestEmulator;
  let dispatcher: OutboxDispatcher;
  let contactId: number;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    clock = await DbClock.load(database.db, { canAdvance: true });
    outbox = createOutboxService({ clock, defaultChannel: 'whatsapp' });
    meta = await startTestEmulator(clock);
    dispatcher = new OutboxDispatcher({ db: database.db, dialect, clock, log: silentLogger(), channels: { whatsapp: meta.channel }, sender: '100000000000001', mps: 80, messagingLimit: 250 });
    const { contact } = await resolveSender(database.db, { phone: '4921525551234' }, clock.now());
    await touchInbound(database.db, contact, clock.now()); // the citizen wrote: the window is open
    contactId = contact.id;
  });
  afterEach(async () => {
    await meta.close();
    await database.drop();
  });

  const status = (externalId: string, s: StatusEvent['status'], atMs: number, extra: Partial<StatusEvent> = {}): StatusEvent => ({
    kind: 'status',
    key: `status:${externalId}:${s}`,
    orderKey: 'phone:4921525551234',
    at: new Date(atMs),
    raw: {},
    externalId,
    status: s,
    recipient: { phone: '4921525551234' },
    ...extra,
  });

  it('a row commits with its cause or not at all', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await outbox.enqueue(trx, { contactId, kind: 'case_update', message: { type: 'text', text: 'Ihr Anliegen ist in Bearbeitung.' } });
        throw new Error('the case change failed');
      }),
    ).rejects.toThrow('the case change failed');
    expect(await outboxRepository.countByState(database.db)).toEqual({});
  });

  it('claims, sends through the port with the contact’s address, and records the external id', async () => {
    const id = await outbox.enqueue(database.db, { contactId, kind: 'dialogue_reply', message: { type: 'text', text: 'Hallo' } });
    expect(await dispatcher.drain()).toBe(1);
    const sent = await meta.sentTo('4921525551234');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'text', content: { body: 'Hallo' } });
    const row = await outboxRepository.findById(database.db, id);
    expect(row).toMatchObject({ state: 'sent', external_id: sent[0]!.wamid, attempts: 1, lease_owner: null });
  });

  it('sends dialogue replies before broadcasts that were queued earlier', async () => {
    for (let i = 0; i < 5; i++) await outbox.enqueue(database.db, { contactId, kind: 'broadcast', message: { type: 'text', text: `Mitteilung ${i}` } });
    await outbox.enqueue(database.db, { contactId, kind: 'dialogue_reply', message: { type: 'text', text: 'Antwort' } });
    const claimed = await outboxRepository.claimDue(database.db, dialect, { owner: 'x', now: clock.now().getTime(), leaseMs: 1000, limit: 1 });
    expect(JSON.parse(claimed[0]!.payload).text).toBe('Antwort');
  });

  it('retries a retryable error after a backoff and stops on a permanent one', async () => {
    meta.emulator.updateConfig({ faults: { error_rate: 1 } });
    const id = await outbox.enqueue(database.db, { contactId, kind: 'dialogue_reply', message: { type: 'text', text: 'Hallo' } });
    await dispatcher.drain();
    let row = await outboxRepository.findById(database.db, id);
    expect(row).toMatchObject({ state: 'queued', error_code: '131000', error_reason: 'unavailable' });
    expect(await dispatcher.drain()).toBe(0);
    meta.emulator.updateConfig({ faults: { error_rate: 0 } });
    await clock.advance(5);
    await dispatcher.drain();
    expect((await outboxRepository.findById(database.db, id))?.state).toBe('sent');

    // a template the platform does not know: permanent, not retried
    const other = await outbox.enqueue(database.db, { contactId, kind: 'case_update', message: { type: 'template', name: 'gibt_es_nicht', language: 'de' } });
    await dispatcher.drain();
    row = await outboxRepository.findById(database.db, other);
    expect(row).toMatchObject({ state: 'failed', error_code: '132001', error_reason: 'template', attempts: 1 });
  });

  it('a row past its "not after" time expires instead of being sent', async () => {
    const id = await outbox.enqueue(database.db, {
      contactId,
      kind: 'broadcast',
      message: { type: 'text', text: 'Heute Abend: Straßenfest' },
      notAfter: new Date(clock.now().getTime() + 3600_000),
    });
    await clock.advance(2 * 3600);
    await dispatcher.drain();
    expect(await meta.sentTo('4921525551234')).toHaveLength(0);
    expect((await outboxRepository.findById(database.db, id))?.state).toBe('expired');
  });

  it('a send whose lease expired (crashed dispatcher) is claimed again', async () => {
    const id = await outbox.enqueue(database.db, { contactId, kind: 'dialogue_reply', message: { type: 'text', text: 'Hallo' } });
    await outboxRepository.claimDue(database.db, dialect, { owner: 'crashed', now: clock.now().getTime(), leaseMs: 30_000, limit: 10 });
    expect(await dispatcher.drain()).toBe(0);
    await clock.advance(31);
    await dispatcher.drain();
    expect(await meta.sentTo('4921525551234')).toHaveLength(1);
    expect((await outboxRepository.findById(database.db, id))?.state).toBe('sent');
  });

  it('delivery statuses move forward only, out of order and twice', async () => {
    const id = await outbox.enqueue(database.db, { contactId, kind: 'dialogue_reply', message: { type: 'text', text: 'Hallo' } });
    await dispatcher.drain();
    const wamid = (await outboxRepository.findById(database.db, id))!.external_id!;
    const t = clock.now().getTime();
    expect(await outbox.applyStatus(database.db, status(wamid, 'read', t + 3000))).toBe(true);
    await outbox.applyStatus(database.db, status(wamid, 'delivered', t + 2000, { pricing: { category: 'service', type: 'free_customer_service' } }));
    await outbox.applyStatus(database.db, status(wamid, 'sent', t + 1000));
    await outbox.applyStatus(database.db, status(wamid, 'failed', t + 4000, { errors: [{ code: 131047, title: 'Re-engagement message', reason: 'outside_window', retryable: false }] }));
    await outbox.applyStatus(database.db, status(wamid, 'read', t + 5000));
    const row = await outboxRepository.findById(database.db, id);
    expect(row).toMatchObject({ state: 'read', read_at: t + 3000, delivered_at: t + 3000, pricing_category: 'service', pricing_type: 'free_customer_service', error_code: null });
  });

  it('a failed status marks a sent message failed with the code', async () => {
    const id = await outbox.enqueue(database.db, { contactId, kind: 'dialogue_reply', message: { type: 'text', text: 'Hallo' } });
    await dispatcher.drain();
    const wamid = (await outboxRepository.findById(database.db, id))!.external_id!;
    await outbox.applyStatus(
      database.db,
      status(wamid, 'failed', clock.now().getTime(), { errors: [{ code: 131047, title: 'Re-engagement message', reason: 'outside_window', retryable: false, details: 'More than 24 hours' }] }),
    );
    expect(await outboxRepository.findById(database.db, id)).toMatchObject({
      state: 'failed',
      error_code: '131047',
      error_reason: 'outside_window',
      error_detail: 'Re-engagement message: More than 24 hours',
    });
    expect(await outbox.applyStatus(database.db, status('wamid.unknown', 'delivered', 0))).toBe(false);
  });
});

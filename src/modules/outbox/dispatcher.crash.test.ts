/**
 * Crash safety of the dispatcher (decision 6, issue 5): a dispatcher in a child process sends to
 * the test's emulator over real HTTP and is killed with SIGKILL at one of three points — after a
 * claim, after Meta's answer but before recording it, after recording. The test then advances the
 * shared clock past the lease and drains the rest in-process. Nothing may be lost at any point;
 * only a crash between answer and record may send twice, and only that batch's unrecorded rows.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DbClock } from '../../db/db-clock.js';
import type { OutboxRow } from '../../db/schema.js';
import { silentLogger } from '../../lib/log.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../test/databases.js';
import type { CrashPoint } from '../../test/dispatcher-child.js';
import {
  ACCESS_TOKEN,
  citizensWithOpenWindow,
  PHONE_NUMBER_ID,
  runDispatcherChild,
  sentByPhone,
  startReachableEmulator,
  type ReachableEmulator,
  type SentItem,
} from '../../test/dispatcher-harness.js';
import { OutboxDispatcher } from './outbox.dispatcher.js';
import { createOutboxService } from './outbox.service.js';

const ROWS = 200;
/** The child crashes once this many rows were claimed / answered / recorded. */
const CRASH_AFTER = 90;
const LEASE_MS = 30_000;

interface Snapshot {
  rows: OutboxRow[];
  sent: Map<string, SentItem[]>;
}

describeEachDatabase('dispatcher crash safety', (dialect) => {
  let database: TestDatabase;
  let clock: DbClock;
  let meta: ReachableEmulator;
  let phoneOf: Map<number, string>;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    clock = await DbClock.load(database.db, { canAdvance: true });
    meta = await startReachableEmulator(clock, { mps: 1000, pair_rate: true, webhooks: false });
    const contacts = await citizensWithOpenWindow(database.db, meta, clock, ROWS);
    phoneOf = new Map(contacts.map((c) => [c.id, c.phone]));
    const outbox = createOutboxService({ clock, defaultChannel: 'whatsapp' });
    for (const [i, contact] of contacts.entries()) {
      await outbox.enqueue(database.db, { contactId: contact.id, kind: 'notification', message: { type: 'text', text: `Ihr Anliegen KE-2026-${String(i).padStart(6, '0')} ist in Bearbeitung.` } });
    }
  });
  afterEach(async () => {
    await meta.close();
    await database.drop();
  });

  const snapshot = async (): Promise<Snapshot> => ({
    rows: await database.db.selectFrom('outbox').selectAll().orderBy('id').execute(),
    sent: await sentByPhone(meta),
  });

  const received = (s: Snapshot, contactId: number) => s.sent.get(phoneOf.get(contactId)!) ?? [];

  /** Runs the child to its crash, then recovers in-process: before and after the lease expired. */
  async function crashAndRecover(point: CrashPoint): Promise<{ atCrash: Snapshot; beforeExpiry: Snapshot; final: Snapshot }> {
    const child = await runDispatcherChild({
      databaseUrl: database.url,
      ...(database.schema ? { schema: database.schema } : {}),
      emulatorUrl: meta.baseUrl,
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: ACCESS_TOKEN,
      mps: 250,
      horizonMs: 100, // batches of 25 rows
      leaseMs: LEASE_MS,
      crash: { point, after: CRASH_AFTER },
    });
    expect(child, `the child must die by its own SIGKILL\n${child.stdout}${child.stderr}`).toMatchObject({ signal: 'SIGKILL', timedOut: false });
    const atCrash = await snapshot();

    const dispatcher = new OutboxDispatcher({ db: database.db, dialect, clock, log: silentLogger(), channels: { whatsapp: meta.openChannel() }, sender: PHONE_NUMBER_ID, mps: 1000, messagingLimit: 'unlimited' });
    await dispatcher.drain(); // the queued rest goes; the crashed batch is still leased
    const beforeExpiry = await snapshot();
    await clock.advance(LEASE_MS / 1000 + 1);
    await dispatcher.drain();
    const final = await snapshot();
    return { atCrash, beforeExpiry, final };
  }

  /** Nothing lost: every row ends sent, every recipient got it (the recorded wamid is in their inbox). */
  function expectNothingLost(s: Snapshot): void {
    expect(s.rows).toHaveLength(ROWS);
    expect(s.rows.filter((r) => r.state !== 'sent').map((r) => [r.id, r.state])).toEqual([]);
    for (const row of s.rows) expect(received(s, row.contact_id).map((m) => m.wamid)).toContain(row.external_id);
  }

  const leased = (s: Snapshot) => s.rows.filter((r) => r.state === 'sending');
  const duplicated = (s: Snapshot) => s.rows.filter((r) => received(s, r.contact_id).length > 1);
  const totalSent = (s: Snapshot) => [...s.sent.values()].reduce((n, items) => n + items.length, 0);

  /** The crashed batch stays leased until the lease expires, then is claimed again and sent. */
  function expectLeaseHeld(atCrash: Snapshot, beforeExpiry: Snapshot): void {
    expect(leased(atCrash).length).toBeGreaterThan(0);
    expect(leased(beforeExpiry).map((r) => r.id)).toEqual(leased(atCrash).map((r) => r.id));
    expect(beforeExpiry.rows.filter((r) => r.state === 'queued')).toEqual([]);
  }

  it('a crash after a claim loses nothing and sends nothing twice', async () => {
    const { atCrash, beforeExpiry, final } = await crashAndRecover('after_claim');
    // The child died holding a batch it had not begun to send.
    expectLeaseHeld(atCrash, beforeExpiry);
    for (const row of leased(atCrash)) expect(received(atCrash, row.contact_id)).toEqual([]);
    expect(atCrash.rows.filter((r) => r.state === 'sent').length + leased(atCrash).length).toBeGreaterThanOrEqual(CRASH_AFTER);
    expectNothingLost(final);
    expect(duplicated(final)).toEqual([]);
    expect(totalSent(final)).toBe(ROWS);
  });

  it('a crash between Meta’s answer and recording it loses nothing; only that batch’s unrecorded rows may go twice', async ({ annotate }) => {
    const { atCrash, beforeExpiry, final } = await crashAndRecover('after_answer');
    expectLeaseHeld(atCrash, beforeExpiry);
    const inFlight = leased(atCrash);
    // At least the row whose answer came back unrecorded was accepted by the emulator.
    expect(inFlight.filter((r) => received(atCrash, r.contact_id).length === 1).length).toBeGreaterThanOrEqual(1);
    expectNothingLost(final);
    const twice = duplicated(final);
    expect(twice.length).toBeGreaterThanOrEqual(1);
    expect(twice.length).toBeLessThanOrEqual(inFlight.length);
    expect(twice.map((r) => r.id).filter((id) => !inFlight.some((r) => r.id === id))).toEqual([]);
    for (const row of twice) expect(received(final, row.contact_id)).toHaveLength(2);
    expect(totalSent(final)).toBe(ROWS + twice.length);
    await annotate(`${dialect}: ${twice.length} duplicate(s) of ${inFlight.length} unrecorded row(s) in the crashed batch`);
  });

  it('a crash after recording loses nothing and sends nothing twice', async () => {
    const { atCrash, final } = await crashAndRecover('after_record');
    expect(atCrash.rows.filter((r) => r.state === 'sent').length).toBeGreaterThanOrEqual(CRASH_AFTER);
    // Everything the child sent is recorded: no leased row reached the emulator.
    for (const row of leased(atCrash)) expect(received(atCrash, row.contact_id)).toEqual([]);
    expect(totalSent(atCrash)).toBe(atCrash.rows.filter((r) => r.state === 'sent').length);
    expectNothingLost(final);
    expect(duplicated(final)).toEqual([]);
    expect(totalSent(final)).toBe(ROWS);
  });
});

/**
 * Several dispatcher instances on one database (decision 6, issue 5), each with its own database
 * handle: a row whose lease expired is claimed by the other instance and the first one's late
 * record is refused; and on PostgreSQL two instances share one queue at the full rate each
 * without a double send and without Meta's 130429 (docs/decisions.md D23).
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/database.js';
import { DbClock } from '../../db/db-clock.js';
import type { Dialect } from '../../db/sql.js';
import { silentLogger } from '../../lib/log.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../test/databases.js';
import { citizensWithOpenWindow, PHONE_NUMBER_ID, sentByPhone, startReachableEmulator, type ReachableEmulator } from '../../test/dispatcher-harness.js';
import { OutboxDispatcher, type DispatcherOptions } from './outbox.dispatcher.js';
import { outboxRepository } from './outbox.repository.js';
import { createOutboxService } from './outbox.service.js';

describeEachDatabase('two dispatcher instances', (dialect: Dialect) => {
  let database: TestDatabase;
  let second: DatabaseHandle;
  let clock: DbClock;
  let secondClock: DbClock;
  let meta: ReachableEmulator | undefined;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    second = await database.openAnother();
    clock = await DbClock.load(database.db, { canAdvance: true });
    secondClock = await DbClock.load(second.db, { canAdvance: true });
  });
  afterEach(async () => {
    await meta?.close();
    meta = undefined;
    await second.close();
    await database.drop();
  });

  /** One instance: its own database handle, clock and HTTP pool; the same sender number. */
  const instance = (handle: DatabaseHandle, instanceClock: DbClock, emulator: ReachableEmulator, extra: Partial<DispatcherOptions> = {}) =>
    new OutboxDispatcher({
      db: handle.db,
      dialect,
      clock: instanceClock,
      log: silentLogger(),
      channels: { whatsapp: emulator.openChannel() },
      sender: PHONE_NUMBER_ID,
      mps: 80,
      messagingLimit: 'unlimited',
      ...extra,
    });

  const enqueueFor = async (contacts: { id: number }[]) => {
    const outbox = createOutboxService({ clock, defaultChannel: 'whatsapp' });
    const ids: number[] = [];
    for (const [i, c] of contacts.entries()) {
      ids.push(await outbox.enqueue(database.db, { contactId: c.id, kind: 'broadcast', message: { type: 'text', text: `Straßensperrung Moorenring, Hinweis ${i + 1}` } }));
    }
    return ids;
  };

  it('a lease-expired sending row is claimed by the other instance; the first instance’s late record is refused', async () => {
    meta = await startReachableEmulator(clock, { mps: 1000 });
    const contacts = await citizensWithOpenWindow(database.db, meta, clock, 5);
    const ids = await enqueueFor(contacts);
    const leaseMs = 10_000;
    // Instance A claims the rows and stops before sending (as if it hung or died).
    const a = instance(database, clock, meta, {
      leaseMs,
      hooks: {
        afterClaim() {
          throw new Error('instance A stops after its claim');
        },
      },
    });
    await expect(a.runOnce()).rejects.toThrow('instance A stops');
    const b = instance(second, secondClock, meta, { leaseMs });
    expect(await b.drain()).toBe(0); // the lease holds
    for (const id of ids) expect(await outboxRepository.findById(database.db, id)).toMatchObject({ state: 'sending', lease_owner: a.owner });

    await clock.advance(leaseMs / 1000 + 1);
    await secondClock.refresh();
    expect(await b.drain()).toBe(ids.length);
    const rows = await Promise.all(ids.map((id) => outboxRepository.findById(database.db, id)));
    expect(rows.map((r) => r?.state)).toEqual(ids.map(() => 'sent'));
    expect(rows.map((r) => r?.attempts)).toEqual(ids.map(() => 2));
    const sent = await sentByPhone(meta);
    for (const [i, c] of contacts.entries()) expect(sent.get(c.phone)?.map((m) => m.wamid)).toEqual([rows[i]!.external_id]);
    // A's answer arriving now must not overwrite B's record.
    expect(await outboxRepository.markSent(database.db, ids[0]!, a.owner, 'wamid.late', clock.now().getTime())).toBe(false);
    expect((await outboxRepository.findById(database.db, ids[0]!))?.external_id).toBe(rows[0]!.external_id);
  });


  // Several instances exist only on PostgreSQL (decision 2).
  (dialect === 'postgres' ? it : () => undefined)(
    'share one queue at the full rate each: no double send, together ≥ 0.9 × 80 messages/s, no 130429',
    async ({ annotate }) => {
      const ROWS = 800;
      const MPS = 80;
      meta = await startReachableEmulator(clock, { mps: MPS, pair_rate: true, webhooks: false });
      const contacts = await citizensWithOpenWindow(database.db, meta, clock, ROWS);
      await enqueueFor(contacts);
      const a = instance(database, clock, meta);
      const b = instance(second, secondClock, meta);

      const [claimedA, claimedB] = await Promise.all([a.drain(), b.drain()]);

      expect(await outboxRepository.countByState(database.db)).toEqual({ sent: ROWS });
      const sent = await sentByPhone(meta);
      const counts = contacts.map((c) => sent.get(c.phone)?.length ?? 0);
      expect(counts.filter((n) => n !== 1)).toEqual([]); // every citizen exactly once
      expect(claimedA + claimedB).toBe(ROWS); // no row claimed twice (nothing was put back)
      expect(Math.min(claimedA, claimedB)).toBeGreaterThan(ROWS / 10); // both instances did their share

      const stats = (await meta.control<{ rejected: Record<string, number>; accepted: number }>('GET', '/stats')).json;
      expect(stats.rejected['130429'] ?? 0).toBe(0);
      expect(stats.rejected).toEqual({});

      const times = [...sent.values()].flat().map((m) => Date.parse(m.accepted_at)).sort((x, y) => x - y);
      const seconds = (times.at(-1)! - times[0]!) / 1000;
      const rate = (times.length - 1) / seconds;
      await annotate(`${ROWS} rows in ${seconds.toFixed(2)} s: ${rate.toFixed(1)} messages/s together (A claimed ${claimedA}, B ${claimedB})`);
      expect(rate).toBeGreaterThanOrEqual(0.9 * MPS);
    },
    60_000,
  );
});

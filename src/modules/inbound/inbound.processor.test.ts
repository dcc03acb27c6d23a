import { afterEach, beforeEach, expect, it } from 'vitest';
import type { InboundEvent } from '../../channels/channel.js';
import type { DatabaseHandle } from '../../db/database.js';
import { DbClock } from '../../db/db-clock.js';
import { silentLogger } from '../../lib/log.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../test/databases.js';
import { inboundRepository } from './inbound.repository.js';
import { InboundProcessor, RetryLater, type InboundHandler } from './inbound.processor.js';
import { createInboundSink } from './inbound.sink.js';

function message(lane: string, n: number, atSeconds: number): InboundEvent {
  return {
    kind: 'message',
    key: `message:${lane}-${n}`,
    orderKey: `phone:${lane}`,
    at: new Date(atSeconds * 1000),
    raw: {},
    externalId: `${lane}-${n}`,
    from: { phone: lane },
    content: { type: 'text', text: `#${n}` },
  };
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describeEachDatabase('inbound processing', (dialect) => {
  let database: TestDatabase;
  let clock: DbClock;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    clock = await DbClock.load(database.db, { canAdvance: true });
  });
  afterEach(async () => {
    await database.drop();
  });

  const processor = (handle: InboundHandler, db: DatabaseHandle = database, extra: Partial<ConstructorParameters<typeof InboundProcessor>[0]> = {}) =>
    new InboundProcessor({ db: db.db, dialect, clock, log: silentLogger(), handle, holdBackMs: 0, ...extra });

  it('stores each event once: a redelivery is a no-op', async () => {
    const sink = createInboundSink({ db: database.db, clock });
    expect(await sink.accept('whatsapp', [message('491', 1, 100), message('491', 2, 101)])).toEqual({ stored: 2, duplicates: 0 });
    expect(await sink.accept('whatsapp', [message('491', 2, 101), message('491', 2, 101)])).toEqual({ stored: 0, duplicates: 2 });
    const rows = await database.db.selectFrom('inbound_event').select('dedupe_key').execute();
    expect(rows.map((r) => r.dedupe_key).sort()).toEqual(['message:491-1', 'message:491-2']);
  });

  it('webhooks stored together are each answered with their own counts; a redelivery among them is a duplicate', async () => {
    const sink = createInboundSink({ db: database.db, clock });
    // 30 webhooks at once, the last two a redelivery of the first (Meta retried while it was stored).
    const webhooks = Array.from({ length: 28 }, (_, i) => [message(`49${i}`, 1, 100), message(`49${i}`, 2, 101)]);
    webhooks.push([message('490', 1, 100)], [message('490', 2, 101)]);
    const results = await Promise.all(webhooks.map((events) => sink.accept('whatsapp', events)));
    expect(results.slice(0, 28)).toEqual(webhooks.slice(0, 28).map(() => ({ stored: 2, duplicates: 0 })));
    expect(results.slice(28)).toEqual([{ stored: 0, duplicates: 1 }, { stored: 0, duplicates: 1 }]);
    expect(await inboundRepository.countByState(database.db)).toEqual({ pending: 56 });
  });

  it('a webhook that cannot be stored fails alone; the others written with it are stored', async () => {
    const sink = createInboundSink({ db: database.db, clock });
    const broken = { ...message('4977', 1, 100), orderKey: null as unknown as string }; // violates NOT NULL
    const results = await Promise.allSettled([
      sink.accept('whatsapp', [message('4971', 1, 100)]),
      sink.accept('whatsapp', [broken]),
      sink.accept('whatsapp', [message('4972', 1, 100)]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const rows = await database.db.selectFrom('inbound_event').select('dedupe_key').orderBy('dedupe_key').execute();
    expect(rows.map((r) => r.dedupe_key)).toEqual(['message:4971-1', 'message:4972-1']);
  });

  it('keeps ignored events with their reason and never processes them', async () => {
    const sink = createInboundSink({ db: database.db, clock });
    await sink.accept('whatsapp', [{ kind: 'ignored', key: 'ignored:abc', orderKey: 'ignored:abc', at: new Date(), raw: { x: 1 }, reason: "unknown field 'account_update'" }]);
    const seen: string[] = [];
    expect(await processor(async (_t, e) => void seen.push(e.key)).drain()).toBe(0);
    const row = await database.db.selectFrom('inbound_event').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'ignored', ignored_reason: "unknown field 'account_update'" });
    expect(seen).toEqual([]);
  });

  it('processes a lane in timestamp order even when events were stored shuffled', async () => {
    const sink = createInboundSink({ db: database.db, clock });
    const events = Array.from({ length: 12 }, (_, i) => message('4930', i, 1000 + i));
    for (const e of shuffled(events, 7)) await sink.accept('whatsapp', [e]);
    const order: string[] = [];
    await processor(async (_t, e) => void order.push((e as { externalId: string }).externalId)).drain();
    expect(order).toEqual(events.map((e) => (e as { externalId: string }).externalId));
  });

  it('holds a new event back so that a late, earlier event of its lane goes first', async () => {
    const sink = createInboundSink({ db: database.db, clock });
    const order: string[] = [];
    const p = processor(async (_t, e) => void order.push(e.key), database, { holdBackMs: 1000 });
    await sink.accept('whatsapp', [message('4931', 2, 2000)]);
    expect(await p.runOnce()).toBe(0);
    await sink.accept('whatsapp', [message('4931', 1, 1999)]);
    await clock.advance(2);
    await p.drain();
    expect(order).toEqual(['message:4931-1', 'message:4931-2']);
  });

  it('retries a failing event with backoff, blocks only its own lane, then dead-letters it', async () => {
    const sink = createInboundSink({ db: database.db, clock });
    await sink.accept('whatsapp', [message('A', 1, 100), message('A', 2, 101), message('B', 1, 100)]);
    const done: string[] = [];
    const p = processor(
      async (_t, e) => {
        if (e.key === 'message:A-1') throw new Error('boom');
        done.push(e.key);
      },
      database,
      { maxAttempts: 3 },
    );
    await p.drain();
    expect(done).toEqual(['message:B-1']);
    let row = (await database.db.selectFrom('inbound_event').selectAll().where('dedupe_key', '=', 'message:A-1').executeTakeFirstOrThrow());
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    expect(row.available_at).toBeGreaterThan(clock.now().getTime());
    expect(row.last_error).toBe('Error: boom');
    for (let i = 0; i < 3; i++) {
      await clock.advance(3600);
      await p.drain();
    }
    row = (await database.db.selectFrom('inbound_event').selectAll().where('dedupe_key', '=', 'message:A-1').executeTakeFirstOrThrow());
    expect(row).toMatchObject({ state: 'dead', attempts: 3 });
    expect(done).toEqual(['message:B-1', 'message:A-2']);
    const dead = await inboundRepository.listDead(database.db, 10);
    expect(dead.map((d) => d.dedupe_key)).toEqual(['message:A-1']);
    expect(await inboundRepository.requeue(database.db, row.id, clock.now().getTime())).toBe(true);
    expect((await inboundRepository.findById(database.db, row.id))?.state).toBe('pending');
  });

  it('events processed in one transaction: when one fails, it alone is rolled back and retried; the others’ effects are applied once', async () => {
    const sink = createInboundSink({ db: database.db, clock });
    for (const lane of ['E1', 'E2', 'E3', 'E4', 'E5']) await sink.accept('whatsapp', [message(lane, 1, 100)]);
    // Each event leaves a mark in the database (a contact named after its lane); E3 fails after writing its mark.
    const p = processor(async (trx, e) => {
      const lane = e.key.split(':')[1]!.split('-')[0]!;
      await trx.insertInto('contact').values({ phone: `49${lane.slice(1)}000`, language: 'de', created_at: 1, updated_at: 1 }).execute();
      if (lane === 'E3') throw new Error('E3 breaks after writing');
    }, database, { eventsPerTransaction: 5 });
    expect(await p.runOnce()).toBe(5);
    const phones = (await database.db.selectFrom('contact').select('phone').orderBy('phone').execute()).map((c) => c.phone);
    expect(phones).toEqual(['491000', '492000', '494000', '495000']);
    const states = await database.db.selectFrom('inbound_event').select(['dedupe_key', 'state', 'last_error']).orderBy('dedupe_key').execute();
    expect(states.map((r) => r.state)).toEqual(['done', 'done', 'pending', 'done', 'done']);
    expect(states[2]!.last_error).toContain('E3 breaks after writing');
  });

  it('a RetryLater is retried without a warning and succeeds later', async () => {
    const sink = createInboundSink({ db: database.db, clock });
    await sink.accept('whatsapp', [message('C', 1, 100)]);
    let calls = 0;
    const p = processor(async () => {
      calls++;
      if (calls === 1) throw new RetryLater('not yet');
    });
    await p.drain();
    await clock.advance(10);
    await p.drain();
    expect(calls).toBe(2);
    expect((await database.db.selectFrom('inbound_event').select('state').executeTakeFirstOrThrow()).state).toBe('done');
  });

  it('a crashed worker’s lease expires and another worker takes the event', async () => {
    const sink = createInboundSink({ db: database.db, clock });
    await sink.accept('whatsapp', [message('D', 1, 100)]);
    // worker 1 claims and "crashes" (never finishes)
    const claimed = await inboundRepository.claim(database.db, dialect, { owner: 'crashed', now: clock.now().getTime(), leaseMs: 60_000, holdBackMs: 0, limit: 10 });
    expect(claimed).toHaveLength(1);
    const seen: string[] = [];
    const p = processor(async (_t, e) => void seen.push(e.key));
    expect(await p.drain()).toBe(0);
    await clock.advance(61);
    await p.drain();
    expect(seen).toEqual(['message:D-1']);
  });

  it('two instances share the work: every event once, each lane in order', async () => {
    const second = await database.openAnother();
    try {
      const sink = createInboundSink({ db: database.db, clock });
      const lanes = ['L1', 'L2', 'L3', 'L4'];
      const events = lanes.flatMap((lane) => Array.from({ length: 15 }, (_, i) => message(lane, i, 5000 + i)));
      for (const batch of chunk(shuffled(events, 3), 7)) await sink.accept('whatsapp', batch);
      const seen: { key: string; by: string }[] = [];
      const handler = (by: string): InboundHandler => async (_t, e) => {
        seen.push({ key: e.key, by });
        await new Promise((r) => setImmediate(r));
      };
      const p1 = processor(handler('one'), database, { batchSize: 3 });
      const p2 = processor(handler('two'), second, { batchSize: 3 });
      for (let round = 0; round < 200; round++) {
        const [a, b] = await Promise.all([p1.runOnce(), p2.runOnce()]);
        if (a + b === 0) break;
      }
      expect(seen).toHaveLength(events.length);
      expect(new Set(seen.map((s) => s.key)).size).toBe(events.length);
      for (const lane of lanes) {
        const order = seen.filter((s) => s.key.includes(`:${lane}-`)).map((s) => Number(s.key.split('-')[1]));
        expect(order).toEqual([...order].sort((x, y) => x - y));
      }
      if (dialect === 'postgres') expect(new Set(seen.map((s) => s.by)).size).toBe(2);
      const attempts = await database.db.selectFrom('inbound_event').select('attempts').execute();
      expect(attempts.every((r) => r.attempts === 1)).toBe(true);
    } finally {
      await second.close();
    }
  });
});

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

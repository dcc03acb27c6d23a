/**
 * Scenario 1 — fan-out: 1,000,000 subscribers of one topic expanded into outbox rows with the
 * product's `fanOut` (chunked INSERT … SELECT through Kysely), against a bare single
 * `INSERT … SELECT` of the same rows (same columns and values) in the same database. The two
 * alternate, the outbox is emptied and the WAL checkpointed before each run.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/db/database.js';
import type { Dialect } from '../../src/db/sql.js';
import { fanOut } from '../../src/modules/outbox/fanout.repository.js';
import { PRIORITY } from '../../src/modules/outbox/outbox.service.js';
import { size, type BenchContext } from '../lib/context.js';
import { createBenchDatabase } from '../lib/db.js';
import { seedSubscribers } from '../lib/db.js';
import { BROADCAST_MESSAGE } from '../lib/emulator.js';
import { check, median, round, type Check, type ScenarioResult } from '../lib/stats.js';

const PAYLOAD = JSON.stringify(BROADCAST_MESSAGE);

async function emptyOutbox(db: Database, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`delete from outbox`.execute(db);
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
  } else {
    await sql`truncate outbox`.execute(db);
    await sql`vacuum analyze outbox`.execute(db);
    await sql`checkpoint`.execute(db).catch(() => undefined);
  }
}

async function timed(work: () => Promise<number>): Promise<{ rows: number; seconds: number }> {
  const start = performance.now();
  const rows = await work();
  return { rows, seconds: (performance.now() - start) / 1000 };
}

/** The comparison: one statement, the same rows and values, no join, no chunks, no query builder. */
async function bare(db: Database, topicId: number, now: number): Promise<number> {
  const result = await sql`insert into outbox (contact_id, channel, kind, priority, payload, state, attempts, available_at, not_after, broadcast_id, created_at, updated_at)
    select contact_id, 'whatsapp', 'broadcast', ${sql.lit(PRIORITY.broadcast)}, ${PAYLOAD}, 'queued', 0, ${sql.lit(now)}, null, 1, ${sql.lit(now)}, ${sql.lit(now)}
    from subscription where topic_id = ${sql.lit(topicId)}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

async function product(db: Database, topicId: number, now: number): Promise<number> {
  return fanOut(db, { broadcastId: 1, topicIds: [topicId], payload: PAYLOAD, channel: 'whatsapp', now, notAfter: null });
}

export async function fanoutScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const started = performance.now();
  const n = size(ctx, 1_000_000, 3_000);
  const reps = (dialect: Dialect) => (ctx.smoke || dialect !== 'sqlite' ? 1 : 2);
  const figures: Record<string, unknown> = { subscribers: n, repetitions_each: { sqlite: reps('sqlite'), postgres: reps('postgres') } };
  const checks: Check[] = [];
  for (const dialect of ctx.dialects) {
    const database = await createBenchDatabase(dialect, ctx.pgUrl);
    try {
      const seedStart = performance.now();
      const topicId = await seedSubscribers(database.db, dialect, n);
      ctx.log(`fanout[${dialect}]: seeded ${n} subscribers in ${round((performance.now() - seedStart) / 1000, 1)} s`);
      const now = Date.now();
      const runs: { bare: { rows: number; seconds: number }[]; product: { rows: number; seconds: number }[] } = { bare: [], product: [] };
      for (let i = 0; i < reps(dialect); i++) {
        for (const variant of ['bare', 'product'] as const) {
          await emptyOutbox(database.db, dialect);
          const run = await timed(() => (variant === 'bare' ? bare(database.db, topicId, now) : product(database.db, topicId, now)));
          if (run.rows !== n) throw new Error(`fanout[${dialect}] ${variant}: ${run.rows} rows, expected ${n}`);
          runs[variant].push(run);
          ctx.log(`fanout[${dialect}]: ${variant} ${run.rows} rows in ${round(run.seconds, 2)} s`);
        }
      }
      const bareS = median(runs.bare.map((r) => r.seconds));
      const productS = median(runs.product.map((r) => r.seconds));
      const ratio = bareS / productS;
      figures[dialect] = {
        bare_seconds: runs.bare.map((r) => round(r.seconds, 3)),
        product_seconds: runs.product.map((r) => round(r.seconds, 3)),
        bare_rows_per_s: Math.round(n / bareS),
        product_rows_per_s: Math.round(n / productS),
        ratio: round(ratio),
      };
      const info = dialect !== 'sqlite' || ctx.smoke;
      checks.push(check(`${dialect}: outbox rows from the product's fan-out`, runs.product[0]!.rows, '==', n));
      checks.push(check(`${dialect}: product rows/s ÷ bare INSERT … SELECT rows/s`, ratio, '>=', 0.5, '', info));
      if (!ctx.smoke) checks.push(check(`${dialect}: product fan-out of ${n} rows`, productS, '<=', 10, 's', info));
    } finally {
      await database.drop();
    }
  }
  return {
    id: 'fanout',
    title: 'Fan-out: subscribers → outbox rows',
    ok: checks.filter((c) => !c.informational).every((c) => c.ok),
    seconds: round((performance.now() - started) / 1000, 1),
    checks,
    figures,
    notes: [],
  };
}

/**
 * Scenario 2 — dispatch throughput: the emulator uncapped, 0 ms latency, webhooks off. N queued
 * broadcast rows are dispatched end to end (claim → decide → slot → HTTP → recorded) by the
 * product's dispatcher in its own process, configured with mps 100,000 so that pacing does not
 * bind; against a bare loop (own process) POSTing the same bodies to the same emulator with the
 * same connections. Bare and product runs alternate; the emulator is reset before each.
 */
import { sql } from 'kysely';
import type { Dialect } from '../../src/db/sql.js';
import { fanOut } from '../../src/modules/outbox/fanout.repository.js';
import { size, type BenchContext } from '../lib/context.js';
import { createBenchDatabase, outboxStates, seedSubscribers, type BenchDatabase } from '../lib/db.js';
import { BROADCAST_MESSAGE, DISPATCHER_IN_FLIGHT, PRODUCT_CONNECTIONS, type EmulatorProcess } from '../lib/emulator.js';
import { productNodeFlags, spawnChild } from '../lib/proc.js';
import { check, median, round, type Check, type ScenarioResult } from '../lib/stats.js';
import type { DispatchDone, DispatchGo } from '../workers/dispatch.js';

export const UNCAPPED_MPS = 100_000;

export async function runBare(emulator: EmulatorProcess, count: number): Promise<{ rate: number; seconds: number; ok: number; cpuSeconds: number }> {
  await emulator.reset({ mps: 'unlimited', latency_ms: 0 });
  const child = spawnChild('bare-send', 'bench/workers/bare-send.ts');
  try {
    await child.next('ready');
    child.send({ type: 'go', apiUrl: emulator.apiUrl, count, firstContact: 1, concurrency: DISPATCHER_IN_FLIGHT, connections: PRODUCT_CONNECTIONS });
    const done = await child.next<{ type: 'done'; seconds: number; ok: number; failed: number; cpuSeconds: number }>('done', 600_000);
    if (done.ok !== count) throw new Error(`bare send: ${done.ok} of ${count} accepted, ${done.failed} failed`);
    return { rate: count / done.seconds, seconds: done.seconds, ok: done.ok, cpuSeconds: done.cpuSeconds };
  } finally {
    await child.stop();
  }
}

/** Runs the product dispatcher in its own process until `expect` rows are recorded. */
export async function runDispatcher(
  emulator: EmulatorProcess,
  database: BenchDatabase,
  dialect: Dialect,
  go: Omit<DispatchGo, 'type' | 'url' | 'schema' | 'dialect' | 'apiUrl'>,
  onChild?: (child: ReturnType<typeof spawnChild>) => void,
  onStarted?: () => void,
): Promise<DispatchDone & { peakRssBytes: number | null }> {
  const child = spawnChild(`dispatch-${dialect}`, 'bench/workers/dispatch.ts', [], {}, productNodeFlags());
  try {
    await child.next('ready');
    onChild?.(child);
    child.send({ type: 'go', url: database.url, ...(database.schema ? { schema: database.schema } : {}), dialect, apiUrl: emulator.apiUrl, ...go });
    void child.next('started', 1_500_000).then(() => onStarted?.(), () => undefined);
    const done = await child.next<DispatchDone & { type: 'done' }>('done', 1_500_000);
    return { ...done, peakRssBytes: child.peakRss() };
  } finally {
    await child.stop();
  }
}

export async function dispatchScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const started = performance.now();
  const n = size(ctx, 60_000, 400);
  const reps = size(ctx, 2, 1);
  const emulator = await ctx.emulator();
  const checks: Check[] = [];
  const figures: Record<string, unknown> = { messages_per_run: n, repetitions_each: reps, connections: PRODUCT_CONNECTIONS, dispatcher_mps: UNCAPPED_MPS };
  const databases: Partial<Record<Dialect, { database: BenchDatabase; topicId: number }>> = {};
  try {
    for (const dialect of ctx.dialects) {
      const database = await createBenchDatabase(dialect, ctx.pgUrl);
      databases[dialect] = { database, topicId: await seedSubscribers(database.db, dialect, n) };
    }
    const bare: number[] = [];
    const product: Record<string, { rate: number; seconds: number; cpuSeconds: number }[]> = {};
    for (let rep = 0; rep < reps; rep++) {
      const b = await runBare(emulator, n);
      bare.push(b.rate);
      ctx.log(`dispatch: bare loop ${n} POSTs in ${round(b.seconds, 2)} s = ${Math.round(b.rate)}/s`);
      for (const dialect of ctx.dialects) {
        const { database, topicId } = databases[dialect]!;
        await sql`delete from outbox`.execute(database.db);
        const rows = await fanOut(database.db, { broadcastId: 1, topicIds: [topicId], payload: JSON.stringify(BROADCAST_MESSAGE), channel: 'whatsapp', now: Date.now(), notAfter: null });
        await emulator.reset({ mps: 'unlimited', latency_ms: 0 });
        const done = await runDispatcher(emulator, database, dialect, { mps: UNCAPPED_MPS, mode: 'drain', expect: rows });
        const states = await outboxStates(database.db);
        if ((states.sent ?? 0) !== n) throw new Error(`dispatch[${dialect}]: ${JSON.stringify(states)} after the run; errors: ${done.errors.join('; ')}`);
        const stats = await emulator.stats();
        if (stats.accepted !== n) throw new Error(`dispatch[${dialect}]: emulator accepted ${stats.accepted} of ${n}`);
        (product[dialect] ??= []).push({ rate: n / done.seconds, seconds: done.seconds, cpuSeconds: done.cpuSeconds });
        ctx.log(`dispatch[${dialect}]: ${n} sent end to end in ${round(done.seconds, 2)} s = ${Math.round(n / done.seconds)}/s (cpu ${round(done.cpuSeconds, 1)} s)`);
      }
    }
    const bareRate = median(bare);
    figures.bare_per_s = bare.map(Math.round);
    for (const dialect of ctx.dialects) {
      const runs = product[dialect]!;
      const rate = median(runs.map((r) => r.rate));
      const ratio = rate / bareRate;
      figures[dialect] = {
        per_s: runs.map((r) => Math.round(r.rate)),
        cpu_us_per_message: runs.map((r) => Math.round((r.cpuSeconds / n) * 1e6)),
        ratio: round(ratio),
      };
      const info = dialect !== 'sqlite' || ctx.smoke;
      checks.push(check(`${dialect}: rows sent and accepted (every run)`, runs.length, '==', reps));
      checks.push(check(`${dialect}: dispatcher msg/s ÷ bare POST loop msg/s`, ratio, '>=', 0.5, '', info));
      if (!ctx.smoke) checks.push(check(`${dialect}: dispatcher end to end`, rate, '>=', 3000, 'msg/s', info));
    }
  } finally {
    for (const entry of Object.values(databases)) await entry?.database.drop();
  }
  return {
    id: 'dispatch',
    title: 'Dispatch throughput (emulator uncapped, 0 ms latency)',
    ok: checks.filter((c) => !c.informational).every((c) => c.ok),
    seconds: round((performance.now() - started) / 1000, 1),
    checks,
    figures,
    notes: [],
  };
}

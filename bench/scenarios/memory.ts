/**
 * Scenario 6 — memory: the product's dispatcher process expands a 1,000,000-subscriber broadcast
 * (fanOut) and sends all of it to the emulator (uncapped, 0 ms latency); its peak resident set
 * (VmHWM from /proc, which the kernel keeps for the process's whole life) must stay ≤ 300 MB.
 */
import { size, type BenchContext } from '../lib/context.js';
import { createBenchDatabase, outboxStates, seedSubscribers, sqliteBytes } from '../lib/db.js';
import { check, MB, round, type Check, type ScenarioResult } from '../lib/stats.js';
import { runDispatcher, UNCAPPED_MPS } from './dispatch.js';

export async function memoryScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const started = performance.now();
  const n = Number(process.env.BENCH_MEMORY_N ?? 0) || size(ctx, 1_000_000, 1_000);
  const emulator = await ctx.emulator();
  const checks: Check[] = [];
  const figures: Record<string, unknown> = { recipients: n, database: 'sqlite' };
  const database = await createBenchDatabase('sqlite');
  try {
    const topicId = await seedSubscribers(database.db, 'sqlite', n);
    await emulator.reset({ mps: 'unlimited', latency_ms: 0 });
    const done = await runDispatcher(emulator, database, 'sqlite', { mps: UNCAPPED_MPS, mode: 'drain', expect: n, fanOutTopic: topicId });
    const states = await outboxStates(database.db);
    const stats = await emulator.stats();
    const peak = done.peakRssBytes ?? done.maxRssBytes;
    figures.peak_rss_mb = round(peak / MB, 1);
    figures.sampled_max_rss_mb = round(done.maxRssBytes / MB, 1);
    figures.sampled_max_heap_mb = round(done.maxHeapBytes / MB, 1);
    figures.fan_out_seconds = round(done.fanOutSeconds ?? Number.NaN, 2);
    figures.send_seconds = round(done.seconds, 1);
    figures.sent_per_s = Math.round(n / done.seconds);
    figures.outbox = states;
    figures.emulator_accepted = stats.accepted;
    figures.database_bytes_mb = round((sqliteBytes(database.url) ?? 0) / MB, 1);
    ctx.log(`memory: ${n} fanned out in ${round(done.fanOutSeconds ?? 0, 1)} s and sent in ${round(done.seconds, 1)} s (${Math.round(n / done.seconds)}/s); peak RSS ${round(peak / MB, 1)} MB`);
    checks.push(check('peak RSS of the product process', peak / MB, '<=', 300, 'MB', ctx.smoke));
    checks.push(check('rows sent', states.sent ?? 0, '==', n));
  } finally {
    await database.drop();
  }
  return {
    id: 'memory',
    title: 'Memory while sending to 1,000,000',
    ok: checks.filter((c) => !c.informational).every((c) => c.ok),
    seconds: round((performance.now() - started) / 1000, 1),
    checks,
    figures,
    notes: [],
  };
}

/**
 * Scenario 3 — rate accuracy: the emulator enforces a cap (80 and 1,000 messages/s, Meta's
 * sliding 1-second window, 130429 above it) and answers after 50 ms. The product's dispatcher,
 * configured with the cap as its mps, sends a broadcast alone for T seconds, then the broadcast
 * mixed with a steady stream of dialogue replies (10 % of the cap, enqueued in the dispatcher's
 * process as the inbound side does). The achieved rate is what the emulator accepted per second
 * (sampled from its counters); the broadcast share and the reply waits come from the outbox rows.
 */
import { sql } from 'kysely';
import { fanOut } from '../../src/modules/outbox/fanout.repository.js';
import { size, type BenchContext } from '../lib/context.js';
import { createBenchDatabase, seedSubscribers, type BenchDatabase } from '../lib/db.js';
import { BROADCAST_MESSAGE, type EmulatorProcess } from '../lib/emulator.js';
import { sleep } from '../lib/proc.js';
import { check, median, percentile, round, type Check, type ScenarioResult } from '../lib/stats.js';
import { runDispatcher } from './dispatch.js';

const LATENCY_MS = 50;
const SHARE = 0.8; // the dispatcher's default broadcastShare
const REPLY_FRACTION = 0.1;
const REPLY_CONTACTS = 500;

interface Sample {
  at: number;
  accepted: number;
}

/** Samples the emulator's accepted counter every second from when the dispatcher started until `work` ends. */
async function sampled<T>(emulator: EmulatorProcess, seconds: number, work: (onStarted: () => void) => Promise<T>): Promise<{ result: T; samples: Sample[]; rejected429: number }> {
  const samples: Sample[] = [];
  let running = true;
  let begin: () => void = () => undefined;
  const begun = new Promise<void>((resolve) => (begin = resolve));
  const sampler = (async () => {
    await begun;
    const t0 = performance.now();
    for (let i = 1; running && i <= seconds; i++) {
      await sleep(Math.max(0, t0 + i * 1000 - performance.now()));
      if (!running) break;
      const stats = await emulator.stats();
      samples.push({ at: performance.now(), accepted: stats.accepted });
    }
  })();
  const result = await work(begin);
  running = false;
  begin();
  await sampler;
  const stats = await emulator.stats();
  return { result, samples, rejected429: stats.rejected['130429'] ?? 0 };
}

/** Steady-state rate between the first and the last sample, and the per-second figures. */
function rates(samples: Sample[]): { perSecond: number[]; steady: number } {
  const perSecond: number[] = [];
  for (let i = 1; i < samples.length; i++) perSecond.push(((samples[i]!.accepted - samples[i - 1]!.accepted) * 1000) / (samples[i]!.at - samples[i - 1]!.at));
  const first = samples[0];
  const last = samples[samples.length - 1];
  const steady = first && last && last.at > first.at ? ((last.accepted - first.accepted) * 1000) / (last.at - first.at) : Number.NaN;
  return { perSecond, steady };
}

export async function rateScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const started = performance.now();
  const seconds = size(ctx, 60, 2);
  // BENCH_RATE_CAPS=1000: one cap only (a quicker look; the full run measures both).
  const caps = process.env.BENCH_RATE_CAPS ? process.env.BENCH_RATE_CAPS.split(',').map(Number) : [80, 1000];
  const emulator = await ctx.emulator();
  const checks: Check[] = [];
  const figures: Record<string, unknown> = { seconds_per_phase: seconds, latency_ms: LATENCY_MS, broadcast_share: SHARE, replies_per_s_fraction_of_cap: REPLY_FRACTION, database: 'sqlite' };
  const perf = !ctx.smoke;
  for (const cap of caps) {
    const database: BenchDatabase = await createBenchDatabase('sqlite');
    try {
      // Enough broadcast rows for both phases, plus reply contacts with an open window.
      const rows = Math.ceil(cap * seconds * 2 * 1.1) + 100;
      const topicId = await seedSubscribers(database.db, 'sqlite', rows);
      const now = Date.now();
      await seedSubscribers(database.db, 'sqlite', REPLY_CONTACTS, { firstId: rows + 1, windowOpenAt: now });
      await fanOut(database.db, { broadcastId: 1, topicIds: [topicId], payload: JSON.stringify(BROADCAST_MESSAGE), channel: 'whatsapp', now, notAfter: null });
      const replyContacts = Array.from({ length: REPLY_CONTACTS }, (_, i) => rows + 1 + i);

      // Phase A: the broadcast alone.
      await emulator.reset({ mps: cap, latency_ms: LATENCY_MS });
      await emulator.loopDelay();
      const alone = await sampled(emulator, seconds, (started) => runDispatcher(emulator, database, 'sqlite', { mps: cap, mode: 'timed', seconds }, undefined, started));
      const a = rates(alone.samples);
      const aloneLoop = await emulator.loopDelay();
      ctx.log(
        `rate[${cap}]: broadcast alone ${round(a.steady, 1)}/s (${round(a.steady / cap)} × cap), 130429: ${alone.rejected429}; ` +
          `most departures in a second ${alone.result.maxDeparturesPerSecond}; loop delay max: dispatcher ${round(alone.result.loopDelayMaxMs, 1)} ms, emulator ${round(aloneLoop.maxMs, 1)} ms`,
      );

      // Phase B: the broadcast with a steady stream of replies.
      await emulator.reset({ mps: cap, latency_ms: LATENCY_MS });
      await emulator.loopDelay();
      const bStart = Date.now();
      const replyRate = cap * REPLY_FRACTION;
      const mixed = await sampled(emulator, seconds, (started) =>
        runDispatcher(emulator, database, 'sqlite', { mps: cap, mode: 'timed', seconds, replies: { perSecond: replyRate, contactIds: replyContacts } }, undefined, started),
      );
      const bEnd = Date.now();
      const m = rates(mixed.samples);
      const mixedLoop = await emulator.loopDelay();
      // From the rows: broadcasts recorded per second in the steady part, and each reply's wait.
      const from = bStart + 2000;
      const to = bEnd - 1000;
      const broadcastSent = await database.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'broadcast')
        .where('sent_at', '>=', from)
        .where('sent_at', '<', to)
        .executeTakeFirstOrThrow();
      const broadcastRate = (Number(broadcastSent.n) * 1000) / (to - from);
      const replies = await database.db
        .selectFrom('outbox')
        .select(['created_at', 'sent_at', 'state'])
        .where('kind', '=', 'dialogue_reply')
        .where('created_at', '>=', bStart)
        .execute();
      const sentReplies = replies.filter((r) => r.sent_at !== null);
      const waits = sentReplies.map((r) => Number(r.sent_at) - Number(r.created_at)).sort((x, y) => x - y);
      // A reply enqueued in the last second may legitimately be unsent when the phase stops.
      const unsentOld = replies.filter((r) => r.sent_at === null && Number(r.created_at) < bEnd - 1000).length;
      const maxWait = waits.length ? waits[waits.length - 1]! : Number.NaN;
      ctx.log(
        `rate[${cap}]: mixed total ${round(m.steady, 1)}/s, broadcasts ${round(broadcastRate, 1)}/s (${round(broadcastRate / (SHARE * cap))} × share), ` +
          `${sentReplies.length} replies, wait p50 ${percentile(waits, 50)} ms p99 ${percentile(waits, 99)} ms max ${maxWait} ms, 130429: ${mixed.rejected429}`,
      );
      const state = await sql<{ n: number }>`select count(*) as n from outbox where state = 'sent'`.execute(database.db);
      figures[`cap_${cap}`] = {
        alone: {
          accepted_per_s: round(a.steady, 1),
          ratio_to_cap: round(a.steady / cap),
          per_second_min: round(Math.min(...a.perSecond), 1),
          per_second_median: round(median(a.perSecond), 1),
          per_second_max: round(Math.max(...a.perSecond), 1),
          rejected_130429: alone.rejected429,
          max_departures_in_any_second: alone.result.maxDeparturesPerSecond,
          dispatcher_loop_delay_ms: { p99: round(alone.result.loopDelayP99Ms, 1), max: round(alone.result.loopDelayMaxMs, 1) },
          emulator_loop_delay_ms: { p99: round(aloneLoop.p99Ms, 1), max: round(aloneLoop.maxMs, 1) },
        },
        mixed: {
          accepted_per_s: round(m.steady, 1),
          per_second_max: round(Math.max(...m.perSecond), 1),
          broadcast_per_s: round(broadcastRate, 1),
          broadcast_ratio_to_share: round(broadcastRate / (SHARE * cap)),
          replies_enqueued_per_s: replyRate,
          replies_sent: sentReplies.length,
          replies_unsent_older_than_1s: unsentOld,
          reply_wait_ms: { p50: percentile(waits, 50), p99: percentile(waits, 99), max: maxWait },
          rejected_130429: mixed.rejected429,
          max_departures_in_any_second: mixed.result.maxDeparturesPerSecond,
          dispatcher_loop_delay_ms: { p99: round(mixed.result.loopDelayP99Ms, 1), max: round(mixed.result.loopDelayMaxMs, 1) },
          emulator_loop_delay_ms: { p99: round(mixedLoop.p99Ms, 1), max: round(mixedLoop.maxMs, 1) },
        },
        rows_sent_total: Number(state.rows[0]?.n ?? 0),
      };
      checks.push(check(`cap ${cap}: broadcast alone, accepted/s ÷ cap`, a.steady / cap, '>=', 0.97, '', !perf));
      checks.push(check(`cap ${cap}: 130429 answers (alone and mixed)`, alone.rejected429 + mixed.rejected429, '==', 0, '', !perf));
      checks.push(check(`cap ${cap}: mixed, broadcasts/s ÷ (share × cap)`, broadcastRate / (SHARE * cap), '<=', 1, '', !perf));
      checks.push(check(`cap ${cap}: mixed, longest reply wait`, maxWait, '<=', 1000, 'ms', !perf));
      checks.push(check(`cap ${cap}: mixed, replies older than 1 s still unsent`, unsentOld, '==', 0, '', !perf));
      checks.push(check(`cap ${cap}: broadcasts and replies were accepted`, Math.min(alone.samples.at(-1)?.accepted ?? 0, sentReplies.length), '>=', 1));
    } finally {
      await database.drop();
    }
  }
  return {
    id: 'rate',
    title: 'Rate accuracy at the cap (50 ms latency)',
    ok: checks.filter((c) => !c.informational).every((c) => c.ok),
    seconds: round((performance.now() - started) / 1000, 1),
    checks,
    figures,
    notes: [],
  };
}

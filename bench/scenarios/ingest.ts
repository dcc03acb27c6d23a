/**
 * Scenario 4 — webhook ingest: signed status webhooks (sent → delivered → read for known
 * messages) for T seconds from a load generator in its own process, against the whole product
 * (own process: fastify, signature check, normalise, store in inbound_event, answer; the inbound
 * processor applies them to the outbox rows in the background) — and, in the same run, against a
 * bare node:http server (own process) that only reads the body and answers 200. Same generator,
 * same concurrency, same bodies. After the load stops, the backlog of unprocessed events must
 * drain within 10 s.
 */
import { sql } from 'kysely';
import type { Database } from '../../src/db/database.js';
import type { Dialect } from '../../src/db/sql.js';
import { size, type BenchContext } from '../lib/context.js';
import { createBenchDatabase, seedSubscribers } from '../lib/db.js';
import { APP_SECRET } from '../lib/emulator.js';
import { productNodeFlags, sleep, spawnChild } from '../lib/proc.js';
import { check, round, type Check, type ScenarioResult } from '../lib/stats.js';
import type { LoadGo } from '../workers/webhook-load.js';

const CONCURRENCY = 32;
const WAMID = 'wamid.bench.';

type LoadDone = { type: 'done'; seconds: number; sent: number; ok: number; failed: number; p50: number; p90: number; p99: number; max: number };

async function runLoad(url: string, seconds: number, messages: number): Promise<LoadDone> {
  const child = spawnChild('webhook-load', 'bench/workers/webhook-load.ts');
  try {
    await child.next('ready');
    const go: LoadGo = { type: 'go', url, secret: APP_SECRET, seconds, concurrency: CONCURRENCY, messages, firstContact: 1, wamidPrefix: WAMID };
    child.send(go);
    return await child.next<LoadDone>('done', (seconds + 60) * 1000);
  } finally {
    await child.stop();
  }
}

async function bare(seconds: number, messages: number): Promise<LoadDone> {
  const server = spawnChild('bare-server', 'bench/workers/bare-server.ts');
  try {
    const { port } = await server.next<{ type: 'listening'; port: number }>('listening');
    return await runLoad(`http://127.0.0.1:${port}/webhooks/whatsapp`, seconds, messages);
  } finally {
    await server.stop();
  }
}

async function counts(db: Database): Promise<Record<string, number>> {
  const rows = await db.selectFrom('inbound_event').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

export async function ingestScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const started = performance.now();
  const seconds = size(ctx, 30, 2);
  const messages = size(ctx, 80_000, 2_000);
  const drainLimitS = size(ctx, 60, 30);
  const emulator = await ctx.emulator();
  const checks: Check[] = [];
  const figures: Record<string, unknown> = { seconds, concurrency: CONCURRENCY, known_messages: messages };
  const perf = !ctx.smoke;
  for (const dialect of ctx.dialects as Dialect[]) {
    const b = await bare(seconds, messages);
    const bareRate = b.ok / b.seconds;
    ctx.log(`ingest: bare node:http ${Math.round(bareRate)}/s accepted, p99 ${round(b.p99, 1)} ms`);

    const database = await createBenchDatabase(dialect, ctx.pgUrl);
    const server = spawnChild(`product-${dialect}`, 'bench/workers/product-server.ts', [], {}, productNodeFlags());
    try {
      await seedSubscribers(database.db, dialect, messages);
      const now = Date.now();
      await sql`insert into outbox (contact_id, channel, kind, priority, payload, state, attempts, available_at, external_id, broadcast_id, created_at, updated_at, sent_at)
        select id, 'whatsapp', 'broadcast', 100, '{}', 'sent', 1, ${sql.lit(now)}, ${WAMID} || cast(id - 1 as text), 1, ${sql.lit(now)}, ${sql.lit(now)}, ${sql.lit(now)}
        from contact where id between 1 and ${sql.lit(messages)}`.execute(database.db);
      await server.next('ready');
      server.send({ type: 'go', url: database.url, ...(database.schema ? { schema: database.schema } : {}), apiUrl: emulator.apiUrl });
      const { port } = await server.next<{ type: 'listening'; port: number }>('listening', 60_000);

      // Applied events per second while the load runs (sampled from the database).
      const samples: { at: number; done: number; pending: number }[] = [];
      let loading = true;
      const sampler = (async () => {
        while (loading) {
          const c = await counts(database.db);
          samples.push({ at: performance.now(), done: c.done ?? 0, pending: c.pending ?? 0 });
          await sleep(1000);
        }
      })();
      const load = await runLoad(`http://127.0.0.1:${port}/webhooks/whatsapp`, seconds, messages);
      loading = false;
      await sampler;
      if (process.env.BENCH_CPU_PROF_DIR) {
        server.send({ type: 'profile-stop' });
        ctx.log(`ingest[${dialect}]: profile ${(await server.next<{ type: 'profile-stopped'; file: string }>('profile-stopped', 30_000)).file}`);
      }
      const stopAt = performance.now();
      const atStop = await counts(database.db);
      let drainSeconds = Number.NaN;
      let left = atStop.pending ?? 0;
      for (;;) {
        left = (await counts(database.db)).pending ?? 0;
        if (left === 0) {
          drainSeconds = (performance.now() - stopAt) / 1000;
          break;
        }
        if (performance.now() - stopAt > drainLimitS * 1000) break;
        await sleep(200);
      }
      const final = await counts(database.db);
      const applied = final.done ?? 0;
      const first = samples[0];
      const last = samples[samples.length - 1];
      const appliedDuringLoad = first && last && last.at > first.at ? ((last.done - first.done) * 1000) / (last.at - first.at) : Number.NaN;
      const productRate = load.ok / load.seconds;
      const ratio = productRate / bareRate;
      const outbox = await sql<{ state: string; n: number }>`select state, count(*) as n from outbox group by state`.execute(database.db);
      figures[dialect] = {
        bare: { accepted_per_s: Math.round(bareRate), p50_ms: round(b.p50, 2), p99_ms: round(b.p99, 2) },
        product: {
          accepted_per_s: Math.round(productRate),
          failed: load.failed,
          latency_ms: { p50: round(load.p50, 2), p90: round(load.p90, 2), p99: round(load.p99, 2), max: round(load.max, 1) },
          applied_per_s_during_load: Math.round(appliedDuringLoad),
          applied_per_s_overall: Math.round(applied / ((performance.now() - (first?.at ?? stopAt)) / 1000)),
          backlog_at_stop: atStop.pending ?? 0,
          drain_seconds: round(drainSeconds, 2),
          left_pending: left,
          events: final,
          outbox_states: Object.fromEntries(outbox.rows.map((r) => [r.state, Number(r.n)])),
        },
        ratio: round(ratio),
      };
      ctx.log(
        `ingest[${dialect}]: ${Math.round(productRate)}/s accepted (${round(ratio)} × bare), p99 ${round(load.p99, 1)} ms, applied ${Math.round(appliedDuringLoad)}/s, ` +
          `backlog ${atStop.pending ?? 0} drained in ${round(drainSeconds, 1)} s`,
      );
      const info = dialect !== 'sqlite' || !perf;
      checks.push(check(`${dialect}: accepted/s ÷ bare node:http`, ratio, '>=', 0.5, '', info));
      checks.push(check(`${dialect}: p99 latency`, load.p99, '<=', 50, 'ms', info));
      checks.push(check(`${dialect}: backlog drained after the load stopped`, drainSeconds, '<=', 10, 's', info));
      checks.push(check(`${dialect}: webhooks refused`, load.failed, '==', 0));
      // The generator cycles through its known messages: past 3 × messages, a webhook is a
      // redelivery (Meta retries too), stored as a duplicate and applied once.
      const distinctAccepted = Math.min(load.ok, 3 * messages);
      checks.push(check(`${dialect}: events applied (every distinct accepted one)`, applied, '>=', distinctAccepted, '', dialect !== 'sqlite'));
    } finally {
      await server.stop();
      await database.drop();
    }
  }
  return {
    id: 'ingest',
    title: 'Webhook ingest (signed status webhooks)',
    ok: checks.filter((c) => !c.informational).every((c) => c.ok),
    seconds: round((performance.now() - started) / 1000, 1),
    checks,
    figures,
    notes: [],
  };
}

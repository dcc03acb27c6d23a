/**
 * `npm run bench` — the benchmarks of issue 6, on loopback, every loop bounded in count and time.
 *
 *   npm run bench                       all scenarios, full size (≤ 30 minutes), writes bench/results/latest.json
 *                                       and the figures section of docs/performance.md
 *   npm run bench -- --smoke            all scenarios at a tiny size (a correctness check, seconds)
 *   npm run bench -- --only fanout,dispatch
 *   npm run bench -- --out file.json    where to write the results (smoke: a temporary file unless given)
 *   npm run bench -- --sqlite-only      skip PostgreSQL
 *
 * PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL; the full run also tries
 * postgres://postgres@127.0.0.1:5432/test. Each run uses a schema of its own and drops it.
 * Exit code 0 when every required check passed, 1 otherwise.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Dialect } from '../src/db/sql.js';
import type { BenchContext } from './lib/context.js';
import { postgresReachable, postgresUrl } from './lib/db.js';
import { startEmulator, type EmulatorProcess } from './lib/emulator.js';
import { BENCH_DIR } from './lib/proc.js';
import { writeFigures } from './lib/report.js';
import { machine, round, type ScenarioResult } from './lib/stats.js';
import { crashScenario } from './scenarios/crash.js';
import { dispatchScenario } from './scenarios/dispatch.js';
import { fanoutScenario } from './scenarios/fanout.js';
import { ingestScenario } from './scenarios/ingest.js';
import { memoryScenario } from './scenarios/memory.js';
import { rateScenario } from './scenarios/rate.js';

const SCENARIOS: Record<string, (ctx: BenchContext) => Promise<ScenarioResult>> = {
  fanout: fanoutScenario,
  dispatch: dispatchScenario,
  rate: rateScenario,
  ingest: ingestScenario,
  crash: crashScenario,
  memory: memoryScenario,
};

/** The whole run stops here, whatever a scenario does. */
const RUN_LIMIT_MS = 30 * 60_000;

async function databaseVersions(pgUrl: string | undefined): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  const lite = new Database(':memory:');
  versions.sqlite = String((lite.prepare('select sqlite_version() as v').get() as { v: string }).v);
  lite.close();
  if (pgUrl) {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    versions.postgres = String((await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version);
    await client.end();
  }
  return versions;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      smoke: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      'sqlite-only': { type: 'boolean', default: false },
    },
  });
  const smoke = values.smoke === true;
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(SCENARIOS);
  for (const id of only) if (!SCENARIOS[id]) throw new Error(`unknown scenario "${id}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
  const out = values.out ?? (smoke ? path.join(os.tmpdir(), `stadtbote-bench-smoke-${process.pid}.json`) : path.join(BENCH_DIR, 'results', 'latest.json'));

  let pgUrl = values['sqlite-only'] ? undefined : postgresUrl(smoke);
  const notes: string[] = [];
  if (pgUrl && !(await postgresReachable(pgUrl))) {
    notes.push(`PostgreSQL at ${pgUrl.replace(/\/\/[^@]*@/, '//')} not reachable: PostgreSQL figures skipped`);
    pgUrl = undefined;
  }
  const dialects: Dialect[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
  const started = Date.now();
  let emulator: EmulatorProcess | undefined;
  const ctx: BenchContext = {
    smoke,
    dialects,
    ...(pgUrl ? { pgUrl } : {}),
    async emulator() {
      emulator ??= await startEmulator();
      return emulator;
    },
    log: (line) => console.log(`[${round((Date.now() - started) / 1000, 1)} s] ${line}`),
  };
  const watchdog = setTimeout(() => {
    console.error('bench: the run exceeded 30 minutes; stopping');
    process.exit(2);
  }, RUN_LIMIT_MS);
  watchdog.unref();

  const results: ScenarioResult[] = [];
  try {
    for (const id of only) {
      ctx.log(`— ${id} —`);
      const t0 = performance.now();
      try {
        results.push(await SCENARIOS[id]!(ctx));
      } catch (error) {
        ctx.log(`${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        results.push({ id, title: id, ok: false, seconds: round((performance.now() - t0) / 1000, 1), checks: [], figures: {}, notes: [], error: error instanceof Error ? error.message : String(error) });
      }
      const last = results[results.length - 1]!;
      for (const c of last.checks) ctx.log(`${c.ok ? 'PASS' : c.informational ? 'info' : 'MISS'}  ${c.name}: ${c.measured} (target ${c.target})`);
    }
  } finally {
    await emulator?.stop();
  }

  const report = {
    kind: smoke ? 'smoke' : 'full',
    started_at: new Date(started).toISOString(),
    seconds: round((Date.now() - started) / 1000, 1),
    machine: machine(),
    databases: await databaseVersions(pgUrl).catch(() => ({})),
    notes,
    ok: results.every((r) => r.ok),
    scenarios: results,
  };
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  ctx.log(`results: ${out} (${report.ok ? 'all required checks passed' : 'some required checks missed'})`);
  // A full run of every scenario is what docs/performance.md shows.
  if (!smoke && only.length === Object.keys(SCENARIOS).length && values.out === undefined) {
    writeFigures(path.join(BENCH_DIR, '..', 'docs', 'performance.md'), report);
    ctx.log('docs/performance.md: figures updated');
  }
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);

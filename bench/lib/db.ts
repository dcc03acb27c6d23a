/**
 * Benchmark databases: a fresh SQLite file (WAL, as the product opens it) or a PostgreSQL schema
 * of its own, migrated, seeded set-wise, dropped afterwards. Child processes open the same
 * database from `url` + `schema`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest, openDatabase, type Database, type DatabaseHandle } from '../../src/db/database.js';
import type { Dialect } from '../../src/db/sql.js';
import { templateRepository } from '../../src/modules/templates/template.repository.js';
import { TEMPLATE } from './emulator.js';

export interface BenchDatabase extends DatabaseHandle {
  url: string;
  schema?: string;
  /** Opens another handle (another process does the same with url + schema). */
  openAnother(): Promise<DatabaseHandle>;
  drop(): Promise<void>;
}

/** PostgreSQL for the benchmark, or undefined (then PostgreSQL figures are reported as skipped). */
export function postgresUrl(smoke: boolean): string | undefined {
  return process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? (smoke ? undefined : 'postgres://postgres@127.0.0.1:5432/test');
}

export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Opens a benchmark database by url and schema (in a child process). */
export function openBenchDatabase(url: string, schema?: string, poolSize = 10): Promise<DatabaseHandle> {
  return openDatabase(url, schema ? { schema, poolSize } : {});
}

export async function createBenchDatabase(dialect: Dialect, pgUrl?: string): Promise<BenchDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stadtbote-bench-'));
    const url = `sqlite:${path.join(dir, 'bench.sqlite')}`;
    const handle = await openDatabase(url);
    await migrateToLatest(handle.db);
    await registerTemplate(handle.db);
    return {
      ...handle,
      url,
      openAnother: () => openDatabase(url),
      drop: async () => {
        await handle.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!pgUrl) throw new Error('no PostgreSQL URL');
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const handle = await openDatabase(pgUrl, { schema, poolSize: 10 });
  // The tests' protocol is that migrations and schema drops take turns under an advisory lock
  // (Kysely introspects every schema). A benchmark never holds that lock while it waits for
  // something else (Kysely's own migration lock may be busy for long): it migrates without it,
  // retrying when a concurrent drop disturbed the introspection, and drops under it.
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(handle.db);
      break;
    } catch (error) {
      if (attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
  await registerTemplate(handle.db);
  return {
    ...handle,
    url: pgUrl,
    schema,
    openAnother: () => openDatabase(pgUrl, { schema, poolSize: 10 }),
    drop: async () => {
      await handle.close().catch(() => undefined);
      await withSchemaLock(pgUrl, (client) => client.query(`drop schema if exists ${schema} cascade`));
    },
  };
}

/** Runs `work` (a quick statement) while holding the tests' schema lock; waits at most 2 minutes for it. */
async function withSchemaLock<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("set lock_timeout = '120s'");
    await client.query('select pg_advisory_lock(727274)');
    await client.query('set lock_timeout = 0');
    return await work(client);
  } finally {
    await client.query('select pg_advisory_unlock(727274)').catch(() => undefined);
    await client.end();
  }
}

async function registerTemplate(db: Database): Promise<void> {
  await templateRepository.upsert(db, { name: TEMPLATE.name, language: TEMPLATE.language, category: 'utility', status: 'approved', body: TEMPLATE.body, parameter_count: 1, serves: [], updated_at: 0 });
}

export function phoneOf(i: number): string {
  return `49151${String(i).padStart(8, '0')}`;
}

/**
 * Creates contacts 1..n (phones 49151…, language de; window open when `windowOpenAt` is given)
 * subscribed to a new topic; returns the topic id. One statement each (set-wise).
 */
export async function seedSubscribers(db: Database, dialect: Dialect, n: number, options: { windowOpenAt?: number; firstId?: number } = {}): Promise<number> {
  const first = options.firstId ?? 1;
  const last = first + n - 1;
  const inbound = options.windowOpenAt === undefined ? sql.lit(null) : sql.lit(options.windowOpenAt);
  const topic = await db
    .insertInto('topic')
    .values({ key: `bench_${randomBytes(4).toString('hex')}`, names: '{}', descriptions: '{}', sort_order: 0, active: 1, urgent: 0, created_at: 0, updated_at: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (dialect === 'sqlite') {
    await sql`with recursive seq(n) as (select ${sql.lit(first)} union all select n + 1 from seq where n < ${sql.lit(last)})
      insert into contact (id, phone, language, created_at, updated_at, last_inbound_at)
      select n, '49151' || printf('%08d', n), 'de', 0, 0, ${inbound} from seq`.execute(db);
  } else {
    await sql`insert into contact (id, phone, language, created_at, updated_at, last_inbound_at)
      overriding system value
      select n, '49151' || lpad(n::text, 8, '0'), 'de', 0, 0, ${inbound}::bigint from generate_series(${sql.lit(first)}::bigint, ${sql.lit(last)}::bigint) as n`.execute(db);
    await sql`select setval(pg_get_serial_sequence('contact', 'id'), ${sql.lit(last)})`.execute(db);
  }
  await sql`insert into subscription (contact_id, topic_id, created_at)
    select id, ${sql.lit(Number(topic.id))}, 0 from contact where id between ${sql.lit(first)} and ${sql.lit(last)}`.execute(db);
  if (dialect === 'postgres') await sql`analyze`.execute(db);
  return Number(topic.id);
}

/** Bytes of the SQLite file plus its WAL (null for PostgreSQL). */
export function sqliteBytes(url: string): number | null {
  if (!url.startsWith('sqlite:')) return null;
  const file = url.slice('sqlite:'.length);
  let total = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      total += statSync(f).size;
    } catch {
      /* absent */
    }
  }
  return total;
}

/** Counts outbox rows per state. */
export async function outboxStates(db: Database): Promise<Record<string, number>> {
  const rows = await db.selectFrom('outbox').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

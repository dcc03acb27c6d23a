/**
 * Test databases: every storage test runs on SQLite and on PostgreSQL (decision 2).
 * PostgreSQL runs when TEST_DATABASE_URL is set; under CI=true its absence fails the run
 * instead of skipping. Each database is fresh: a temporary SQLite file, or a PostgreSQL schema
 * of its own that is dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { migrateToLatest, openDatabase, SCHEMA_CHANGE_LOCK, type DatabaseHandle } from '../db/database.js';
import type { Dialect } from '../db/sql.js';

export interface TestDatabase extends DatabaseHandle {
  /** A DATABASE_URL that opens the same database (SQLite file; PostgreSQL with `schema`). */
  url: string;
  schema?: string;
  /** Opens a second handle on the same database (a second instance). */
  openAnother(): Promise<DatabaseHandle>;
  /** Closes this handle and removes the database. */
  drop(): Promise<void>;
}

const pgUrl = process.env.TEST_DATABASE_URL;
const inCi = process.env.CI === 'true';

/** The dialects this run covers. */
export function testDialects(): Dialect[] {
  if (!pgUrl && inCi) {
    throw new Error('TEST_DATABASE_URL is required under CI=true: the PostgreSQL suites must run, not be skipped');
  }
  return pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** Runs `body` once per database; the PostgreSQL variant is marked skipped locally without TEST_DATABASE_URL. */
export function describeEachDatabase(name: string, body: (dialect: Dialect) => void): void {
  const dialects = testDialects();
  for (const dialect of dialects) describe(`${name} [${dialect}]`, () => body(dialect));
  if (!dialects.includes('postgres')) describe.skip(`${name} [postgres: set TEST_DATABASE_URL]`, () => body('postgres'));
}

/** A fresh, migrated database of the given dialect. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stadtbote-test-'));
    const url = `sqlite:${path.join(dir, 'test.sqlite')}`;
    const handle = await openDatabase(url);
    await migrateToLatest(handle.db);
    return {
      ...handle,
      url,
      openAnother: () => openDatabase(url),
      drop: async () => {
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!pgUrl) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const handle = await openDatabase(pgUrl, { schema, poolSize: 5 });
  await migrateToLatest(handle.db); // holds SCHEMA_CHANGE_LOCK; drops below take it too
  return {
    ...handle,
    url: pgUrl,
    schema,
    openAnother: () => openDatabase(pgUrl, { schema, poolSize: 5 }),
    drop: async () => {
      await handle.close();
      await withSchemaLock((client) => client.query(`drop schema if exists ${schema} cascade`));
    },
  };
}

/** Runs `work` while holding the lock migrations hold (Kysely's introspection and schema drops take turns). */
async function withSchemaLock<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(`select pg_advisory_lock(${SCHEMA_CHANGE_LOCK})`);
    return await work(client);
  } finally {
    await client.query(`select pg_advisory_unlock(${SCHEMA_CHANGE_LOCK})`).catch(() => undefined);
    await client.end();
  }
}

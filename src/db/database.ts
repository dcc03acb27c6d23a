/**
 * Opens the database named by `DATABASE_URL`: embedded SQLite (WAL) or PostgreSQL.
 * Also runs the migrations (`migrateToLatest`), the same on both.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, type Migration, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.js';
import type { DB } from './schema.js';
import type { Dialect } from './sql.js';

export type Database = Kysely<DB>;

export interface DatabaseHandle {
  db: Database;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL: the schema to use (tests isolate themselves this way). Created when missing. */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

const PG_INT8 = 20;

/** Opens a database from `sqlite:<path>` (or `sqlite::memory:`) or `postgres://…`. */
export async function openDatabase(url: string, options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
}

function openSqlite(file: string): DatabaseHandle {
  const memory = file === ':memory:' || file === '';
  if (!memory) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SQLite(memory ? ':memory:' : file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * Kysely prepares every query anew; on SQLite preparing costs as much as running a short query.
 * The same SQL text reuses its prepared statement (least recently used ones are dropped). Safe
 * because Kysely runs a statement to completion (`all`/`run`) before the next one starts.
 */
export function withStatementCache(database: SQLite.Database, max = 1000): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text); // re-inserted below: the Map's order is the recency order
      } else {
        statement = database.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === PG_INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  if (options.schema) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new Error('invalid schema name');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`create schema if not exists ${options.schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

/**
 * Advisory-lock key held while migrating on PostgreSQL. Kysely's migrator introspects every
 * schema of the database, which breaks while another session drops a schema; whoever drops
 * schemas in a shared database (the tests) takes the same lock.
 */
export const SCHEMA_CHANGE_LOCK = 727274;

/**
 * Runs every pending migration; throws with the failing migration's name. `only` limits them to
 * the named ones (a restore first rebuilds the schema its backup was taken with).
 */
export async function migrateToLatest(db: Database, only?: readonly string[]): Promise<void> {
  const chosen = only ? Object.fromEntries(Object.entries(migrations).filter(([name]) => only.includes(name))) : migrations;
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return runMigrations(db, undefined, chosen);
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${sql.lit(SCHEMA_CHANGE_LOCK)})`.execute(connection);
    try {
      // Name our schema so that another schema's Kysely tables are never mistaken for ours.
      await runMigrations(connection, await currentSchema(connection), chosen);
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(SCHEMA_CHANGE_LOCK)})`.execute(connection);
    }
  });
}

async function runMigrations(db: Database, schema: string | undefined, chosen: Record<string, Migration>): Promise<void> {
  // Migrations written in parallel may land out of order; each is independent of the others' tables.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => chosen },
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** True when the database answers. */
export async function pingDatabase(db: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

async function currentSchema(db: Database): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? 'public';
}

/**
 * Every row of every table of the product's database, enumerated from the database's own
 * catalogue (not a hand-written list): SQLite's `sqlite_master`, PostgreSQL's
 * information_schema for the current schema. For tests that check what is left after an erasure.
 */
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import type { Dialect } from '../db/sql.js';

export async function tableNames(db: Database, dialect: Dialect): Promise<string[]> {
  const { rows } =
    dialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1`.execute(db);
  return rows.map((r) => r.name);
}

/** `{table: rows}` for every table. */
export async function dumpAllTables(db: Database, dialect: Dialect): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of await tableNames(db, dialect)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    out[name] = rows;
  }
  return out;
}

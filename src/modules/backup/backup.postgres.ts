/**
 * PostgreSQL's logical export (docs/decisions.md D65): every table as JSON lines, read in one
 * REPEATABLE READ snapshot so the tables agree with each other while the service runs, and read
 * back in dependency order in one transaction. All columns are text or numbers (JSON is stored
 * as text, times as epoch milliseconds), so a row survives JSON unchanged.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { appliedMigrations, rowCounts, tablesInDependencyOrder, type TableInfo } from './backup.tables.js';

const PAGE = 1000;
const INSERT_BATCH = 200;

async function writeTable(trx: Database, table: TableInfo, file: string): Promise<number> {
  const out = createWriteStream(file, { mode: 0o600 });
  const order = table.key.length > 0 ? table.key : ['1'];
  let offset = 0;
  let total = 0;
  for (;;) {
    // Offsets are stable inside the snapshot; ordered by the key, rows come parents first for self-references.
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)} order by ${sql.join(order.map((c) => (c === '1' ? sql.lit(1) : sql.ref(c))))} limit ${PAGE} offset ${offset}`.execute(trx);
    for (const row of rows) if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
    total += rows.length;
    offset += rows.length;
    if (rows.length < PAGE) break;
  }
  out.end();
  await once(out, 'finish');
  return total;
}

/** Writes `<dir>/tables/<table>.jsonl` for every table; returns the migrations and tables with their counts. */
export async function exportPostgres(db: Database, dir: string): Promise<{ migrations: string[]; tables: { name: string; rows: number }[]; files: string[] }> {
  await mkdir(path.join(dir, 'tables'), { recursive: true });
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set transaction read only`.execute(trx);
      const migrations = await appliedMigrations(trx, 'postgres');
      const tables: { name: string; rows: number }[] = [];
      const files: string[] = [];
      for (const table of await tablesInDependencyOrder(trx, 'postgres')) {
        const relative = path.join('tables', `${table.name}.jsonl`);
        tables.push({ name: table.name, rows: await writeTable(trx, table, path.join(dir, relative)) });
        files.push(relative);
      }
      return { migrations, tables, files };
    });
}

/** Drops every table of the current schema (the restore owns its target schema). */
export async function dropAllTables(db: Database): Promise<void> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
  for (const r of rows) await sql`drop table if exists ${sql.table(r.name)} cascade`.execute(db);
}

/** Reads the tables back (into a schema migrated to the backup's migrations), then moves the id sequences past the highest id. */
export async function importPostgres(db: Database, dir: string, tables: { name: string; rows: number }[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // Rows the migrations themselves wrote (the clock's) give way to the backup's.
    for (const { name } of [...tables].reverse()) await sql`delete from ${sql.table(name)}`.execute(trx);
    for (const { name } of tables) {
      const text = await readFile(path.join(dir, 'tables', `${name}.jsonl`), 'utf8');
      const rows = text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        await (trx as Database).insertInto(name as any).values(rows.slice(i, i + INSERT_BATCH) as any).execute();
      }
      const { rows: identity } = await sql<{ seq: string | null }>`select pg_get_serial_sequence(${sql.lit(`"${name}"`)}, 'id') as seq from information_schema.columns where table_schema = current_schema() and table_name = ${name} and column_name = 'id'`.execute(trx);
      const sequence = identity[0]?.seq;
      if (sequence) await sql`select setval(${sequence}::regclass, coalesce((select max(id) from ${sql.table(name)}), 0) + 1, false)`.execute(trx);
    }
    const counts = await rowCounts(trx, tables.map((t) => t.name));
    for (const t of tables) if (counts[t.name] !== t.rows) throw new Error(`table ${t.name}: ${counts[t.name]} rows restored, the backup holds ${t.rows}`);
  });
}

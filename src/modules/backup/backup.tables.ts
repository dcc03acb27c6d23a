/**
 * The product's tables as the database's catalogue knows them, in dependency order (a table
 * after every table it references), and their rows in primary-key order. Used by the backup's
 * manifest and by the logical export/import of PostgreSQL (docs/decisions.md D65).
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Dialect } from '../../db/sql.js';

/** Kysely's own bookkeeping; the backup records the applied migrations in its manifest instead. */
export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

export interface TableInfo {
  name: string;
  /** Primary-key columns, in order (empty when the table has none). */
  key: string[];
}

async function references(db: Database, dialect: Dialect, tables: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map(tables.map((t) => [t, new Set<string>()]));
  if (dialect === 'postgres') {
    const { rows } = await sql<{ child: string; parent: string }>`
      select c.relname as child, p.relname as parent
      from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
      join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = current_schema()`.execute(db);
    for (const r of rows) out.get(r.child)?.add(r.parent);
  } else {
    for (const t of tables) {
      const { rows } = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${t})`.execute(db);
      for (const r of rows) out.get(t)?.add(r.table);
    }
  }
  return out;
}

async function primaryKey(db: Database, dialect: Dialect, table: string): Promise<string[]> {
  if (dialect === 'postgres') {
    const { rows } = await sql<{ name: string }>`
      select a.attname as name from pg_index i
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indrelid = ${sql.lit(`"${table}"`)}::regclass and i.indisprimary
      order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
    return rows.map((r) => r.name);
  }
  const { rows } = await sql<{ name: string; pk: number }>`select name, pk from pragma_table_info(${table}) where pk > 0 order by pk`.execute(db);
  return rows.map((r) => r.name);
}

/** Every table of the current schema except the migration bookkeeping, parents before children. */
export async function tablesInDependencyOrder(db: Database, dialect: Dialect): Promise<TableInfo[]> {
  const { rows } =
    dialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1`.execute(db);
  const names = rows.map((r) => r.name).filter((n) => !MIGRATION_TABLES.includes(n));
  const parents = await references(db, dialect, names);
  const ordered: string[] = [];
  const placed = new Set<string>();
  const visit = (name: string, path: Set<string>) => {
    if (placed.has(name) || path.has(name)) return; // a self-reference or a cycle: rows in key order
    path.add(name);
    for (const parent of parents.get(name) ?? []) if (parent !== name) visit(parent, path);
    placed.add(name);
    ordered.push(name);
  };
  for (const name of names) visit(name, new Set());
  const out: TableInfo[] = [];
  for (const name of ordered) out.push({ name, key: await primaryKey(db, dialect, name) });
  return out;
}

/** All tables' row counts. */
export async function rowCounts(db: Database, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of tables) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    out[name] = Number(rows[0]?.n ?? 0);
  }
  return out;
}

/** The names of the migrations applied to this database (none when it has no tables yet). */
export async function appliedMigrations(db: Database, dialect: Dialect): Promise<string[]> {
  const { rows: present } =
    dialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name = 'kysely_migration'`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = 'kysely_migration'`.execute(db);
  if (present.length === 0) return [];
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

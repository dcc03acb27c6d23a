/**
 * The only home of dialect-specific SQL (decision 2). Everything else is portable Kysely.
 */
import { PostgresAdapter, sql, type Kysely, type SelectQueryBuilder } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** Which database a Kysely instance talks to. */
export function dialectOf(db: Kysely<unknown> | Kysely<never>): Dialect {
  return (db as Kysely<unknown>).getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Column type of surrogate keys and references to them. */
export function idType(dialect: Dialect): 'integer' | 'bigint' {
  return dialect === 'postgres' ? 'bigint' : 'integer';
}

/**
 * Adds `FOR UPDATE SKIP LOCKED` on PostgreSQL so several instances claim disjoint rows.
 * SQLite serialises writers, so the plain select is already exclusive inside the claim's
 * UPDATE statement.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function skipLocked<QB extends SelectQueryBuilder<any, any, any>>(dialect: Dialect, qb: QB): QB {
  return dialect === 'postgres' ? (qb.forUpdate().skipLocked() as QB) : qb;
}

/**
 * Takes a job's lock for the current transaction (decision 18: on PostgreSQL only one instance
 * runs a schedule at a time). SQLite has one instance: always true.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function tryJobLock(db: Kysely<any>, dialect: Dialect, job: string): Promise<boolean> {
  if (dialect !== 'postgres') return true;
  const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtext(${job})) as ok`.execute(db);
  return rows[0]?.ok === true;
}

/**
 * The only home of dialect-specific SQL (decision 2). Everything else is portable Kysely.
 */
import { PostgresAdapter, type Kysely, type SelectQueryBuilder } from 'kysely';

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

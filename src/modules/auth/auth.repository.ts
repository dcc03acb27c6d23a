/** Sessions, API tokens and the failed-login throttle. One query per method. */
import type { Insertable, Kysely } from 'kysely';
import type { ApiTokenRow, ApiTokenTable, DB, StaffSessionRow, StaffSessionTable } from '../../db/schema.js';

type Executor = Kysely<DB>;

export interface ThrottleRow {
  kind: string;
  key: string;
  failures: number;
  last_failure_at: number;
}

export const sessionRepository = {
  async insert(db: Executor, session: Insertable<StaffSessionTable>): Promise<void> {
    await db.insertInto('staff_session').values(session).execute();
  },

  async find(db: Executor, id: string): Promise<StaffSessionRow | undefined> {
    return db.selectFrom('staff_session').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Moves `last_seen_at` forward, at most once per `everyMs` (one write per minute, not per request). */
  async touch(db: Executor, id: string, now: number, everyMs: number): Promise<void> {
    await db.updateTable('staff_session').set({ last_seen_at: now }).where('id', '=', id).where('last_seen_at', '<', now - everyMs).execute();
  },

  async delete(db: Executor, id: string): Promise<void> {
    await db.deleteFrom('staff_session').where('id', '=', id).execute();
  },

  /** Ends every session of a user, optionally but one. */
  async deleteForUser(db: Executor, userId: number, exceptId?: string): Promise<void> {
    let q = db.deleteFrom('staff_session').where('user_id', '=', userId);
    if (exceptId) q = q.where('id', '!=', exceptId);
    await q.execute();
  },

  async deleteExpired(db: Executor, now: number, idleBefore: number): Promise<number> {
    const r = await db
      .deleteFrom('staff_session')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleBefore)]))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};

export const tokenRepository = {
  async insert(db: Executor, token: Insertable<ApiTokenTable>): Promise<number> {
    const { id } = await db.insertInto('api_token').values(token).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  },

  async findByHash(db: Executor, tokenHash: string): Promise<ApiTokenRow | undefined> {
    return db.selectFrom('api_token').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  },

  async findById(db: Executor, id: number): Promise<ApiTokenRow | undefined> {
    return db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async list(db: Executor): Promise<ApiTokenRow[]> {
    return db.selectFrom('api_token').selectAll().orderBy('id', 'desc').execute();
  },

  /** Records use, at most once per `everyMs`. */
  async touch(db: Executor, id: number, now: number, everyMs: number): Promise<void> {
    await db
      .updateTable('api_token')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', now - everyMs)]))
      .execute();
  },

  async revoke(db: Executor, id: number, now: number): Promise<boolean> {
    const r = await db.updateTable('api_token').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
};

export const throttleRepository = {
  async find(db: Executor, kind: string, key: string): Promise<ThrottleRow | undefined> {
    return db.selectFrom('login_throttle').selectAll().where('kind', '=', kind).where('key', '=', key).executeTakeFirst();
  },

  /** Counts a failure; a record older than `resetBefore` starts again at 1. */
  async recordFailure(db: Executor, kind: string, key: string, now: number, resetBefore: number): Promise<void> {
    await db
      .insertInto('login_throttle')
      .values({ kind, key, failures: 1, last_failure_at: now })
      .onConflict((oc) =>
        oc.columns(['kind', 'key']).doUpdateSet((eb) => ({
          failures: eb.case().when('login_throttle.last_failure_at', '<', resetBefore).then(1).else(eb('login_throttle.failures', '+', 1)).end(),
          last_failure_at: now,
        })),
      )
      .execute();
  },

  /** Forgets counters without a failure since `before` (they would start again at 1 anyway). */
  async deleteOlder(db: Executor, before: number): Promise<number> {
    const r = await db.deleteFrom('login_throttle').where('last_failure_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  async clear(db: Executor, kind: string, key: string): Promise<void> {
    await db.deleteFrom('login_throttle').where('kind', '=', kind).where('key', '=', key).execute();
  },
};

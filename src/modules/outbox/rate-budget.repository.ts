/**
 * Shared rate budgets (decision 6): one row per key in `rate_budget`, spent with GCRA — each
 * reservation moves the key's "theoretical arrival time" forward by n × interval, atomically, so
 * that several instances configured with the number's full rate together stay under it. Plus the
 * messaging-limit ledger (unique recipients outside their window per rolling 24 h).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Executor = Kysely<DB>;

/** After a 130429 the budget runs this much slower until `slow_until`. */
export const SLOW_FACTOR = 1.25;

export const rateBudgetRepository = {
  async ensure(db: Executor, key: string, nowUs: number): Promise<void> {
    await db
      .insertInto('rate_budget')
      .values({ key, tat_us: nowUs })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  },

  /**
   * Reserves `n` send slots `intervalUs` apart (slower while the key is slowed down). Returns the
   * time of the first slot in µs; slot i is at first + i × interval.
   */
  async reserve(db: Executor, key: string, nowUs: number, n: number, intervalUs: number): Promise<{ firstUs: number; intervalUs: number }> {
    const nowMs = Math.floor(nowUs / 1000);
    const row = await db
      .updateTable('rate_budget')
      .set({
        // Whole numbers computed here, written as literals (PostgreSQL cannot type bare parameters in arithmetic).
        tat_us: sql<number>`(case when tat_us < ${sql.lit(Math.round(nowUs))} then ${sql.lit(Math.round(nowUs))} else tat_us end) + ${sql.lit(n)} * (case when slow_until > ${sql.lit(nowMs)} then ${sql.lit(Math.ceil(intervalUs * SLOW_FACTOR))} else ${sql.lit(intervalUs)} end)`,
      })
      .where('key', '=', key)
      .returning(['tat_us', 'slow_until'])
      .executeTakeFirstOrThrow();
    const effective = Number(row.slow_until) > nowMs ? Math.ceil(intervalUs * SLOW_FACTOR) : intervalUs;
    return { firstUs: Number(row.tat_us) - n * effective, intervalUs: effective };
  },

  /** Slows the key down until `untilMs` (after the platform said 130429). */
  async slowDown(db: Executor, key: string, untilMs: number): Promise<void> {
    await db.updateTable('rate_budget').set({ slow_until: untilMs }).where('key', '=', key).where('slow_until', '<', untilMs).execute();
  },

  /** Whether the contact already counts against the limit in the window starting at `sinceMs`. */
  async isCounted(db: Executor, contactId: number, sinceMs: number): Promise<boolean> {
    const row = await db.selectFrom('messaging_limit_use').select('contact_id').where('contact_id', '=', contactId).where('counted_at', '>', sinceMs).executeTakeFirst();
    return row !== undefined;
  },

  /** Recipients counted in the window starting at `sinceMs`, and when the oldest of them leaves it. */
  async usage(db: Executor, sinceMs: number): Promise<{ count: number; oldestAt: number | null }> {
    const row = await db
      .selectFrom('messaging_limit_use')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min<number>('counted_at').as('oldest')])
      .where('counted_at', '>', sinceMs)
      .executeTakeFirstOrThrow();
    return { count: Number(row.n), oldestAt: row.oldest == null ? null : Number(row.oldest) };
  },

  /** Counts a contact from `atMs` (a new 24-hour slot). */
  async count(db: Executor, contactId: number, atMs: number): Promise<void> {
    await db
      .insertInto('messaging_limit_use')
      .values({ contact_id: contactId, counted_at: atMs })
      .onConflict((oc) => oc.column('contact_id').doUpdateSet({ counted_at: atMs }))
      .execute();
  },

  /** Serialises messaging-limit decisions between instances (PostgreSQL row lock; SQLite is serial). */
  async lockLedger(db: Executor, postgres: boolean): Promise<void> {
    if (postgres) await sql`select key from rate_budget where key = 'messaging_limit' for update`.execute(db);
  },
};

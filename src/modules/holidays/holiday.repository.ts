/** Public holidays. One query per method. */
import type { Kysely } from 'kysely';
import type { DB, HolidayRow } from '../../db/schema.js';

type Executor = Kysely<DB>;

export const holidayRepository = {
  /** Inserts unless the date exists; returns the id or null. */
  async insertIfAbsent(db: Executor, row: { date: string; name: string; created_at: number }): Promise<number | null> {
    const r = await db.insertInto('holiday').values(row).onConflict((oc) => oc.column('date').doNothing()).returning('id').executeTakeFirst();
    return r ? Number(r.id) : null;
  },

  async findById(db: Executor, id: number): Promise<HolidayRow | undefined> {
    return db.selectFrom('holiday').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Holidays from `from` to `to` (inclusive, YYYY-MM-DD), in date order. */
  async between(db: Executor, from: string, to: string): Promise<HolidayRow[]> {
    return db.selectFrom('holiday').selectAll().where('date', '>=', from).where('date', '<=', to).orderBy('date').execute();
  },

  async delete(db: Executor, id: number): Promise<void> {
    await db.deleteFrom('holiday').where('id', '=', id).execute();
  },
};

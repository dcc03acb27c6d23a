/** Settings (JSON under a key) and topics. One query per method. */
import type { Insertable, Kysely } from 'kysely';
import type { DB, TopicRow, TopicTable } from '../../db/schema.js';

type Executor = Kysely<DB>;

export const townRepository = {
  /** Inserts the "seeded" marker; false when another process (or an earlier start) did. */
  async claimSeed(db: Executor, now: number): Promise<boolean> {
    const rows = await db
      .insertInto('setting')
      .values({ key: 'seeded_at', value: JSON.stringify(now), updated_at: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .execute();
    return rows.length === 1;
  },

  /** Inserts a once-only marker setting (e.g. `seeded_staff_at`); false when it exists. */
  async claimMarker(db: Executor, key: string, now: number): Promise<boolean> {
    const rows = await db
      .insertInto('setting')
      .values({ key, value: JSON.stringify(now), updated_at: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .execute();
    return rows.length === 1;
  },

  async putSetting(db: Executor, key: string, value: unknown, now: number): Promise<void> {
    const json = JSON.stringify(value);
    await db
      .insertInto('setting')
      .values({ key, value: json, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: now }))
      .execute();
  },

  async getSetting<T>(db: Executor, key: string): Promise<T | undefined> {
    const row = await db.selectFrom('setting').select('value').where('key', '=', key).executeTakeFirst();
    return row ? (JSON.parse(row.value) as T) : undefined;
  },

  async insertTopic(db: Executor, topic: Insertable<TopicTable>): Promise<void> {
    await db.insertInto('topic').values(topic).execute();
  },

  async listTopics(db: Executor): Promise<TopicRow[]> {
    return db.selectFrom('topic').selectAll().orderBy('sort_order').orderBy('id').execute();
  },
};

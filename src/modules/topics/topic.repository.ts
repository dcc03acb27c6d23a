/** Topics citizens subscribe to. One query per method. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, TopicRow, TopicTable } from '../../db/schema.js';

type Executor = Kysely<DB>;

export const topicRepository = {
  async insert(db: Executor, row: Insertable<TopicTable>): Promise<number> {
    const { id } = await db.insertInto('topic').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  },

  async update(db: Executor, id: number, patch: Updateable<TopicTable>): Promise<void> {
    await db.updateTable('topic').set(patch).where('id', '=', id).execute();
  },

  async findById(db: Executor, id: number): Promise<TopicRow | undefined> {
    return db.selectFrom('topic').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findByKey(db: Executor, key: string): Promise<TopicRow | undefined> {
    return db.selectFrom('topic').selectAll().where('key', '=', key).executeTakeFirst();
  },

  async list(db: Executor): Promise<TopicRow[]> {
    return db.selectFrom('topic').selectAll().orderBy('sort_order').orderBy('id').execute();
  },

  async maxSortOrder(db: Executor): Promise<number> {
    const row = await db.selectFrom('topic').select((eb) => eb.fn.max<number>('sort_order').as('m')).executeTakeFirst();
    return row?.m == null ? -1 : Number(row.m);
  },
};

/** Report categories. One query per method. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CategoryRow, CategoryTable, DB } from '../../db/schema.js';

type Executor = Kysely<DB>;

export const categoryRepository = {
  async insert(db: Executor, row: Insertable<CategoryTable>): Promise<number> {
    const { id } = await db.insertInto('category').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  },

  async update(db: Executor, id: number, patch: Updateable<CategoryTable>): Promise<void> {
    await db.updateTable('category').set(patch).where('id', '=', id).execute();
  },

  async findById(db: Executor, id: number): Promise<CategoryRow | undefined> {
    return db.selectFrom('category').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findByKey(db: Executor, key: string): Promise<CategoryRow | undefined> {
    return db.selectFrom('category').selectAll().where('key', '=', key).executeTakeFirst();
  },

  async list(db: Executor): Promise<CategoryRow[]> {
    return db.selectFrom('category').selectAll().orderBy('sort_order').orderBy('id').execute();
  },

  async maxSortOrder(db: Executor): Promise<number> {
    const row = await db.selectFrom('category').select((eb) => eb.fn.max<number>('sort_order').as('m')).executeTakeFirst();
    return row?.m == null ? -1 : Number(row.m);
  },
};

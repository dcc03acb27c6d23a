/** Departments (Fachbereiche). One query per method. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, DepartmentRow, DepartmentTable } from '../../db/schema.js';

type Executor = Kysely<DB>;

export const departmentRepository = {
  async insert(db: Executor, row: Insertable<DepartmentTable>): Promise<number> {
    const { id } = await db.insertInto('department').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  },

  async update(db: Executor, id: number, patch: Updateable<DepartmentTable>): Promise<void> {
    await db.updateTable('department').set(patch).where('id', '=', id).execute();
  },

  async findById(db: Executor, id: number): Promise<DepartmentRow | undefined> {
    return db.selectFrom('department').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findByKey(db: Executor, key: string): Promise<DepartmentRow | undefined> {
    return db.selectFrom('department').selectAll().where('key', '=', key).executeTakeFirst();
  },

  async list(db: Executor): Promise<DepartmentRow[]> {
    return db.selectFrom('department').selectAll().orderBy('name').orderBy('id').execute();
  },

  async existingIds(db: Executor, ids: number[]): Promise<number[]> {
    if (ids.length === 0) return [];
    return (await db.selectFrom('department').select('id').where('id', 'in', ids).execute()).map((r) => Number(r.id));
  },
};

/** Staff accounts, their roles and department memberships. One query per method. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, StaffRole, StaffUserRow, StaffUserTable } from '../../db/schema.js';

type Executor = Kysely<DB>;

export const userRepository = {
  async insert(db: Executor, user: Insertable<StaffUserTable>): Promise<number> {
    const { id } = await db.insertInto('staff_user').values(user).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  },

  /** Inserts unless the e-mail exists; returns the new id or null. */
  async insertIfAbsent(db: Executor, user: Insertable<StaffUserTable>): Promise<number | null> {
    const row = await db
      .insertInto('staff_user')
      .values(user)
      .onConflict((oc) => oc.column('email').doNothing())
      .returning('id')
      .executeTakeFirst();
    return row ? Number(row.id) : null;
  },

  async update(db: Executor, id: number, patch: Updateable<StaffUserTable>): Promise<boolean> {
    const r = await db.updateTable('staff_user').set(patch).where('id', '=', id).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async findById(db: Executor, id: number): Promise<StaffUserRow | undefined> {
    return db.selectFrom('staff_user').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findByEmail(db: Executor, email: string): Promise<StaffUserRow | undefined> {
    return db.selectFrom('staff_user').selectAll().where('email', '=', email).executeTakeFirst();
  },

  async list(db: Executor): Promise<StaffUserRow[]> {
    return db.selectFrom('staff_user').selectAll().orderBy('name').orderBy('id').execute();
  },

  async count(db: Executor): Promise<number> {
    const row = await db.selectFrom('staff_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Ids among `ids` that exist (and, with `activeOnly`, are active). */
  async existingIds(db: Executor, ids: number[], activeOnly = false): Promise<number[]> {
    if (ids.length === 0) return [];
    let q = db.selectFrom('staff_user').select('id').where('id', 'in', ids);
    if (activeOnly) q = q.where('active', '=', 1);
    return (await q.execute()).map((r) => Number(r.id));
  },

  async rolesOf(db: Executor, userIds: number[]): Promise<Map<number, StaffRole[]>> {
    const map = new Map<number, StaffRole[]>();
    if (userIds.length === 0) return map;
    const rows = await db.selectFrom('user_role').select(['user_id', 'role']).where('user_id', 'in', userIds).orderBy('role').execute();
    for (const row of rows) map.set(Number(row.user_id), [...(map.get(Number(row.user_id)) ?? []), row.role]);
    return map;
  },

  async departmentsOf(db: Executor, userIds: number[]): Promise<Map<number, number[]>> {
    const map = new Map<number, number[]>();
    if (userIds.length === 0) return map;
    const rows = await db
      .selectFrom('user_department')
      .select(['user_id', 'department_id'])
      .where('user_id', 'in', userIds)
      .orderBy('department_id')
      .execute();
    for (const row of rows) map.set(Number(row.user_id), [...(map.get(Number(row.user_id)) ?? []), Number(row.department_id)]);
    return map;
  },

  async deleteRoles(db: Executor, userId: number): Promise<void> {
    await db.deleteFrom('user_role').where('user_id', '=', userId).execute();
  },

  async insertRoles(db: Executor, userId: number, roles: StaffRole[]): Promise<void> {
    if (roles.length === 0) return;
    await db.insertInto('user_role').values(roles.map((role) => ({ user_id: userId, role }))).execute();
  },

  async deleteDepartments(db: Executor, userId: number): Promise<void> {
    await db.deleteFrom('user_department').where('user_id', '=', userId).execute();
  },

  async insertDepartments(db: Executor, userId: number, departmentIds: number[]): Promise<void> {
    if (departmentIds.length === 0) return;
    await db.insertInto('user_department').values(departmentIds.map((department_id) => ({ user_id: userId, department_id }))).execute();
  },

  /** Active users holding `role`, with the fields notifications need. */
  async activeWithRole(db: Executor, role: StaffRole): Promise<StaffUserRow[]> {
    return db
      .selectFrom('staff_user')
      .selectAll('staff_user')
      .innerJoin('user_role', 'user_role.user_id', 'staff_user.id')
      .where('user_role.role', '=', role)
      .where('staff_user.active', '=', 1)
      .execute();
  },

  /** Active members of a department. */
  async activeInDepartment(db: Executor, departmentId: number): Promise<StaffUserRow[]> {
    return db
      .selectFrom('staff_user')
      .selectAll('staff_user')
      .innerJoin('user_department', 'user_department.user_id', 'staff_user.id')
      .where('user_department.department_id', '=', departmentId)
      .where('staff_user.active', '=', 1)
      .execute();
  },

  async activeByIds(db: Executor, ids: number[]): Promise<StaffUserRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('staff_user').selectAll().where('id', 'in', ids).where('active', '=', 1).execute();
  },

  /** How many active users hold `role` (the last administrator must stay). */
  async countActiveWithRole(db: Executor, role: StaffRole): Promise<number> {
    const row = await db
      .selectFrom('staff_user')
      .innerJoin('user_role', 'user_role.user_id', 'staff_user.id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_role.role', '=', role)
      .where('staff_user.active', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },
};

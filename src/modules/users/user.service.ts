/**
 * Staff accounts: roles, department memberships, language, absence period (decision 10: during
 * an absence the deputy takes over), e-mail notifications on/off. The last active administrator
 * cannot lose the role or be deactivated. Every change is audited in the same transaction.
 */
import type { Database } from '../../db/database.js';
import type { StaffUserRow } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { changes, type AuditService } from '../audit/audit.service.js';
import { sessionRepository } from '../auth/auth.repository.js';
import type { UserRole } from '../auth/auth.policy.js';
import { checkNewPassword, normaliseEmail } from '../auth/auth.service.js';
import { generatePassword, hashPassword } from '../auth/password.js';
import type { RequestContext } from '../auth/principal.js';
import { departmentRepository } from '../departments/department.repository.js';
import { userRepository } from './user.repository.js';

export interface UserDto {
  id: number;
  email: string;
  name: string;
  roles: UserRole[];
  department_ids: number[];
  language: 'de' | 'en';
  active: boolean;
  email_notifications: boolean;
  absent_from: string | null;
  absent_until: string | null;
  last_login_at: string | null;
  created_at: string;
}

export interface NewUser {
  email: string;
  name: string;
  roles: UserRole[];
  department_ids?: number[];
  language?: 'de' | 'en';
  /** Omitted: a password is generated and returned once. */
  password?: string;
}

export interface UserPatch {
  email?: string;
  name?: string;
  roles?: UserRole[];
  department_ids?: number[];
  language?: 'de' | 'en';
  active?: boolean;
  email_notifications?: boolean;
  absent_from?: string | null;
  absent_until?: string | null;
}

export type OwnPatch = Pick<UserPatch, 'name' | 'language' | 'email_notifications' | 'absent_from' | 'absent_until'>;

function toDto(row: StaffUserRow, roles: UserRole[], departmentIds: number[]): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles,
    department_ids: departmentIds,
    language: row.language === 'en' ? 'en' : 'de',
    active: row.active === 1,
    email_notifications: row.email_notifications === 1,
    absent_from: row.absent_from,
    absent_until: row.absent_until,
    last_login_at: row.last_login_at === null ? null : new Date(row.last_login_at).toISOString(),
    created_at: new Date(row.created_at).toISOString(),
  };
}

/** True when `date` (YYYY-MM-DD) falls in the user's absence period. */
export function isAbsent(user: Pick<StaffUserRow, 'absent_from' | 'absent_until'>, date: string): boolean {
  return user.absent_from !== null && user.absent_until !== null && user.absent_from <= date && date <= user.absent_until;
}

function checkAbsence(from: string | null, until: string | null): void {
  if ((from === null) !== (until === null)) throw invalid('user/absence_incomplete', 'An absence needs a first and a last day', from === null ? 'absent_from' : 'absent_until');
  if (from !== null && until !== null && until < from) throw invalid('user/absence_order', 'The last day of the absence is before the first', 'absent_until');
}

export interface UserService {
  list(db: Database): Promise<UserDto[]>;
  get(db: Database, id: number): Promise<UserDto>;
  create(db: Database, ctx: RequestContext, input: NewUser): Promise<{ user: UserDto; password?: string }>;
  update(db: Database, ctx: RequestContext, id: number, patch: UserPatch): Promise<UserDto>;
  updateOwn(db: Database, ctx: RequestContext, patch: OwnPatch): Promise<UserDto>;
  /** Sets a new password (generated when omitted, then returned once) and ends the user's sessions. */
  resetPassword(db: Database, ctx: RequestContext, id: number, password?: string): Promise<{ password?: string }>;
}

export function createUserService({ clock, audit }: { clock: Clock; audit: AuditService }): UserService {
  const load = async (db: Database, id: number): Promise<UserDto> => {
    const row = await userRepository.findById(db, id);
    if (!row) throw notFound('user/not_found', 'No user with this id');
    const [roles, departments] = await Promise.all([userRepository.rolesOf(db, [id]), userRepository.departmentsOf(db, [id])]);
    return toDto(row, (roles.get(id) ?? []) as UserRole[], departments.get(id) ?? []);
  };

  const checkDepartments = async (db: Database, ids: number[]) => {
    const unique = [...new Set(ids)];
    const found = await departmentRepository.existingIds(db, unique);
    if (found.length !== unique.length) throw invalid('user/unknown_department', 'A department does not exist', 'department_ids');
  };

  const checkEmailFree = async (db: Database, email: string, exceptId?: number) => {
    const other = await userRepository.findByEmail(db, email);
    if (other && other.id !== exceptId) throw new AppError('user/email_taken', 'Another account has this e-mail address', 409, 'email');
  };

  return {
    async list(db) {
      const rows = await userRepository.list(db);
      const ids = rows.map((r) => r.id);
      const [roles, departments] = await Promise.all([userRepository.rolesOf(db, ids), userRepository.departmentsOf(db, ids)]);
      return rows.map((row) => toDto(row, (roles.get(row.id) ?? []) as UserRole[], departments.get(row.id) ?? []));
    },

    get: load,

    async create(db, ctx, input) {
      const email = normaliseEmail(input.email);
      const generated = input.password === undefined ? generatePassword() : undefined;
      const password = input.password ?? generated!;
      checkNewPassword(password, 'password', email);
      const passwordHash = await hashPassword(password);
      const now = clock.now().getTime();
      const departmentIds = [...new Set(input.department_ids ?? [])];
      const roles = [...new Set(input.roles)];
      const user = await db.transaction().execute(async (trx) => {
        await checkEmailFree(trx, email);
        await checkDepartments(trx, departmentIds);
        const id = await userRepository.insert(trx, {
          email,
          name: input.name,
          password_hash: passwordHash,
          language: input.language ?? 'de',
          active: 1,
          email_notifications: 1,
          absent_from: null,
          absent_until: null,
          password_changed_at: now,
          last_login_at: null,
          created_at: now,
          updated_at: now,
        });
        await userRepository.insertRoles(trx, id, roles);
        await userRepository.insertDepartments(trx, id, departmentIds);
        await audit.record(trx, { ctx, action: 'user.create', subject_type: 'user', subject_id: id, detail: { email, name: input.name, roles, department_ids: departmentIds } });
        return load(trx, id);
      });
      return generated ? { user, password: generated } : { user };
    },

    async update(db, ctx, id, patch) {
      return db.transaction().execute(async (trx) => {
        const before = await load(trx, id);
        const email = patch.email === undefined ? undefined : normaliseEmail(patch.email);
        if (email !== undefined) await checkEmailFree(trx, email, id);
        if (patch.department_ids) await checkDepartments(trx, patch.department_ids);
        const from = patch.absent_from === undefined ? before.absent_from : patch.absent_from;
        const until = patch.absent_until === undefined ? before.absent_until : patch.absent_until;
        checkAbsence(from, until);
        const losesAdmin =
          before.roles.includes('admin') && before.active && ((patch.roles !== undefined && !patch.roles.includes('admin')) || patch.active === false);
        if (losesAdmin && (await userRepository.countActiveWithRole(trx, 'admin')) <= 1) {
          throw new AppError('user/last_admin', 'The last active administrator must keep the role', 409, patch.active === false ? 'active' : 'roles');
        }
        const now = clock.now().getTime();
        await userRepository.update(trx, id, {
          ...(email !== undefined ? { email } : {}),
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.language !== undefined ? { language: patch.language } : {}),
          ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
          ...(patch.email_notifications !== undefined ? { email_notifications: patch.email_notifications ? 1 : 0 } : {}),
          absent_from: from,
          absent_until: until,
          updated_at: now,
        });
        if (patch.roles) {
          await userRepository.deleteRoles(trx, id);
          await userRepository.insertRoles(trx, id, [...new Set(patch.roles)]);
        }
        if (patch.department_ids) {
          await userRepository.deleteDepartments(trx, id);
          await userRepository.insertDepartments(trx, id, [...new Set(patch.department_ids)]);
        }
        if (patch.active === false) await sessionRepository.deleteForUser(trx, id);
        const after = await load(trx, id);
        const diff = changes(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
        if (Object.keys(diff).length > 0) await audit.record(trx, { ctx, action: 'user.update', subject_type: 'user', subject_id: id, detail: diff });
        return after;
      });
    },

    async updateOwn(db, ctx, patch) {
      if (ctx.principal?.kind !== 'user') throw notFound('user/not_found', 'Only people have an account');
      const id = ctx.principal.userId;
      return db.transaction().execute(async (trx) => {
        const before = await load(trx, id);
        const from = patch.absent_from === undefined ? before.absent_from : patch.absent_from;
        const until = patch.absent_until === undefined ? before.absent_until : patch.absent_until;
        checkAbsence(from, until);
        await userRepository.update(trx, id, {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.language !== undefined ? { language: patch.language } : {}),
          ...(patch.email_notifications !== undefined ? { email_notifications: patch.email_notifications ? 1 : 0 } : {}),
          absent_from: from,
          absent_until: until,
          updated_at: clock.now().getTime(),
        });
        const after = await load(trx, id);
        const diff = changes(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
        if (Object.keys(diff).length > 0) await audit.record(trx, { ctx, action: 'account.update', subject_type: 'user', subject_id: id, detail: diff });
        return after;
      });
    },

    async resetPassword(db, ctx, id, password) {
      const user = await userRepository.findById(db, id);
      if (!user) throw notFound('user/not_found', 'No user with this id');
      const generated = password === undefined ? generatePassword() : undefined;
      const next = password ?? generated!;
      checkNewPassword(next, 'password', user.email);
      const passwordHash = await hashPassword(next);
      const now = clock.now().getTime();
      await db.transaction().execute(async (trx) => {
        await userRepository.update(trx, id, { password_hash: passwordHash, password_changed_at: now, updated_at: now });
        await sessionRepository.deleteForUser(trx, id);
        await audit.record(trx, { ctx, action: 'user.password_reset', subject_type: 'user', subject_id: id });
      });
      return generated ? { password: generated } : {};
    },
  };
}

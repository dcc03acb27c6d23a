/**
 * Departments (decision 10): a head, a contact person and a deputy (users); the latter two are
 * the default for the department's categories. Changes are audited in the same transaction.
 */
import type { Database } from '../../db/database.js';
import type { DepartmentRow } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { changes, type AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/principal.js';
import { userRepository } from '../users/user.repository.js';
import { departmentRepository } from './department.repository.js';

export interface DepartmentDto {
  id: number;
  key: string;
  name: string;
  email: string | null;
  head_user_id: number | null;
  contact_user_id: number | null;
  deputy_user_id: number | null;
  active: boolean;
}

export interface DepartmentInput {
  key: string;
  name: string;
  email?: string | null;
  head_user_id?: number | null;
  contact_user_id?: number | null;
  deputy_user_id?: number | null;
  active?: boolean;
}

export type DepartmentPatch = Partial<Omit<DepartmentInput, 'key'>>;

export function toDepartmentDto(row: DepartmentRow): DepartmentDto {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    email: row.email,
    head_user_id: row.head_user_id,
    contact_user_id: row.contact_user_id,
    deputy_user_id: row.deputy_user_id,
    active: row.active === 1,
  };
}

/** Checks that every named user field points at an active user; 422 naming the first that does not. */
export async function checkUserRefs(db: Database, refs: Record<string, number | null | undefined>): Promise<void> {
  const ids = Object.values(refs).filter((v): v is number => typeof v === 'number');
  const found = new Set(await userRepository.existingIds(db, [...new Set(ids)], true));
  for (const [field, value] of Object.entries(refs)) {
    if (typeof value === 'number' && !found.has(value)) throw invalid('user/unknown', 'No active user with this id', field);
  }
}

/** A deputy who is the contact person is no deputy. */
export function checkDeputy(contact: number | null | undefined, deputy: number | null | undefined): void {
  if (typeof contact === 'number' && contact === deputy) {
    throw invalid('responsibility/deputy_is_contact', 'The deputy must be another person than the contact person', 'deputy_user_id');
  }
}

/** The user-reference fields present in a patch. */
export function presentRefs<T extends object>(patch: T, fields: (keyof T & string)[]): Record<string, number | null | undefined> {
  return Object.fromEntries(fields.filter((f) => f in patch).map((f) => [f, patch[f] as number | null | undefined]));
}

export interface DepartmentService {
  list(db: Database): Promise<DepartmentDto[]>;
  create(db: Database, ctx: RequestContext, input: DepartmentInput): Promise<DepartmentDto>;
  update(db: Database, ctx: RequestContext, id: number, patch: DepartmentPatch): Promise<DepartmentDto>;
}

export function createDepartmentService({ clock, audit }: { clock: Clock; audit: AuditService }): DepartmentService {
  return {
    async list(db) {
      return (await departmentRepository.list(db)).map(toDepartmentDto);
    },

    async create(db, ctx, input) {
      const now = clock.now().getTime();
      return db.transaction().execute(async (trx) => {
        if (await departmentRepository.findByKey(trx, input.key)) throw new AppError('department/key_taken', 'Another department has this key', 409, 'key');
        await checkUserRefs(trx, { head_user_id: input.head_user_id, contact_user_id: input.contact_user_id, deputy_user_id: input.deputy_user_id });
        checkDeputy(input.contact_user_id, input.deputy_user_id);
        const id = await departmentRepository.insert(trx, {
          key: input.key,
          name: input.name,
          email: input.email ?? null,
          head_user_id: input.head_user_id ?? null,
          contact_user_id: input.contact_user_id ?? null,
          deputy_user_id: input.deputy_user_id ?? null,
          active: input.active === false ? 0 : 1,
          created_at: now,
          updated_at: now,
        });
        const dto = toDepartmentDto((await departmentRepository.findById(trx, id))!);
        await audit.record(trx, { ctx, action: 'settings.department.create', subject_type: 'department', subject_id: id, detail: { ...dto } });
        return dto;
      });
    },

    async update(db, ctx, id, patch) {
      return db.transaction().execute(async (trx) => {
        const row = await departmentRepository.findById(trx, id);
        if (!row) throw notFound('department/not_found', 'No department with this id');
        const before = toDepartmentDto(row);
        const merged = { ...before, ...patch };
        await checkUserRefs(trx, presentRefs(patch, ['head_user_id', 'contact_user_id', 'deputy_user_id']));
        checkDeputy(merged.contact_user_id, merged.deputy_user_id);
        await departmentRepository.update(trx, id, {
          name: merged.name,
          email: merged.email ?? null,
          head_user_id: merged.head_user_id ?? null,
          contact_user_id: merged.contact_user_id ?? null,
          deputy_user_id: merged.deputy_user_id ?? null,
          active: merged.active ? 1 : 0,
          updated_at: clock.now().getTime(),
        });
        const after = toDepartmentDto((await departmentRepository.findById(trx, id))!);
        const diff = changes({ ...before }, { ...after });
        if (Object.keys(diff).length > 0) await audit.record(trx, { ctx, action: 'settings.department.update', subject_type: 'department', subject_id: id, detail: diff });
        return after;
      });
    },
  };
}

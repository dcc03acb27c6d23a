/**
 * Report categories (decision 10): names in every language, the responsible department, a
 * contact person and a deputy (defaulting to the department's), a deadline in working days.
 */
import type { Database } from '../../db/database.js';
import type { CategoryRow } from '../../db/schema.js';
import { AppError, invalid, notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { Language } from '../../lib/language.js';
import { changes, type AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/principal.js';
import { checkDeputy, checkUserRefs, presentRefs } from '../departments/department.service.js';
import { departmentRepository } from '../departments/department.repository.js';
import { categoryRepository } from './category.repository.js';

export interface CategoryDto {
  id: number;
  key: string;
  names: Record<Language, string>;
  department_id: number;
  contact_user_id: number | null;
  deputy_user_id: number | null;
  deadline_days: number;
  sort_order: number;
  active: boolean;
}

export interface CategoryInput {
  key: string;
  names: Record<Language, string>;
  department_id: number;
  contact_user_id?: number | null;
  deputy_user_id?: number | null;
  deadline_days: number;
  sort_order?: number;
  active?: boolean;
}

export type CategoryPatch = Partial<Omit<CategoryInput, 'key'>>;

export function toCategoryDto(row: CategoryRow): CategoryDto {
  return {
    id: row.id,
    key: row.key,
    names: JSON.parse(row.names) as Record<Language, string>,
    department_id: row.department_id,
    contact_user_id: row.contact_user_id,
    deputy_user_id: row.deputy_user_id,
    deadline_days: row.deadline_days,
    sort_order: row.sort_order,
    active: row.active === 1,
  };
}

export interface CategoryService {
  list(db: Database): Promise<CategoryDto[]>;
  create(db: Database, ctx: RequestContext, input: CategoryInput): Promise<CategoryDto>;
  update(db: Database, ctx: RequestContext, id: number, patch: CategoryPatch): Promise<CategoryDto>;
}

export function createCategoryService({ clock, audit }: { clock: Clock; audit: AuditService }): CategoryService {
  const checkDepartment = async (db: Database, id: number) => {
    if (!(await departmentRepository.findById(db, id))) throw invalid('department/unknown', 'No department with this id', 'department_id');
  };

  return {
    async list(db) {
      return (await categoryRepository.list(db)).map(toCategoryDto);
    },

    async create(db, ctx, input) {
      const now = clock.now().getTime();
      return db.transaction().execute(async (trx) => {
        if (await categoryRepository.findByKey(trx, input.key)) throw new AppError('category/key_taken', 'Another category has this key', 409, 'key');
        await checkDepartment(trx, input.department_id);
        await checkUserRefs(trx, { contact_user_id: input.contact_user_id, deputy_user_id: input.deputy_user_id });
        checkDeputy(input.contact_user_id, input.deputy_user_id);
        const id = await categoryRepository.insert(trx, {
          key: input.key,
          names: JSON.stringify(input.names),
          department_id: input.department_id,
          contact_user_id: input.contact_user_id ?? null,
          deputy_user_id: input.deputy_user_id ?? null,
          deadline_days: input.deadline_days,
          sort_order: input.sort_order ?? (await categoryRepository.maxSortOrder(trx)) + 1,
          active: input.active === false ? 0 : 1,
          created_at: now,
          updated_at: now,
        });
        const dto = toCategoryDto((await categoryRepository.findById(trx, id))!);
        await audit.record(trx, { ctx, action: 'settings.category.create', subject_type: 'category', subject_id: id, detail: { ...dto } });
        return dto;
      });
    },

    async update(db, ctx, id, patch) {
      return db.transaction().execute(async (trx) => {
        const row = await categoryRepository.findById(trx, id);
        if (!row) throw notFound('category/not_found', 'No category with this id');
        const before = toCategoryDto(row);
        const merged = { ...before, ...patch };
        if (patch.department_id !== undefined) await checkDepartment(trx, patch.department_id);
        await checkUserRefs(trx, presentRefs(patch, ['contact_user_id', 'deputy_user_id']));
        checkDeputy(merged.contact_user_id, merged.deputy_user_id);
        await categoryRepository.update(trx, id, {
          names: JSON.stringify(merged.names),
          department_id: merged.department_id,
          contact_user_id: merged.contact_user_id ?? null,
          deputy_user_id: merged.deputy_user_id ?? null,
          deadline_days: merged.deadline_days,
          sort_order: merged.sort_order,
          active: merged.active ? 1 : 0,
          updated_at: clock.now().getTime(),
        });
        const after = toCategoryDto((await categoryRepository.findById(trx, id))!);
        const diff = changes({ ...before }, { ...after });
        if (Object.keys(diff).length > 0) await audit.record(trx, { ctx, action: 'settings.category.update', subject_type: 'category', subject_id: id, detail: diff });
        return after;
      });
    },
  };
}

/**
 * The staff part of a town's seed file (decision 20: town data is data): departments, report
 * categories (by department key), public holidays, retention periods and the rate card. Applied
 * once, under its own marker (`seeded_staff_at`), in one transaction; afterwards the staff app
 * edits it.
 */
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { isIsoDate } from '../holidays/working-days.js';
import { categoryRepository } from '../categories/category.repository.js';
import { departmentRepository } from '../departments/department.repository.js';
import { holidayRepository } from '../holidays/holiday.repository.js';
import { townRepository } from '../town/town.repository.js';
import { rateCardSchema, retentionSchema } from './settings.schemas.js';

const localized = z.object({ de: z.string().min(1), en: z.string().min(1), nl: z.string().min(1) });
const key = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/);

export const staffSeedShape = {
  departments: z.array(z.object({ key, name: z.string().min(1), email: z.email().optional() })).optional(),
  categories: z.array(z.object({ key, department: key, names: localized, deadline_days: z.int().min(1).max(365) })).optional(),
  holidays: z.array(z.object({ date: z.string().refine(isIsoDate, 'a date as YYYY-MM-DD'), name: z.string().min(1) })).optional(),
  retention: retentionSchema.optional(),
  rate_card: rateCardSchema.optional(),
};

export type StaffSeed = z.infer<z.ZodObject<typeof staffSeedShape>>;

/** Seeds the staff data once; false when it was seeded before (by this or another instance). */
export async function seedStaffData(db: Database, now: number, seed: StaffSeed): Promise<boolean> {
  if (!seed.departments && !seed.categories && !seed.holidays && !seed.retention && !seed.rate_card) return false;
  return db.transaction().execute(async (trx) => {
    if (!(await townRepository.claimMarker(trx, 'seeded_staff_at', now))) return false;
    const departmentIds = new Map<string, number>();
    for (const d of seed.departments ?? []) {
      const id = await departmentRepository.insert(trx, {
        key: d.key,
        name: d.name,
        email: d.email ?? null,
        head_user_id: null,
        contact_user_id: null,
        deputy_user_id: null,
        active: 1,
        created_at: now,
        updated_at: now,
      });
      departmentIds.set(d.key, id);
    }
    for (const [index, c] of (seed.categories ?? []).entries()) {
      const departmentId = departmentIds.get(c.department) ?? (await departmentRepository.findByKey(trx, c.department))?.id;
      if (departmentId === undefined) throw new Error(`seed: category ${c.key} names the unknown department ${c.department}`);
      await categoryRepository.insert(trx, {
        key: c.key,
        names: JSON.stringify(c.names),
        department_id: departmentId,
        contact_user_id: null,
        deputy_user_id: null,
        deadline_days: c.deadline_days,
        sort_order: index,
        active: 1,
        created_at: now,
        updated_at: now,
      });
    }
    for (const h of seed.holidays ?? []) await holidayRepository.insertIfAbsent(trx, { date: h.date, name: h.name, created_at: now });
    if (seed.retention) await townRepository.putSetting(trx, 'retention', seed.retention, now);
    if (seed.rate_card) await townRepository.putSetting(trx, 'rate_card', seed.rate_card, now);
    return true;
  });
}

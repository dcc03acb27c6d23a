/**
 * Who is responsible for a report of a category (decision 10): the category's contact person
 * (or the department's), during their absence the deputy (or the department's), when both are
 * away the head of the department. The case module calls `resolve` when a case arrives and when
 * it escalates; the deadline is `deadline_days` working days after the day of arrival.
 */
import type { Database } from '../../db/database.js';
import type { StaffUserRow } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import { departmentRepository } from '../departments/department.repository.js';
import type { HolidayService } from '../holidays/holiday.service.js';
import { localDate } from '../holidays/working-days.js';
import { isAbsent } from '../users/user.service.js';
import { userRepository } from '../users/user.repository.js';
import { categoryRepository } from './category.repository.js';

export interface Responsibility {
  category_id: number;
  department_id: number;
  contact_user_id: number | null;
  deputy_user_id: number | null;
  head_user_id: number | null;
  /** Who takes the case now, or null when nobody is configured or everybody is away. */
  responsible_user_id: number | null;
  /** Why that person: contact | deputy | head | none. */
  via: 'contact' | 'deputy' | 'head' | 'none';
  /** The deadline date (town calendar, YYYY-MM-DD). */
  deadline_date: string;
}

export interface ResponsibilityService {
  resolve(db: Database, categoryId: number, at: Date): Promise<Responsibility>;
}

export function createResponsibilityService({ timeZone, holidays }: { timeZone: string; holidays: HolidayService }): ResponsibilityService {
  return {
    async resolve(db, categoryId, at) {
      const category = await categoryRepository.findById(db, categoryId);
      if (!category) throw notFound('category/not_found', 'No category with this id');
      const department = await departmentRepository.findById(db, category.department_id);
      const contact = category.contact_user_id ?? department?.contact_user_id ?? null;
      const deputy = category.deputy_user_id ?? department?.deputy_user_id ?? null;
      const head = department?.head_user_id ?? null;
      const today = localDate(at.getTime(), timeZone);
      const users = new Map<number, StaffUserRow>(
        (await userRepository.activeByIds(db, [contact, deputy, head].filter((v): v is number => v !== null))).map((u) => [u.id, u]),
      );
      const available = (id: number | null) => id !== null && users.has(id) && !isAbsent(users.get(id)!, today);
      const [responsible, via]: [number | null, Responsibility['via']] = available(contact)
        ? [contact, 'contact']
        : available(deputy)
          ? [deputy, 'deputy']
          : available(head)
            ? [head, 'head']
            : [null, 'none'];
      return {
        category_id: category.id,
        department_id: category.department_id,
        contact_user_id: contact,
        deputy_user_id: deputy,
        head_user_id: head,
        responsible_user_id: responsible,
        via,
        deadline_date: await holidays.addWorkingDays(db, today, category.deadline_days),
      };
    },
  };
}

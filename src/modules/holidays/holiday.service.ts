/** Public holidays (excluded from deadlines like weekends); audited changes. */
import type { Database } from '../../db/database.js';
import type { HolidayRow } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/principal.js';
import { holidayRepository } from './holiday.repository.js';
import { addDays, addWorkingDays } from './working-days.js';

export interface HolidayDto {
  id: number;
  date: string;
  name: string;
}

const toDto = (row: HolidayRow): HolidayDto => ({ id: row.id, date: row.date, name: row.name });

export interface HolidayService {
  list(db: Database, range: { from: string; to: string }): Promise<HolidayDto[]>;
  create(db: Database, ctx: RequestContext, input: { date: string; name: string }): Promise<HolidayDto>;
  remove(db: Database, ctx: RequestContext, id: number): Promise<void>;
  /** `date` + `days` working days, with the stored holidays. */
  addWorkingDays(db: Database, date: string, days: number): Promise<string>;
}

export function createHolidayService({ clock, audit }: { clock: Clock; audit: AuditService }): HolidayService {
  return {
    async list(db, range) {
      return (await holidayRepository.between(db, range.from, range.to)).map(toDto);
    },

    async create(db, ctx, input) {
      return db.transaction().execute(async (trx) => {
        const id = await holidayRepository.insertIfAbsent(trx, { date: input.date, name: input.name, created_at: clock.now().getTime() });
        if (id === null) throw new AppError('holiday/date_taken', 'This date is already a holiday', 409, 'date');
        await audit.record(trx, { ctx, action: 'settings.holiday.create', subject_type: 'holiday', subject_id: id, detail: { date: input.date, name: input.name } });
        return toDto((await holidayRepository.findById(trx, id))!);
      });
    },

    async remove(db, ctx, id) {
      await db.transaction().execute(async (trx) => {
        const row = await holidayRepository.findById(trx, id);
        if (!row) throw notFound('holiday/not_found', 'No holiday with this id');
        await holidayRepository.delete(trx, id);
        await audit.record(trx, { ctx, action: 'settings.holiday.delete', subject_type: 'holiday', subject_id: id, detail: { date: row.date, name: row.name } });
      });
    },

    async addWorkingDays(db, date, days) {
      // Enough calendar days for `days` working days even around Christmas and Easter.
      const rows = await holidayRepository.between(db, date, addDays(date, days * 2 + 30));
      return addWorkingDays(date, days, new Set(rows.map((r) => r.date)));
    },
  };
}

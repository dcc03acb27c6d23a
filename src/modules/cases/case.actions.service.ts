/**
 * Handover and release (issue 12, D62): a case worker hands a case to another category (its
 * department follows) or department, with a reason — the responsible person there takes it and
 * is told; staff release a case for the public page with a public summary and the photos they
 * chose. Each in one transaction with its history row, guarded by the version read.
 */
import type { Database } from '../../db/database.js';
import { conflict, invalid } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { RequestContext } from '../auth/principal.js';
import { categoryRepository } from '../categories/category.repository.js';
import type { ResponsibilityService } from '../categories/responsibility.service.js';
import { departmentRepository } from '../departments/department.repository.js';
import type { NotificationService } from '../notifications/notification.service.js';
import { actorOfContext, forAction } from './case.handling.service.js';
import { caseRepository } from './case.repository.js';

export interface HandoverInput {
  category?: string | undefined;
  department_id?: number | undefined;
  reason: string;
  version: number;
}

export function createCaseActions(deps: { clock: Clock; responsibility: ResponsibilityService; notifications: NotificationService }) {
  return {
    /** Returns what moved (the caller reads the case back when it is still in their scope). */
    async handover(db: Database, ctx: RequestContext, idOrReference: string, input: HandoverInput) {
      const reason = input.reason.trim();
      if (!reason) throw invalid('case/reason_required', 'A handover needs a reason', 'reason');
      if ((input.category === undefined) === (input.department_id === undefined)) throw invalid('case/handover_target', 'Name either a category or a department', 'category');
      return db.transaction().execute(async (trx) => {
        const row = await forAction(trx, ctx, idOrReference, input.version);
        const now = deps.clock.now().getTime();
        let categoryId = row.category_id;
        let departmentId: number;
        let assignee: number | null;
        if (input.category !== undefined) {
          const category = await categoryRepository.findByKey(trx, input.category);
          if (!category || category.active !== 1) throw invalid('case/category_unknown', 'No active category with this key', 'category');
          const r = await deps.responsibility.resolve(trx, category.id, new Date(now));
          categoryId = category.id;
          departmentId = r.department_id;
          assignee = r.responsible_user_id;
        } else {
          const department = await departmentRepository.findById(trx, input.department_id!);
          if (!department || department.active !== 1) throw invalid('case/department_unknown', 'No active department with this id', 'department_id');
          departmentId = department.id;
          assignee = department.contact_user_id ?? department.head_user_id ?? null;
        }
        if (categoryId === row.category_id && departmentId === row.department_id) throw invalid('case/handover_same', 'The case is there already', input.category !== undefined ? 'category' : 'department_id');
        const moved = await caseRepository.updateIfVersion(trx, row.id, input.version, { category_id: categoryId, department_id: departmentId, assignee_user_id: assignee, assigned_via: 'handover', updated_at: now });
        if (!moved) throw conflict('case/version_conflict', 'The case was changed meanwhile; reload it and try again');
        await caseRepository.addHistory(trx, {
          case_id: row.id,
          at: now,
          ...actorOfContext(ctx),
          action: 'handover',
          from_status: null,
          to_status: null,
          reason,
          detail: JSON.stringify({ from: { category_id: row.category_id, department_id: row.department_id, assignee_user_id: row.assignee_user_id }, to: { category_id: categoryId, department_id: departmentId, assignee_user_id: assignee } }),
        });
        await deps.notifications.notify(trx, {
          ...(assignee !== null ? { user_ids: [assignee] } : { department_id: departmentId }),
          kind: 'case.handover',
          title: { de: `Anliegen ${row.reference} wurde an Sie übergeben`, en: `Case ${row.reference} was handed over to you` },
          body: { de: `Grund: ${reason}`, en: `Reason: ${reason}` },
          link: `/anliegen/${row.reference}`,
        });
        return { id: row.id, reference: row.reference, kind: row.kind, status: row.status, category_id: categoryId, department_id: departmentId, assignee_user_id: assignee };
      });
    },

    /** Releases the case for the public page with a summary and the chosen photos (of this case). */
    async release(db: Database, ctx: RequestContext, idOrReference: string, input: { public_summary: string; photo_ids: number[]; version: number }): Promise<number> {
      const summary = input.public_summary.trim();
      if (!summary) throw invalid('case/public_summary_required', 'A released case needs a public summary', 'public_summary');
      return db.transaction().execute(async (trx) => {
        const row = await forAction(trx, ctx, idOrReference, input.version);
        const media = new Set((await caseRepository.media(trx, row.id)).map((m) => m.id));
        const foreign = input.photo_ids.filter((id) => !media.has(id));
        if (foreign.length > 0) throw invalid('case/photo_unknown', `Not photos of this case: ${foreign.join(', ')}`, 'photo_ids');
        const now = deps.clock.now().getTime();
        if (!(await caseRepository.updateIfVersion(trx, row.id, input.version, { released_at: row.released_at ?? now, public_summary: summary, updated_at: now }))) {
          throw conflict('case/version_conflict', 'The case was changed meanwhile; reload it and try again');
        }
        await caseRepository.setReleasedMedia(trx, row.id, [...new Set(input.photo_ids)], now);
        await caseRepository.addHistory(trx, { case_id: row.id, at: now, ...actorOfContext(ctx), action: 'released', from_status: null, to_status: null, reason: null, detail: JSON.stringify({ photos: input.photo_ids.length }) });
        return row.id;
      });
    },
  };
}

export type CaseActions = ReturnType<typeof createCaseActions>;

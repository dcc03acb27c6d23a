/**
 * Overdue cases (issue 12, D61): once an open case passes its deadline the responsible person is
 * reminded — the assignee, or during their absence the category's deputy (else the head) — and
 * when it is still open at the end of the next working day it is escalated to the department's
 * head. Both in the app and by e-mail (the notification service), with a history row, in one
 * transaction per round. Every minute, one instance at a time (decision 18); tests call runOnce
 * with the clock advanced.
 */
import type { Database } from '../../db/database.js';
import type { CaseFileRow } from '../../db/schema.js';
import { tryJobLock, type Dialect } from '../../db/sql.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/log.js';
import { Worker } from '../../lib/worker.js';
import type { ResponsibilityService } from '../categories/responsibility.service.js';
import { departmentRepository } from '../departments/department.repository.js';
import type { HolidayService } from '../holidays/holiday.service.js';
import { endOfLocalDay, localDate } from '../holidays/working-days.js';
import type { NotificationService } from '../notifications/notification.service.js';
import { isAbsent } from '../users/user.service.js';
import { userRepository } from '../users/user.repository.js';
import { caseRepository } from './case.repository.js';

const BATCH = 100;

export class CaseEscalationJob extends Worker {
  constructor(
    private readonly o: { db: Database; dialect: Dialect; clock: Clock; log: Logger; timeZone: string; holidays: HolidayService; responsibility: ResponsibilityService; notifications: NotificationService; everyMs?: number },
  ) {
    super(o.everyMs ?? 60_000);
  }

  /** Who is reminded: the assignee when present, else who is responsible today (contact → deputy → head). */
  private async reminded(trx: Database, c: CaseFileRow, now: number): Promise<number | null> {
    const today = localDate(now, this.o.timeZone);
    if (c.assignee_user_id !== null) {
      const [user] = await userRepository.activeByIds(trx, [c.assignee_user_id]);
      if (user && !isAbsent(user, today)) return user.id;
    }
    return (await this.o.responsibility.resolve(trx, c.category_id, new Date(now))).responsible_user_id;
  }

  override async runOnce(): Promise<number> {
    const done = await this.o.db.transaction().execute(async (trx) => {
      if (!(await tryJobLock(trx, this.o.dialect, 'case-escalation'))) return 0;
      const now = this.o.clock.now().getTime();
      let n = 0;
      for (const c of await caseRepository.dueForReminder(trx, now, BATCH)) {
        const who = await this.reminded(trx, c, now);
        const escalateAt = endOfLocalDay(await this.o.holidays.addWorkingDays(trx, c.deadline_date, 1), this.o.timeZone);
        if (!(await caseRepository.updateIfVersion(trx, c.id, c.version, { overdue_reminded_at: now, escalate_at: escalateAt, updated_at: now }))) continue; // changed meanwhile: next round
        await caseRepository.addHistory(trx, { case_id: c.id, at: now, actor_type: 'system', actor_id: null, action: 'overdue_reminder', from_status: null, to_status: null, reason: null, detail: JSON.stringify({ user_id: who }) });
        await this.o.notifications.notify(trx, {
          ...(who !== null ? { user_ids: [who] } : { department_id: c.department_id }),
          kind: 'case.overdue',
          title: { de: `Anliegen ${c.reference} ist überfällig`, en: `Case ${c.reference} is overdue` },
          body: { de: `Die Antwort war fällig am ${c.deadline_date}. Ohne Antwort geht es am nächsten Arbeitstag an die Amtsleitung.`, en: `The answer was due on ${c.deadline_date}. Without an answer it goes to the head of department on the next working day.` },
          link: `/anliegen/${c.reference}`,
        });
        n++;
      }
      for (const c of await caseRepository.dueForEscalation(trx, now, BATCH)) {
        const head = (await departmentRepository.findById(trx, c.department_id))?.head_user_id ?? null;
        if (!(await caseRepository.updateIfVersion(trx, c.id, c.version, { escalated_at: now, updated_at: now }))) continue;
        await caseRepository.addHistory(trx, { case_id: c.id, at: now, actor_type: 'system', actor_id: null, action: 'escalated', from_status: null, to_status: null, reason: null, detail: JSON.stringify({ user_id: head }) });
        await this.o.notifications.notify(trx, {
          ...(head !== null ? { user_ids: [head] } : { department_id: c.department_id }),
          kind: 'case.escalated',
          title: { de: `Eskalation: Anliegen ${c.reference} ist überfällig`, en: `Escalation: case ${c.reference} is overdue` },
          body: { de: `Fällig war es am ${c.deadline_date}; die zuständige Person wurde erinnert.`, en: `It was due on ${c.deadline_date}; the responsible person was reminded.` },
          link: `/anliegen/${c.reference}`,
        });
        n++;
      }
      return n;
    });
    if (done > 0) this.o.log.info({ cases: done }, 'overdue cases reminded or escalated');
    return done;
  }
}

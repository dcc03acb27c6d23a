/**
 * Notifications to staff (issue 7, item 5): in-app (list, mark read, unread count) and by
 * e-mail through `SMTP_URL`. `notify` writes the notification rows and the e-mails to send in
 * the caller's transaction — so "a new case" and "tell the department" commit together — and
 * the mail worker (mail.worker.ts) sends them off the request.
 *
 * Later modules: `notifications.notify(trx, { department_id, kind: 'case.new', title: {de, en},
 * body: {de, en}, link: '/anliegen/KE-2026-000123' })`.
 */
import type { Database } from '../../db/database.js';
import type { NotificationRow, StaffRole, StaffUserRow } from '../../db/schema.js';
import { invalid, notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { departmentRepository } from '../departments/department.repository.js';
import { userRepository } from '../users/user.repository.js';
import { mailRepository, notificationRepository } from './notification.repository.js';

/** A text in the staff languages, or one text for everybody. */
export type StaffText = string | { de: string; en: string };

export interface NotifyInput {
  /** Recipients: any combination; each active person is notified once. */
  user_ids?: number[];
  role?: StaffRole;
  /** The department's members and its head. */
  department_id?: number;
  /** What happened, e.g. `case.new`, `case.overdue`, `broadcast.approval_requested`. */
  kind: string;
  title: StaffText;
  body: StaffText;
  /** A path in the staff app, e.g. `/anliegen/KE-2026-000123`. */
  link?: string;
}

export interface NotificationDto {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export const toNotificationDto = (row: NotificationRow): NotificationDto => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  link: row.link,
  created_at: new Date(row.created_at).toISOString(),
  read_at: row.read_at === null ? null : new Date(row.read_at).toISOString(),
});

export interface NotificationService {
  /** Notifies the recipients; returns how many people were notified. */
  notify(trx: Database, input: NotifyInput): Promise<number>;
  list(db: Database, userId: number, o: { unreadOnly: boolean; beforeId?: number; limit: number }): Promise<{ data: NotificationDto[]; unread_count: number }>;
  unreadCount(db: Database, userId: number): Promise<number>;
  markRead(db: Database, userId: number, id: number): Promise<NotificationDto>;
  markAllRead(db: Database, userId: number): Promise<number>;
}

export interface NotificationOptions {
  clock: Clock;
  /** Whether e-mail is configured (SMTP_URL); without it only in-app notifications are written. */
  mailEnabled: boolean;
  /** PUBLIC_URL, to turn app links into absolute links in e-mails. */
  publicUrl: string;
  /** Called after e-mails were queued (wakes the mail worker in this process). */
  onQueued?: () => void;
}

const pick = (text: StaffText, language: string): string => (typeof text === 'string' ? text : language === 'en' ? text.en : text.de);

const FOOTER = {
  de: 'Sie erhalten diese E-Mail, weil E-Mail-Benachrichtigungen in Ihrem Stadtbote-Konto eingeschaltet sind. Abschalten unter „Mein Konto“.',
  en: 'You receive this e-mail because e-mail notifications are on in your Stadtbote account. Turn them off under “My account”.',
};

export function createNotificationService(o: NotificationOptions): NotificationService {
  return {
    async notify(trx, input) {
      if (!/^[a-z0-9_]+(\.[a-z0-9_]+)*$/.test(input.kind)) throw invalid('notification/kind', 'kind must look like case.new', 'kind');
      if (input.link !== undefined && (!input.link.startsWith('/') || input.link.startsWith('//'))) throw invalid('notification/link', 'link must be a path in the staff app', 'link');
      const recipients = new Map<number, StaffUserRow>();
      const add = (users: StaffUserRow[]) => users.forEach((u) => recipients.set(u.id, u));
      if (input.user_ids?.length) add(await userRepository.activeByIds(trx, input.user_ids));
      if (input.role) add(await userRepository.activeWithRole(trx, input.role));
      if (input.department_id !== undefined) {
        add(await userRepository.activeInDepartment(trx, input.department_id));
        const head = (await departmentRepository.findById(trx, input.department_id))?.head_user_id;
        if (head != null) add(await userRepository.activeByIds(trx, [head]));
      }
      const now = o.clock.now().getTime();
      let mails = 0;
      for (const user of recipients.values()) {
        const title = pick(input.title, user.language).slice(0, 300);
        const body = pick(input.body, user.language);
        const id = await notificationRepository.insert(trx, { user_id: user.id, kind: input.kind, title, body, link: input.link ?? null, created_at: now, read_at: null });
        if (o.mailEnabled && user.email_notifications === 1) {
          const footer = user.language === 'en' ? FOOTER.en : FOOTER.de;
          const link = input.link ? `\n\n${o.publicUrl}${input.link}` : '';
          await mailRepository.insert(trx, {
            to_address: user.email,
            subject: `Stadtbote: ${title}`.slice(0, 300),
            text_body: `${body}${link}\n\n-- \n${footer}\n`,
            notification_id: id,
            state: 'queued',
            attempts: 0,
            available_at: now,
            lease_owner: null,
            lease_until: null,
            last_error: null,
            created_at: now,
            sent_at: null,
          });
          mails++;
        }
      }
      if (mails > 0) o.onQueued?.();
      return recipients.size;
    },

    async list(db, userId, q) {
      const [rows, unread] = await Promise.all([notificationRepository.listForUser(db, userId, q), notificationRepository.countUnread(db, userId)]);
      return { data: rows.map(toNotificationDto), unread_count: unread };
    },

    unreadCount: (db, userId) => notificationRepository.countUnread(db, userId),

    async markRead(db, userId, id) {
      if (!(await notificationRepository.markRead(db, userId, id, o.clock.now().getTime()))) throw notFound('notification/not_found', 'No such notification');
      return toNotificationDto((await notificationRepository.findForUser(db, userId, id))!);
    },

    markAllRead: (db, userId) => notificationRepository.markAllRead(db, userId, o.clock.now().getTime()),
  };
}

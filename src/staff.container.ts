/**
 * The staff side's part of the composition root (issue 7): audit log, sign-in and tokens,
 * accounts, departments, categories and responsibility, holidays, topics, settings,
 * notifications and the e-mail worker. `createContainer` spreads these into the container.
 */
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Dialect } from './db/sql.js';
import { isLoopbackHost } from './config.js';
import type { Clock } from './lib/clock.js';
import type { Logger } from './lib/log.js';
import { createAuditService, type AuditService } from './modules/audit/audit.service.js';
import { createAuthService, type AuthService } from './modules/auth/auth.service.js';
import { createTokenService, type TokenService } from './modules/auth/token.service.js';
import { createCategoryService, type CategoryService } from './modules/categories/category.service.js';
import { createResponsibilityService, type ResponsibilityService } from './modules/categories/responsibility.service.js';
import { createDepartmentService, type DepartmentService } from './modules/departments/department.service.js';
import { createHolidayService, type HolidayService } from './modules/holidays/holiday.service.js';
import { MailWorker } from './modules/notifications/mail.worker.js';
import { createNotificationService, type NotificationService } from './modules/notifications/notification.service.js';
import { createSettingsService, type SettingsService } from './modules/settings/settings.service.js';
import { createTopicService, type TopicService } from './modules/topics/topic.service.js';
import { createUserService, type UserService } from './modules/users/user.service.js';

export interface StaffServices {
  audit: AuditService;
  auth: AuthService;
  tokens: TokenService;
  users: UserService;
  departments: DepartmentService;
  categories: CategoryService;
  responsibility: ResponsibilityService;
  holidays: HolidayService;
  topics: TopicService;
  settings: SettingsService;
  notifications: NotificationService;
  /** Sends queued e-mails; null without SMTP_URL. */
  mailWorker: MailWorker | null;
}

/** The sender address: MAIL_FROM, else noreply at PUBLIC_URL's host. */
export function mailFrom(config: Config): string {
  if (config.smtp.from) return config.smtp.from;
  const host = new URL(config.publicUrl).hostname;
  return `Stadtbote <noreply@${isLoopbackHost(host) ? 'localhost' : host}>`;
}

export function createStaffServices(o: { config: Config; db: Database; dialect: Dialect; clock: Clock; log: Logger }): StaffServices {
  const { config, clock } = o;
  const audit = createAuditService({ clock });
  const holidays = createHolidayService({ clock, audit });
  const mailWorker = config.smtp.url
    ? new MailWorker({ db: o.db, dialect: o.dialect, clock, log: o.log, smtpUrl: config.smtp.url, from: mailFrom(config) })
    : null;
  return {
    audit,
    auth: createAuthService({ clock, audit }),
    tokens: createTokenService({ clock, audit }),
    users: createUserService({ clock, audit }),
    departments: createDepartmentService({ clock, audit }),
    categories: createCategoryService({ clock, audit }),
    responsibility: createResponsibilityService({ timeZone: config.townTimezone, holidays }),
    holidays,
    topics: createTopicService({ clock, audit }),
    settings: createSettingsService({ clock, audit }),
    notifications: createNotificationService({ clock, mailEnabled: mailWorker !== null, publicUrl: config.publicUrl, onQueued: () => mailWorker?.nudge() }),
    mailWorker,
  };
}

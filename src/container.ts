/**
 * The composition root: wires database → clock → repositories and services → channel → workers
 * by hand. `buildApp` (src/app.ts) takes the result; tests build one with overrides.
 */
import type { ChannelPort, InboundSink } from './channels/channel.js';
import { createWhatsAppChannel } from './channels/whatsapp/whatsapp.adapter.js';
import type { Config } from './config.js';
import { DbClock } from './db/db-clock.js';
import type { Database, DatabaseHandle } from './db/database.js';
import type { Dialect } from './db/sql.js';
import type { Logger } from './lib/log.js';
import { createDialogueListener } from './modules/dialogue/dialogue.service.js'; // citizen dialogue (issue 8)
import { createInboundHandler } from './modules/inbound/inbound.handlers.js';
import { InboundProcessor } from './modules/inbound/inbound.processor.js';
import { createInboundSink } from './modules/inbound/inbound.sink.js';
import { OutboxDispatcher } from './modules/outbox/outbox.dispatcher.js';
import { createOutboxService, type OutboxService } from './modules/outbox/outbox.service.js';
import { TemplateSyncJob } from './modules/templates/template-sync.job.js';
import { createTemplateService, type TemplateService } from './modules/templates/template-registry.service.js';
import { createStaffServices, mailFrom, type StaffServices } from './staff.container.js'; // staff side (issue 7)
// issue 9: data rights, tourist answers
import { createCaseHandlingService, type CaseHandlingService } from './modules/cases/case.handling.service.js'; // issue 12
import { createCaseProvider } from './modules/cases/case.privacy.js';
import { withCaseUpdateTaps } from './modules/cases/case.update-tap.js'; // issue 12
import { CaseEscalationJob } from './modules/cases/case.escalation.job.js'; // issue 12
import { createCaseActions, type CaseActions } from './modules/cases/case.actions.service.js'; // issue 12
import { coreProviders } from './modules/privacy/privacy.providers.js';
import { PrivacyPurgeJob } from './modules/privacy/privacy.purge.job.js';
import { createPrivacyRegistry } from './modules/privacy/privacy.registry.js';
import { createPrivacyService, type PrivacyService } from './modules/privacy/privacy.service.js';
import { createTouristAnswerService, type TouristAnswerService } from './modules/tourist-answers/tourist-answer.service.js';
import { createSubscriberService, type SubscriberService } from './modules/subscribers/subscriber.service.js';
import { createReports, type Reports } from './reports.container.js'; // reports → cases (issue 11)
import { ReportDraftExpiryJob } from './modules/reports/report-expiry.job.js'; // issue 11
import { RetentionJob } from './modules/retention/retention.job.js'; // issue 16
// broadcasts (issue 10)
import { BroadcastScheduleJob } from './modules/broadcasts/broadcast-schedule.job.js';
import { createBroadcastListener } from './modules/broadcasts/broadcast.listener.js';
import { createBroadcastService, type BroadcastService } from './modules/broadcasts/broadcast.service.js';
import { createMediaService, type MediaService } from './modules/media/media.service.js';
// public visibility (issue 14): the web form, the e-mail channel
import { createEmailChannel } from './channels/email/email.adapter.js';
import { webReportProvider } from './modules/public/webform.privacy.js';
import { createWebFormService, type WebFormService } from './modules/public/webform.service.js';

export interface Container extends StaffServices {
  config: Config;
  log: Logger;
  db: Database;
  dialect: Dialect;
  clock: DbClock;
  channel: ChannelPort;
  inboundSink: InboundSink;
  outbox: OutboxService;
  inboundProcessor: InboundProcessor;
  dispatcher: OutboxDispatcher;
  /** Registry sync with the platform's templates (when the channel lists them). */
  templateSync: TemplateSyncJob | null;
  /** The template registry for the staff side: list, what each serves, sync now. */
  templates: TemplateService;
  /** Data rights (issue 9): the personal-data registry (`privacy.registry`), MY DATA, erasure, purge. */
  privacy: PrivacyService;
  privacyPurge: PrivacyPurgeJob;
  /** Case handling (issue 12): list, transitions, replies, updates to the followers. */
  caseHandling: CaseHandlingService;
  /** Handover and release of cases (issue 12). */
  caseActions: CaseActions;
  /** Overdue cases: reminder, then escalation to the head (issue 12). */
  caseEscalation: CaseEscalationJob;
  touristAnswers: TouristAnswerService;
  subscribers: SubscriberService;
  /** Reports → cases (issue 11): the case service, the photo store, the geocoder, the draft expiry. */
  reports: Reports;
  reportExpiry: ReportDraftExpiryJob;
  /** Media attached to notices (issue 10). */
  media: MediaService;
  /** Broadcasts: editor, approval, sending, figures (issue 10). */
  broadcasts: BroadcastService;
  broadcastSchedule: BroadcastScheduleJob;
  /** The web form as a second channel (issue 14); its updates go out through the e-mail channel. */
  webform: WebFormService;
  /** Retention periods applied hourly (issue 16). */
  retention: RetentionJob;
  /** Starts the background workers. */
  start(): void;
  /** Stops the workers and closes the channel and the database. */
  close(): Promise<void>;
}

export interface ContainerOverrides {
  channel?: ChannelPort & { close?: () => Promise<void> };
  /** Inbound hold-back (ms); tests use 0 unless they test ordering of late events. */
  inboundHoldBackMs?: number;
}

export async function createContainer(config: Config, database: DatabaseHandle, log: Logger, overrides: ContainerOverrides = {}): Promise<Container> {
  const { db, dialect } = database;
  const clock = await DbClock.load(db, { canAdvance: config.whatsapp.mode === 'emulator' });
  const channel =
    overrides.channel ??
    createWhatsAppChannel({
      apiUrl: config.whatsapp.apiUrl,
      apiVersion: config.whatsapp.apiVersion,
      phoneNumberId: config.whatsapp.phoneNumberId,
      accessToken: config.whatsapp.accessToken,
      businessAccountId: config.whatsapp.businessAccountId,
    });
  const outbox = createOutboxService({ clock, defaultChannel: channel.name });
  const staff = createStaffServices({ config, db, dialect, clock, log });
  const reports = createReports({ config, clock, log, channel, staff }); // reports → cases (issue 11)
  const privacy = createPrivacyService({
    clock,
    dialect,
    log,
    // Other modules register their provider here (D30). Erased in reverse order: the cases first (D56: rows,
    // descriptions and photo files of every channel), then the web form's e-mail identity (issue 14).
    registry: createPrivacyRegistry([...coreProviders, webReportProvider, createCaseProvider(reports.photos)]),
    outbox,
    channel,
    hashSalt: config.privacy.hashSalt,
    publicUrl: config.publicUrl,
    timeZone: config.townTimezone,
  });
  const caseHandling = createCaseHandlingService({ clock, outbox, notifications: staff.notifications }); // issue 12
  const dialogue = createDialogueListener({ outbox, channel, clock, log, privacy, engine: { report: reports.hooks.plugin }, report: reports.hooks }); // citizen dialogue (issue 8)
  const teaserTaps = createBroadcastListener({ outbox, clock }); // issue 10: "Lesen" on a teaser, before the dialogue
  const handle = createInboundHandler({
    outbox,
    clock,
    log,
    // An erased contact writing again before the purge starts afresh (issue 9); a teaser tap is served before the dialogue (issue 10);
    // a tap on a case-update template gets the full text (issue 12).
    listeners: [privacy.listener, teaserTaps, withCaseUpdateTaps({ outbox, cases: caseHandling, timeZone: config.townTimezone }, dialogue)],
    // A late status for an erased contact is emptied, not kept (issue 9).
    onUnmatchedStatus: async (trx, event, eventId) => {
      if (!(await privacy.isErased(trx, event.recipient))) return false;
      await privacy.scrubEvent(trx, eventId);
      return true;
    },
  });
  const inboundProcessor = new InboundProcessor({ db, dialect, clock, log, handle, holdBackMs: overrides.inboundHoldBackMs, prepare: reports.hooks.prefetch });
  // issue 14: contacts known only by a confirmed e-mail address get their messages by mail (D71).
  const emailChannel = config.smtp.url ? createEmailChannel({ smtpUrl: config.smtp.url, from: mailFrom(config), subject: 'Neuigkeiten zu Ihrem Anliegen / Update on your report' }) : null;
  const dispatcher = new OutboxDispatcher({
    db,
    dialect,
    clock,
    log,
    channels: { [channel.name]: channel, ...(emailChannel ? { [emailChannel.name]: emailChannel } : {}) },
    sender: config.whatsapp.phoneNumberId,
    mps: config.whatsapp.mps,
    messagingLimit: config.whatsapp.messagingLimit,
  });
  const templateSync = channel.listTemplates ? new TemplateSyncJob({ db, dialect, clock, log, channel }) : null;
  const inboundSink = createInboundSink({ db, clock, onStored: () => inboundProcessor.nudgeAfterHoldBack() });
  const privacyPurge = new PrivacyPurgeJob({ db, privacy });
  const reportExpiry = new ReportDraftExpiryJob({ db, dialect, clock, log, outbox }); // issue 11
  const media = createMediaService({ clock, audit: staff.audit, mediaDir: config.mediaDir });
  const broadcasts = createBroadcastService({
    clock,
    audit: staff.audit,
    notifications: staff.notifications,
    settings: staff.settings,
    media,
    channel,
    timeZone: config.townTimezone,
    fourEyes: config.broadcasts.fourEyes,
    messagingLimit: config.whatsapp.messagingLimit,
    onQueued: () => dispatcher.nudge(),
  });
  const broadcastSchedule = new BroadcastScheduleJob({ db, dialect, log, broadcasts });
  const caseEscalation = new CaseEscalationJob({ db, dialect, clock, log, timeZone: config.townTimezone, holidays: staff.holidays, responsibility: staff.responsibility, notifications: staff.notifications }); // issue 12
  const retention = new RetentionJob({ db, dialect, clock, log, privacy, mediaDir: config.mediaDir }); // issue 16

  const onWorkerError = (worker: string) => (error: unknown) =>
    log.error({ worker, err: { type: error instanceof Error ? error.name : 'unknown', message: error instanceof Error ? error.message : '' } }, 'worker round failed');

  return {
    config,
    log,
    db,
    dialect,
    clock,
    channel,
    inboundSink,
    outbox,
    inboundProcessor,
    dispatcher,
    templateSync,
    templates: createTemplateService({ clock, audit: staff.audit, syncJob: templateSync }),
    reports,
    reportExpiry,
    ...staff,
    privacy,
    privacyPurge,
    caseHandling, // issue 12
    caseEscalation,
    caseActions: createCaseActions({ clock, responsibility: staff.responsibility, notifications: staff.notifications }),
    touristAnswers: createTouristAnswerService({ clock, audit: staff.audit }),
    subscribers: createSubscriberService({ clock, audit: staff.audit, privacy, timeZone: config.townTimezone }),
    media,
    broadcasts,
    broadcastSchedule,
    webform: createWebFormService({ clock, secret: config.privacy.hashSalt, photos: reports.photos, geocoder: reports.geocoder, cases: reports.cases, publicUrl: config.publicUrl, mailEnabled: config.smtp.url !== null, onMailQueued: () => staff.mailWorker?.nudge() }),
    retention,
    start() {
      clock.startRefreshing();
      inboundProcessor.start(onWorkerError('inbound'));
      dispatcher.start(onWorkerError('dispatcher'));
      staff.mailWorker?.start(onWorkerError('mail'));
      templateSync?.start(onWorkerError('template-sync'));
      privacyPurge.start(onWorkerError('privacy-purge'));
      reportExpiry.start(onWorkerError('report-expiry'));
      broadcastSchedule.start(onWorkerError('broadcast-schedule'));
      caseEscalation.start(onWorkerError('case-escalation'));
      retention.start(onWorkerError('retention'));
    },
    async close() {
      clock.stop();
      await Promise.all([inboundProcessor.stop(), dispatcher.stop(), staff.mailWorker?.stop(), templateSync?.stop(), privacyPurge.stop(), reportExpiry.stop(), broadcastSchedule.stop(), caseEscalation.stop(), retention.stop()]);
      const closable = channel as { close?: () => Promise<void> };
      if (closable.close) await closable.close();
      await emailChannel?.close();
      await database.close();
    },
  };
}

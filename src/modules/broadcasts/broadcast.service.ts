/**
 * Broadcasts (Bürgerinformation): write, submit, four-eyes approval (an approver, not the
 * author, approves or returns with a comment), send now or at a time, cancel while queued. Every
 * change is audited in its transaction; sending expands the audience into outbox rows (decision
 * 7) in the same transaction as the status change (broadcast.sending.ts).
 */
import type { ChannelPort } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { BroadcastRow, TopicRow } from '../../db/schema.js';
import { AppError, forbidden, invalid, notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { Language } from '../../lib/language.js';
import type { AuditService } from '../audit/audit.service.js';
import { can } from '../auth/auth.policy.js';
import { describeActor, type RequestContext } from '../auth/principal.js';
import type { MediaService } from '../media/media.service.js';
import { fanoutRepository } from '../outbox/fanout.repository.js';
import type { NotificationService } from '../notifications/notification.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import { topicRepository } from '../topics/topic.repository.js';
import { broadcastRepository } from './broadcast.repository.js';
import { estimate, type Estimate } from './broadcast.estimate.js';
import { figuresOf, toBroadcastDto, type BroadcastDto, type BroadcastFigures } from './broadcast.figures.js';
import { assertTransition, checkChecklist, checkTexts, type Variant } from './broadcast.rules.js';
import { startSending } from './broadcast.sending.js';
import type { ContentClass } from './content-classes.js';

export interface BroadcastInput {
  title: string;
  text: string;
  topics: string[];
  content_class: ContentClass;
  language_variants?: Partial<Record<Language, Variant>>;
  checklist?: string[];
  media_id?: number | null;
  scheduled_at?: string | null;
  not_after?: string | null;
}

export interface BroadcastDeps {
  clock: Clock;
  audit: AuditService;
  notifications: NotificationService;
  settings: SettingsService;
  media: MediaService;
  channel: ChannelPort;
  timeZone: string;
  fourEyes: boolean;
  messagingLimit: number | 'unlimited';
  /** Wakes the dispatcher after a fan-out. */
  onQueued?: () => void;
}

const roles = (ctx: RequestContext) => ctx.principal?.roles ?? [];
const actor = (ctx: RequestContext) => {
  const a = describeActor(ctx.principal);
  return { type: a.type, id: a.id, label: a.label };
};
const isAuthor = (row: BroadcastRow, ctx: RequestContext) => {
  const a = actor(ctx);
  return row.author_type === a.type && (row.author_id === null ? a.id === null : Number(row.author_id) === a.id);
};

export function createBroadcastService(deps: BroadcastDeps) {
  const now = () => deps.clock.now().getTime();

  async function load(db: Database, id: number): Promise<BroadcastRow> {
    const row = await broadcastRepository.findById(db, id);
    if (!row) throw notFound('broadcast/not_found', 'No broadcast with this id');
    return row;
  }

  /** Topic rows of the keys; 422 naming an unknown or inactive one. */
  async function resolveTopics(db: Database, keys: string[]): Promise<TopicRow[]> {
    const all = await topicRepository.list(db);
    const unique = [...new Set(keys)];
    if (unique.length === 0) throw invalid('broadcast/no_topic', 'Choose at least one topic', 'topics');
    return unique.map((key) => {
      const topic = all.find((t) => t.key === key && t.active === 1);
      if (!topic) throw invalid('broadcast/unknown_topic', `Unknown topic: ${key.slice(0, 64)}`, 'topics');
      return topic;
    });
  }

  const time = (value: string | null | undefined): number | null => (value ? Date.parse(value) : null);

  function checkTimes(scheduledAt: number | null, notAfter: number | null, at: number): void {
    if (scheduledAt !== null && scheduledAt <= at) throw invalid('broadcast/schedule_in_past', 'The scheduled time is in the past', 'scheduled_at');
    if (notAfter !== null && notAfter <= (scheduledAt ?? at)) throw invalid('broadcast/not_after_too_early', '"Not after" must be later than the time of sending', 'not_after');
  }

  async function checkMedia(db: Database, mediaId: number | null): Promise<void> {
    if (mediaId === null) return;
    try {
      await deps.media.get(db, mediaId);
    } catch {
      throw invalid('broadcast/unknown_media', 'No uploaded media with this id', 'media_id');
    }
  }

  function fields(input: BroadcastInput, topics: TopicRow[], at: number) {
    const variants = input.language_variants ?? {};
    checkTexts({ title: input.title, text: input.text }, variants, (input.media_id ?? null) !== null);
    const scheduledAt = time(input.scheduled_at);
    const notAfter = time(input.not_after);
    checkTimes(scheduledAt, notAfter, at);
    return {
      title: input.title.trim(),
      text: input.text,
      language_variants: JSON.stringify(variants),
      topic_ids: JSON.stringify(topics.map((t) => t.id)),
      content_class: input.content_class,
      checklist: JSON.stringify([...new Set(input.checklist ?? [])]),
      media_id: input.media_id ?? null,
      scheduled_at: scheduledAt,
      not_after: notAfter,
      urgent: topics.some((t) => t.urgent === 1) ? 1 : 0,
      updated_at: at,
    };
  }

  /** The API's view of broadcasts with their figures: four queries however many rows. */
  async function dtos(db: Database, rows: BroadcastRow[]): Promise<(BroadcastDto & BroadcastFigures)[]> {
    const ids = rows.map((r) => r.id);
    const topics = await topicRepository.list(db);
    const groups = await broadcastRepository.rowGroups(db, ids);
    const costs = await broadcastRepository.costGroups(db, ids);
    const card = await deps.settings.get(db, 'rate_card');
    return rows.map((row) => ({
      ...toBroadcastDto(row, topics),
      ...figuresOf(row, groups.filter((g) => g.broadcast_id === row.id), costs.filter((c) => c.broadcast_id === row.id), card),
    }));
  }

  const dto = async (db: Database, row: BroadcastRow) => (await dtos(db, [row]))[0]!;

  async function estimateOf(db: Database, row: BroadcastRow): Promise<Estimate> {
    const all = await topicRepository.list(db);
    const ids = JSON.parse(row.topic_ids) as number[];
    return estimate(db, deps.channel, {
      broadcast: row,
      main: { title: row.title, text: row.text },
      variants: JSON.parse(row.language_variants) as Partial<Record<Language, Variant>>,
      topics: all.filter((t) => ids.includes(t.id)),
      now: now(),
      timeZone: deps.timeZone,
      rateCard: await deps.settings.get(db, 'rate_card'),
      messagingLimit: deps.messagingLimit,
    });
  }

  const audit = (trx: Database, ctx: RequestContext, action: string, row: BroadcastRow, detail: Record<string, unknown> = {}) =>
    deps.audit.record(trx, { ctx, action: `broadcast.${action}`, subject_type: 'broadcast', subject_id: row.id, detail: { status: row.status, ...detail } });

  return {
    async list(db: Database): Promise<(BroadcastDto & BroadcastFigures)[]> {
      return dtos(db, await broadcastRepository.list(db, { limit: 200 }));
    },

    async get(db: Database, id: number) {
      return dto(db, await load(db, id));
    },

    async estimate(db: Database, id: number): Promise<Estimate> {
      return estimateOf(db, await load(db, id));
    },

    async create(db: Database, ctx: RequestContext, input: BroadcastInput) {
      const at = now();
      const topics = await resolveTopics(db, input.topics);
      await checkMedia(db, input.media_id ?? null);
      const values = fields(input, topics, at);
      const a = actor(ctx);
      return db.transaction().execute(async (trx) => {
        const id = await broadcastRepository.insert(trx, { ...values, status: 'draft', author_type: a.type, author_id: a.id, author_label: a.label, created_at: at });
        const row = (await broadcastRepository.findById(trx, id))!;
        await audit(trx, ctx, 'create', row, { topics: input.topics, content_class: input.content_class });
        return dto(trx, row);
      });
    },

    async update(db: Database, ctx: RequestContext, id: number, input: BroadcastInput) {
      const at = now();
      const topics = await resolveTopics(db, input.topics);
      await checkMedia(db, input.media_id ?? null);
      const values = fields(input, topics, at);
      return db.transaction().execute(async (trx) => {
        const row = await load(trx, id);
        assertTransition(row.status, 'edit');
        if (!(await broadcastRepository.transition(trx, id, ['draft', 'returned'], { ...values, status: row.status }))) assertTransition((await load(trx, id)).status, 'edit');
        const after = (await broadcastRepository.findById(trx, id))!;
        await audit(trx, ctx, 'update', after);
        return dto(trx, after);
      });
    },

    async submit(db: Database, ctx: RequestContext, id: number) {
      return db.transaction().execute(async (trx) => {
        const row = await load(trx, id);
        assertTransition(row.status, 'submit');
        checkChecklist(row.content_class as ContentClass, JSON.parse(row.checklist) as string[]);
        checkTimes(row.scheduled_at, row.not_after, now());
        const at = now();
        // Without four-eyes (BROADCAST_FOUR_EYES=off) a submitted notice is approved at once.
        const next = deps.fourEyes ? { status: 'submitted' as const, submitted_at: at } : { status: 'approved' as const, submitted_at: at, approved_at: at };
        if (!(await broadcastRepository.transition(trx, id, ['draft', 'returned'], { ...next, updated_at: at }))) assertTransition((await load(trx, id)).status, 'submit');
        const after = (await broadcastRepository.findById(trx, id))!;
        await audit(trx, ctx, 'submit', after, { four_eyes: deps.fourEyes });
        if (deps.fourEyes) {
          await deps.notifications.notify(trx, {
            role: 'approver',
            kind: 'broadcast.submitted',
            title: { de: 'Mitteilung zur Freigabe', en: 'Notice awaiting approval' },
            body: { de: `„${row.title}“ wartet auf Freigabe.`, en: `“${row.title}” is waiting for approval.` },
            link: `/mitteilungen/${id}`,
          });
        }
        return dto(trx, after);
      });
    },

    async approve(db: Database, ctx: RequestContext, id: number) {
      return db.transaction().execute(async (trx) => {
        const row = await load(trx, id);
        assertTransition(row.status, 'approve');
        if (isAuthor(row, ctx)) throw new AppError('broadcast/own_broadcast', 'You cannot approve your own broadcast: another approver must (four-eyes principle)', 403);
        const a = actor(ctx);
        const at = now();
        if (!(await broadcastRepository.transition(trx, id, ['submitted'], { status: 'approved', approved_at: at, decided_by_type: a.type, decided_by_id: a.id, decided_by_label: a.label, updated_at: at }))) {
          assertTransition((await load(trx, id)).status, 'approve');
        }
        const after = (await broadcastRepository.findById(trx, id))!;
        await audit(trx, ctx, 'approve', after);
        if (row.author_type === 'user' && row.author_id !== null) {
          await deps.notifications.notify(trx, {
            user_ids: [Number(row.author_id)],
            kind: 'broadcast.approved',
            title: { de: 'Mitteilung freigegeben', en: 'Notice approved' },
            body: { de: `„${row.title}“ wurde freigegeben.`, en: `“${row.title}” was approved.` },
            link: `/mitteilungen/${id}`,
          });
        }
        return dto(trx, after);
      });
    },

    async return(db: Database, ctx: RequestContext, id: number, comment: string) {
      return db.transaction().execute(async (trx) => {
        const row = await load(trx, id);
        assertTransition(row.status, 'return');
        if (isAuthor(row, ctx)) throw new AppError('broadcast/own_broadcast', 'You cannot decide on your own broadcast: another approver must (four-eyes principle)', 403);
        const a = actor(ctx);
        const at = now();
        if (!(await broadcastRepository.transition(trx, id, ['submitted'], { status: 'returned', returned_at: at, return_comment: comment, decided_by_type: a.type, decided_by_id: a.id, decided_by_label: a.label, updated_at: at }))) {
          assertTransition((await load(trx, id)).status, 'return');
        }
        const after = (await broadcastRepository.findById(trx, id))!;
        await audit(trx, ctx, 'return', after, { comment_length: comment.length });
        if (row.author_type === 'user' && row.author_id !== null) {
          await deps.notifications.notify(trx, {
            user_ids: [Number(row.author_id)],
            kind: 'broadcast.returned',
            title: { de: 'Mitteilung zurückgegeben', en: 'Notice returned' },
            body: { de: `„${row.title}“: ${comment}`, en: `“${row.title}”: ${comment}` },
            link: `/mitteilungen/${id}`,
          });
        }
        return dto(trx, after);
      });
    },

    /** Sends now, or schedules when the notice has a time; an urgent notice may go directly from an approver. */
    async send(db: Database, ctx: RequestContext, id: number) {
      if (roles(ctx).length > 0 && !roles(ctx).some((r) => r !== 'integration')) throw forbidden('Integrations may create and submit broadcasts, not send them');
      const row = await load(db, id);
      assertTransition(row.status, 'send');
      const direct = row.status !== 'approved';
      if (direct && !(row.urgent === 1 && can(roles(ctx), 'broadcasts.approve'))) {
        throw new AppError('broadcast/not_approved', 'The broadcast needs approval before it is sent (only urgent notices may be sent directly by an approver)', 409, undefined, { status: row.status, allowed: ['submit'] });
      }
      if (direct) checkChecklist(row.content_class as ContentClass, JSON.parse(row.checklist) as string[]);
      const at = now();
      if (row.not_after !== null && row.not_after <= at) throw invalid('broadcast/not_after_passed', 'The "not after" time has passed; nothing would be sent', 'not_after');
      if (row.scheduled_at !== null && row.scheduled_at > at) {
        return db.transaction().execute(async (trx) => {
          if (!(await broadcastRepository.transition(trx, id, [row.status], { status: 'scheduled', updated_at: at }))) assertTransition((await load(trx, id)).status, 'send');
          const after = (await broadcastRepository.findById(trx, id))!;
          await audit(trx, ctx, 'schedule', after, { scheduled_at: new Date(row.scheduled_at!).toISOString(), direct });
          return dto(trx, after);
        });
      }
      if (row.scheduled_at !== null) throw invalid('broadcast/schedule_in_past', 'The scheduled time is in the past; change it or clear it to send now', 'scheduled_at');
      await startSending(db, sendingDeps(), row, { ctx, from: [row.status], direct, estimateOf: (trx, r) => estimateOf(trx, r) });
      return dto(db, await load(db, id));
    },

    async cancel(db: Database, ctx: RequestContext, id: number) {
      if (roles(ctx).length > 0 && !roles(ctx).some((r) => r !== 'integration')) throw forbidden('Integrations may create and submit broadcasts, not cancel them');
      const result = await db.transaction().execute(async (trx) => {
        const row = await load(trx, id);
        if (!isAuthor(row, ctx) && !can(roles(ctx), 'broadcasts.approve')) throw new AppError('broadcast/not_own', 'Only the author or an approver may cancel this broadcast', 403);
        assertTransition(row.status, 'cancel');
        const at = now();
        if (!(await broadcastRepository.transition(trx, id, [row.status], { status: 'cancelled', cancelled_at: at, updated_at: at }))) assertTransition((await load(trx, id)).status, 'cancel');
        const withdrawn = await fanoutRepository.cancelQueuedForBroadcast(trx, id, at);
        const after = (await broadcastRepository.findById(trx, id))!;
        await audit(trx, ctx, 'cancel', after, { from: row.status, rows_cancelled: withdrawn });
        return after;
      });
      return dto(db, result);
    },

    /** The scheduler's work (broadcast-schedule.job.ts): start what is due. */
    async startDue(db: Database): Promise<number> {
      let started = 0;
      for (const id of await broadcastRepository.dueScheduled(db, now())) {
        const row = await load(db, id);
        if (await startSending(db, sendingDeps(), row, { ctx: { principal: null, ip: null }, from: ['scheduled'], direct: false, estimateOf: (trx, r) => estimateOf(trx, r) })) started++;
      }
      return started;
    },

    /** Marks sending broadcasts with no row left to send as sent. */
    async finishDone(db: Database): Promise<number> {
      let finished = 0;
      for (const id of await broadcastRepository.finishedSending(db)) {
        const at = now();
        if (await broadcastRepository.transition(db, id, ['sending'], { status: 'sent', finished_at: at, updated_at: at })) finished++;
      }
      return finished;
    },
  };

  function sendingDeps() {
    return { clock: deps.clock, audit: deps.audit, media: deps.media, channel: deps.channel, timeZone: deps.timeZone, onQueued: deps.onQueued };
  }
}

export type BroadcastService = ReturnType<typeof createBroadcastService>;

/**
 * The dispatcher (decision 6): claims due rows by priority, decides free-form or template from
 * the window state at that moment, paces sends with budgets shared through the database (per
 * sender; broadcasts at most a share of it while replies are due; the messaging limit), sends
 * one contact's messages in order, and records each answer. A crash loses nothing: a row whose
 * lease expired is claimed again.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelPort, OutgoingMessage } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { OutboxRow } from '../../db/schema.js';
import type { Dialect } from '../../db/sql.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/log.js';
import { SlidingWindowCounter } from '../../lib/rate-model.js';
import { Worker } from '../../lib/worker.js';
import { contactRepository } from '../contacts/contact.repository.js';
import { templateRepository, type TemplateRow } from '../templates/template.repository.js';
import { parseFallback, pickTemplate, templateMessage } from '../templates/template.service.js';
import { decideAfterError, decideBeforeSend, type Recipient } from './dispatch.decisions.js';
import { rateBudgetRepository } from './rate-budget.repository.js';
import { outboxRepository } from './outbox.repository.js';
import { toOutboxError } from './outbox.service.js';

const DAY_MS = 24 * 3600_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Test seams for crash tests: called at the three points where a crash is interesting. */
export interface DispatcherHooks {
  afterClaim?(rows: OutboxRow[]): void;
  afterAnswer?(row: OutboxRow): void;
  afterRecord?(row: OutboxRow): void;
}

export interface DispatcherOptions {
  db: Database;
  dialect: Dialect;
  clock: Clock;
  log: Logger;
  channels: Record<string, ChannelPort>;
  /** Budget key of the sending number (its phone-number id). */
  sender: string;
  /** Messages per second of the number (WHATSAPP_MPS). */
  mps: number;
  /** Unique recipients outside their window per rolling 24 h (WHATSAPP_MESSAGING_LIMIT). */
  messagingLimit: number | 'unlimited';
  /** Share of the rate broadcasts may use while replies are due (default 0.8). */
  broadcastShare?: number;
  /** Fraction of `mps` actually used, a margin for network jitter (default 0.975). */
  safety?: number;
  /** How far ahead one round reserves send slots (default 250 ms). */
  horizonMs?: number;
  leaseMs?: number;
  /** Retryable errors are retried until created_at + this (default 24 h). */
  retryWindowMs?: number;
  pollMs?: number;
  hooks?: DispatcherHooks;
}

interface Plan {
  row: OutboxRow;
  recipient: Recipient;
  message: OutgoingMessage;
  slotMs: number;
}

/**
 * Answers are recorded together: those that come back within this window share one statement
 * (one commit instead of one per row, the main cost on SQLite), at most RECORD_BATCH of them.
 * A crash in the window only widens the set of answered-but-unrecorded rows, which are leased
 * and may go twice — as before, bounded by the rows in flight.
 */
const RECORD_WINDOW_MS = 10;
const RECORD_BATCH = 250;

interface PendingRecord {
  id: number;
  externalId: string;
  resolve(recorded: boolean): void;
  reject(error: unknown): void;
}

export class OutboxDispatcher extends Worker {
  readonly owner = `dispatch-${randomUUID()}`;
  private readonly intervalUs: number;
  /** How late a send may leave its slot: half the slack that the safety margin leaves per second. */
  private readonly lateToleranceMs: number;
  /** What actually left this process in the last second (see `send`). */
  private readonly window: SlidingWindowCounter;
  /**
   * The background loop (`start`) overlaps rounds: the next round is claimed while this one's
   * last slots and answers are still due, so pacing has no gap between rounds. `runOnce` and
   * `drain` called directly still return only when their round is recorded.
   */
  private pipelined = false;
  private onRoundError: (error: unknown) => void = () => undefined;
  private readonly inFlight = new Set<Promise<void>>();
  /** The last send of a contact still in flight (an earlier round): that contact's next send waits for it. */
  private readonly contactTails = new Map<number, Promise<void>>();
  /** Answers waiting to be recorded together (RECORD_WINDOW_MS). */
  private pendingRecords: PendingRecord[] = [];
  private recordScheduled = false;

  constructor(private readonly o: DispatcherOptions) {
    super(o.pollMs ?? 50);
    this.intervalUs = Math.ceil(1_000_000 / (o.mps * (o.safety ?? 0.975)));
    this.lateToleranceMs = Math.max(1, ((o.mps * this.intervalUs) / 1000 - 1000) / 2);
    this.window = new SlidingWindowCounter({ max: Math.max(1, Math.floor(o.mps * (o.safety ?? 0.975))) });
  }

  override start(onError: (error: unknown) => void): void {
    this.pipelined = true;
    this.onRoundError = onError;
    super.start(onError);
  }

  override async stop(): Promise<void> {
    await super.stop();
    await Promise.allSettled([...this.inFlight]);
    this.pipelined = false;
  }

  override async runOnce(): Promise<number> {
    const { db, clock } = this.o;
    const horizon = this.o.horizonMs ?? 250;
    // Background loop: at most two rounds in flight (the one sending, the one being claimed).
    while (this.pipelined && this.inFlight.size >= 2) await Promise.race(this.inFlight);
    const now = clock.now().getTime();
    const limit = Math.max(1, Math.min(500, Math.ceil((horizon * 1000) / this.intervalUs)));
    const rows = (await outboxRepository.claimDue(db, this.o.dialect, { owner: this.owner, now, leaseMs: this.o.leaseMs ?? 60_000, limit })).sort(
      (a, b) => a.priority - b.priority || a.id - b.id,
    );
    if (rows.length === 0) return 0;
    this.o.hooks?.afterClaim?.(rows);

    const recipients = await outboxRepository.recipients(db, rows.map((r) => r.contact_id));
    const templates = await templateRepository.list(db);
    const plans: Plan[] = [];
    for (const row of rows) {
      const plan = await this.prepare(row, recipients.get(row.contact_id), templates, now);
      if (plan) plans.push(plan);
    }
    // Slots start when they are reserved, not when the rows were claimed: slots already past
    // would all go out at once (a burst over the rate).
    await this.assignSlots(plans, clock.now().getTime());

    const byContact = new Map<number, Plan[]>();
    for (const plan of plans) {
      const queue = byContact.get(plan.row.contact_id);
      if (queue) queue.push(plan);
      else byContact.set(plan.row.contact_id, [plan]);
    }
    const round = Promise.all(
      [...byContact].map(([contactId, queue]) =>
        this.afterEarlierSends(contactId, async () => {
          for (const plan of queue) await this.send(plan);
        }),
      ),
    ).then(() => undefined);
    if (!this.pipelined) {
      await round;
      return rows.length;
    }
    const tracked = round.catch((error: unknown) => this.onRoundError(error));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    // Claim the next round shortly before this round's last slot, so that its slots follow on.
    const lastSlot = plans.reduce((max, p) => Math.max(max, p.slotMs), now);
    const wait = lastSlot - horizon / 2 - clock.now().getTime();
    if (wait > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([tracked, new Promise((resolve) => (timer = setTimeout(resolve, wait)))]);
      clearTimeout(timer);
    }
    return rows.length;
  }

  /** Runs `work` once the contact's sends from an earlier, still running round are done (order per contact). */
  private afterEarlierSends(contactId: number, work: () => Promise<void>): Promise<void> {
    const before = this.contactTails.get(contactId);
    const run = before ? before.then(work) : work();
    const tail = run.catch(() => undefined);
    this.contactTails.set(contactId, tail);
    void tail.then(() => {
      if (this.contactTails.get(contactId) === tail) this.contactTails.delete(contactId);
    });
    return run;
  }

  /** Records a successful answer; answers that come back within RECORD_WINDOW_MS share one statement. */
  private recordSent(id: number, externalId: string): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.pendingRecords.push({ id, externalId, resolve, reject });
      if (this.pendingRecords.length >= RECORD_BATCH) this.flushRecords();
      else if (!this.recordScheduled) {
        this.recordScheduled = true;
        setTimeout(() => this.flushRecords(), RECORD_WINDOW_MS);
      }
    });
  }

  private flushRecords(): void {
    this.recordScheduled = false;
    const batch = this.pendingRecords;
    if (batch.length === 0) return;
    this.pendingRecords = [];
    outboxRepository.markSentMany(this.o.db, this.owner, batch, this.o.clock.now().getTime()).then(
      (recorded) => {
        for (const pending of batch) pending.resolve(recorded.has(pending.id));
      },
      (error: unknown) => {
        for (const pending of batch) pending.reject(error);
      },
    );
  }

  /** Decides what to do before sending; returns a plan, or null when the row was settled. */
  private async prepare(row: OutboxRow, recipient: Recipient | undefined, templates: TemplateRow[], now: number): Promise<Plan | null> {
    const { db } = this.o;
    const channel = this.o.channels[routeChannel(row.channel, recipient, this.o.channels)];
    if (!channel) {
      await outboxRepository.markFinal(db, row.id, this.owner, 'failed', { code: 'unknown_channel', reason: 'unknown_channel', detail: null }, now);
      return null;
    }
    const fallback = (message: OutgoingMessage) => {
      const spec = parseFallback(row.fallback);
      const kind = spec?.serves ?? row.kind;
      const candidates = templates.filter((t) => t.status === 'approved' && (JSON.parse(t.serves) as string[]).includes(kind));
      const template = spec ? pickTemplate(candidates, recipient?.language ?? null) : undefined;
      return template && spec ? templateMessage(template, spec.params, message.replyTo, spec.quick_replies) : null;
    };
    const decision = decideBeforeSend(row, recipient, now, (last, at) => channel.windowState(last, at), fallback);
    if (decision.action === 'final') {
      await outboxRepository.markFinal(db, row.id, this.owner, decision.state, { code: decision.code, reason: decision.reason, detail: null }, now);
      return null;
    }
    if (decision.action === 'defer') {
      await outboxRepository.markDeferred(db, row.id, this.owner, decision.until, decision.reason, now);
      return null;
    }
    if (decision.template) {
      const message = decision.message as Extract<OutgoingMessage, { type: 'template' }>;
      const registered = templates.find((t) => t.name === message.name && t.language === message.language);
      if (registered?.category === 'marketing' && recipient!.marketing_stopped_at !== null) {
        await outboxRepository.markFinal(db, row.id, this.owner, 'failed', { code: 'marketing_stopped', reason: 'marketing_stopped', detail: null }, now);
        return null;
      }
      if (!decision.windowOpen) {
        const releaseAt = await this.countAgainstMessagingLimit(row.contact_id, now);
        if (releaseAt !== null) {
          await outboxRepository.markDeferred(db, row.id, this.owner, releaseAt, 'messaging_limit', now);
          return null;
        }
      }
    }
    return { row, recipient: recipient!, message: decision.message, slotMs: now };
  }

  /** Null when the contact may be sent to; else when a place in the limit frees up. */
  private async countAgainstMessagingLimit(contactId: number, now: number): Promise<number | null> {
    const limit = this.o.messagingLimit;
    if (limit === 'unlimited') return null;
    return this.o.db.transaction().execute(async (trx) => {
      await rateBudgetRepository.ensure(trx, 'messaging_limit', 0);
      await rateBudgetRepository.lockLedger(trx, this.o.dialect === 'postgres');
      const since = now - DAY_MS;
      if (await rateBudgetRepository.isCounted(trx, contactId, since)) return null;
      const usage = await rateBudgetRepository.usage(trx, since);
      if (usage.count >= limit) return (usage.oldestAt ?? now) + DAY_MS + 1;
      await rateBudgetRepository.count(trx, contactId, now);
      return null;
    });
  }

  /**
   * Reserves one slot per plan from the sender's shared budget; while replies are due in this
   * round, broadcasts also take slots from a budget at `broadcastShare` of the rate.
   */
  private async assignSlots(plans: Plan[], now: number): Promise<void> {
    if (plans.length === 0) return;
    const nowUs = now * 1000;
    const senderKey = `sender:${this.o.sender}`;
    await rateBudgetRepository.ensure(this.o.db, senderKey, nowUs);
    const sender = await rateBudgetRepository.reserve(this.o.db, senderKey, nowUs, plans.length, this.intervalUs);
    plans.forEach((plan, i) => (plan.slotMs = (sender.firstUs + i * sender.intervalUs) / 1000));
    const broadcasts = plans.filter((p) => p.row.kind === 'broadcast');
    if (broadcasts.length === 0 || broadcasts.length === plans.length) return;
    const shareKey = `broadcast:${this.o.sender}`;
    const shareInterval = Math.ceil(this.intervalUs / (this.o.broadcastShare ?? 0.8));
    await rateBudgetRepository.ensure(this.o.db, shareKey, nowUs);
    const share = await rateBudgetRepository.reserve(this.o.db, shareKey, nowUs, broadcasts.length, shareInterval);
    broadcasts.forEach((plan, i) => (plan.slotMs = Math.max(plan.slotMs, (share.firstUs + i * share.intervalUs) / 1000)));
  }

  /**
   * Waits for the plan's slot: never before it (a timer may fire early), and a slot missed by more
   * than `lateToleranceMs` (the process stalled: GC, a busy CPU, a slow query) is not used late —
   * sent right before the slots that follow, it would crowd Meta's sliding second above the rate
   * (130429). A fresh slot is reserved from the shared budget instead.
   */
  private async waitForSlot(plan: Plan): Promise<void> {
    const { db, clock } = this.o;
    for (let reserved = 0; ; reserved++) {
      let now = clock.now().getTime();
      while (now < plan.slotMs) {
        await sleep(plan.slotMs - now);
        now = clock.now().getTime();
      }
      if (now - plan.slotMs <= this.lateToleranceMs || reserved === 3) return;
      const slot = await rateBudgetRepository.reserve(db, `sender:${this.o.sender}`, now * 1000, 1, this.intervalUs);
      plan.slotMs = slot.firstUs / 1000;
    }
  }

  private async send(plan: Plan): Promise<void> {
    const { db, clock } = this.o;
    await this.waitForSlot(plan);
    // A send that comes late (the event loop was busy: a claim, GC) must not catch up in a burst:
    // Meta counts any sliding second, so at most mps × safety sends leave this process per second.
    for (let next = this.window.take(clock.now().getTime()); !next.ok; next = this.window.take(clock.now().getTime())) await sleep(next.waitMs);
    const channel = this.o.channels[routeChannel(plan.row.channel, plan.recipient, this.o.channels)]!;
    const to = { phone: plan.recipient.phone ?? undefined, userId: plan.recipient.user_id ?? undefined, email: plan.recipient.email ?? undefined };
    const result = await channel.send(to, plan.message, { correlation: `outbox:${plan.row.id}` });
    this.o.hooks?.afterAnswer?.(plan.row);
    if (result.ok) {
      const recorded = await this.recordSent(plan.row.id, result.externalId);
      if (!recorded) this.o.log.warn({ outbox_id: plan.row.id }, 'send recorded after the lease was lost');
      if (plan.recipient.pair_backoff_level > 0) await contactRepository.update(db, plan.row.contact_id, { pair_backoff_level: 0, pair_backoff_until: null });
      this.o.hooks?.afterRecord?.(plan.row);
      return;
    }
    const now = clock.now().getTime();
    const error = toOutboxError(result.error);
    const retryUntil = plan.row.retry_until ?? plan.row.created_at + (this.o.retryWindowMs ?? DAY_MS);
    const next = decideAfterError(result.error, plan.row, plan.recipient, now, retryUntil);
    switch (next.action) {
      case 'retry':
        if (next.slowDown) await rateBudgetRepository.slowDown(db, `sender:${this.o.sender}`, now + 10_000);
        await outboxRepository.markRetry(db, plan.row.id, this.owner, next.at, error, now);
        break;
      case 'defer_recipient':
        await contactRepository.update(db, plan.row.contact_id, { pair_backoff_until: next.until, pair_backoff_level: next.level });
        await outboxRepository.markDeferred(db, plan.row.id, this.owner, next.until, 'pair_rate', now);
        break;
      case 'fail':
        this.o.log.info({ outbox_id: plan.row.id, code: error.code, reason: error.reason }, 'send failed');
        await outboxRepository.markFinal(db, plan.row.id, this.owner, 'failed', error, now);
        if (next.markUnreachable) await contactRepository.update(db, plan.row.contact_id, { unreachable_since: now });
        if (next.stopMarketing) await contactRepository.update(db, plan.row.contact_id, { marketing_stopped_at: now });
        break;
    }
    this.o.hooks?.afterRecord?.(plan.row);
  }
}

/** A contact known only by a confirmed e-mail address (web form, issue 14) is sent to by e-mail. */
function routeChannel(channel: string, recipient: Recipient | undefined, channels: Record<string, ChannelPort>): string {
  return recipient && !recipient.phone && !recipient.user_id && recipient.email && channels.email ? 'email' : channel;
}

/**
 * Processes stored inbound events off the request (decision 4): one event per lane at a time,
 * in timestamp order, across instances; each event in one transaction with its effects; a
 * failure is retried with backoff and ends in the dead-letter state, never lost.
 */
import { randomUUID } from 'node:crypto';
import type { InboundEvent } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { InboundEventRow } from '../../db/schema.js';
import type { Dialect } from '../../db/sql.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../lib/log.js';
import { Worker } from '../../lib/worker.js';
import { inboundRepository } from './inbound.repository.js';
import { parseStoredEvent } from './inbound.sink.js';

/** What a handler does with an event, inside the event's transaction. */
export type InboundHandler = (trx: Database, event: InboundEvent, row: InboundEventRow) => Promise<void>;

/** Thrown by a handler that needs to see the event again later (not a fault). */
export class RetryLater extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RetryLater';
  }
}

export interface InboundProcessorOptions {
  db: Database;
  dialect: Dialect;
  clock: Clock;
  log: Logger;
  handle: InboundHandler;
  /** Work before the event's transaction that waits on the network (a photo's download, issue 11), so no transaction does. */
  prepare?: (event: InboundEvent) => Promise<void>;
  /** Default 1,000 ms: how long a new event waits for a late, earlier event of its lane. */
  holdBackMs?: number;
  leaseMs?: number;
  batchSize?: number;
  maxAttempts?: number;
  /** Idle polling interval of the background loop. */
  pollMs?: number;
  concurrency?: number;
  /**
   * Events per transaction. Default 25 on PostgreSQL (round trips and commits are the cost);
   * 1 on SQLite (one in-process connection: a long transaction that read first could fail to
   * write when another handle, e.g. the CLI, wrote meanwhile).
   */
  eventsPerTransaction?: number;
}

export class InboundProcessor extends Worker {
  readonly owner = `inbound-${randomUUID()}`;
  private readonly holdBackMs: number;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly concurrency: number;
  private readonly eventsPerTransaction: number;
  private lastYield = 0;

  constructor(private readonly o: InboundProcessorOptions) {
    super(o.pollMs ?? 200);
    this.holdBackMs = o.holdBackMs ?? 1000;
    this.leaseMs = o.leaseMs ?? 60_000;
    this.batchSize = o.batchSize ?? (o.dialect === 'postgres' ? 100 : 50);
    this.maxAttempts = o.maxAttempts ?? 10;
    this.concurrency = o.concurrency ?? (o.dialect === 'postgres' ? 4 : 1);
    this.eventsPerTransaction = o.eventsPerTransaction ?? (o.dialect === 'postgres' ? 25 : 1);
  }

  private nudgeTimer: NodeJS.Timeout | null = null;

  /**
   * New events are claimable only after the hold-back, so a nudge on storing wakes the loop then,
   * once for all events stored meanwhile (not once per webhook: a claim per webhook was most of
   * the work under a burst of status webhooks).
   */
  nudgeAfterHoldBack(): void {
    if (this.nudgeTimer) return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = null;
      this.nudge();
    }, this.holdBackMs);
    this.nudgeTimer.unref();
  }

  override async stop(): Promise<void> {
    if (this.nudgeTimer) clearTimeout(this.nudgeTimer);
    this.nudgeTimer = null;
    await super.stop();
  }

  /** Claims and processes one batch; returns how many events were handled. */
  override async runOnce(): Promise<number> {
    const rows = await inboundRepository.claim(this.o.db, this.o.dialect, {
      owner: this.owner,
      now: this.o.clock.now().getTime(),
      leaseMs: this.leaseMs,
      holdBackMs: this.holdBackMs,
      limit: this.batchSize,
    });
    const groups: InboundEventRow[][] = [];
    for (let i = 0; i < rows.length; i += this.eventsPerTransaction) groups.push(rows.slice(i, i + this.eventsPerTransaction));
    let next = 0;
    const lanes = Array.from({ length: Math.min(this.concurrency, groups.length) }, async () => {
      while (next < groups.length) {
        await this.processGroup(groups[next++]!);
        // SQLite answers synchronously: a chain of awaited queries never lets the event loop
        // reach its I/O phase, so a whole round would hold every waiting webhook request. Every
        // few milliseconds of work, waiting I/O is served first.
        if (performance.now() - this.lastYield >= YIELD_EVERY_MS) {
          await yieldToIo();
          this.lastYield = performance.now();
        }
      }
    });
    await Promise.all(lanes);
    return rows.length;
  }

  /**
   * Several events in one transaction: one commit for the group (under a burst of status
   * webhooks the commits and round trips, not the work, were the limit). Claimed events are lane
   * heads, so no two events of a lane are ever in one group. If any event of the group fails, the
   * whole group is rolled back and each event runs again in a transaction of its own, so a
   * failure is recorded for that event alone and the others' effects are applied exactly once.
   */
  private async processGroup(rows: InboundEventRow[]): Promise<void> {
    if (rows.length > 1) {
      try {
        const events = rows.map((row) => parseStoredEvent(row.payload));
        for (const event of events) await this.o.prepare?.(event); // I/O before the transaction
        await this.o.db.transaction().execute(async (trx) => {
          for (const [i, row] of rows.entries()) await this.handleIn(trx, row, events[i]!);
        });
        return;
      } catch {
        // one of them failed: each on its own below
      }
    }
    for (const row of rows) await this.processOne(row);
  }

  private async processOne(row: InboundEventRow): Promise<void> {
    try {
      const event = parseStoredEvent(row.payload);
      await this.o.prepare?.(event);
      await this.o.db.transaction().execute((trx) => this.handleIn(trx, row, event));
    } catch (error) {
      await this.recordFailure(row, error);
    }
  }

  /** The event's effects and its done mark, in the caller's transaction. */
  private async handleIn(trx: Database, row: InboundEventRow, event: InboundEvent): Promise<void> {
    await this.o.handle(trx, event, row);
    const done = await inboundRepository.markDone(trx, row.id, this.owner, this.o.clock.now().getTime());
    if (!done) throw new Error('lease lost');
  }

  private async recordFailure(row: InboundEventRow, error: unknown): Promise<void> {
    const now = this.o.clock.now().getTime();
    const retryLater = error instanceof RetryLater;
    const message = safeMessage(error);
    const dead = row.attempts >= this.maxAttempts;
    if (!retryLater || dead) {
      this.o.log.warn({ event_id: row.id, kind: row.kind, attempts: row.attempts, dead, error: message }, 'inbound event failed');
    }
    await inboundRepository.markFailed(this.o.db, row.id, this.owner, {
      state: dead ? 'dead' : 'pending',
      availableAt: now + backoffMs(row.attempts),
      error: message,
    });
  }
}

/** 1 s, 2 s, 4 s … capped at 10 minutes, with ±20 % jitter. */
export function backoffMs(attempt: number): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempt - 1), 600_000);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** An error text fit for logs and the dead-letter view: no SQL values, no personal data. */
function safeMessage(error: unknown): string {
  if (error instanceof RetryLater) return `retry: ${error.message}`;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${typeof code === 'string' ? ` (${code})` : ''}: ${error.message.split('\n')[0]!.slice(0, 200)}`;
  }
  return 'unknown error';
}

/** How much processing may run before waiting I/O (webhook requests) is served. */
const YIELD_EVERY_MS = 4;

/** Lets the event loop serve waiting I/O (requests, timers) before going on. */
function yieldToIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

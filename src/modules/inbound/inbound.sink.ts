/**
 * Stores verified, normalised events before the webhook is answered (decision 4).
 * Events the product cannot use are kept with their reason and state `ignored`.
 */
import type { InboundEvent, InboundSink } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { eventKey, inboundRepository, type NewInboundEvent } from './inbound.repository.js';

/** The most rows one statement stores (SQLite allows 32,766 bound values; a row has 11). */
const MAX_BATCH_ROWS = 500;

interface Waiting {
  rows: NewInboundEvent[];
  resolve(stored: number): void;
  reject(error: unknown): void;
}

/**
 * Group commit: webhooks that arrive while a write is in progress are stored together in the
 * next statement, and each is answered only after its rows are committed. Idle, a webhook is
 * written at once (no added wait); under load, one statement serves many webhooks. A batch that
 * fails is written again one webhook at a time, so a fault answers only its own webhook 500.
 */
export function createInboundSink(deps: { db: Database; clock: Clock; onStored?: () => void }): InboundSink {
  const queue: Waiting[] = [];
  let writing = false;

  async function write(batch: Waiting[]): Promise<void> {
    const rows = batch.flatMap((w) => w.rows);
    try {
      const stored = await inboundRepository.insertNew(deps.db, dedupeRows(rows));
      for (const w of batch) {
        let count = 0;
        for (const row of w.rows) if (stored.delete(eventKey(row))) count++; // a key counts for its first webhook only
        w.resolve(count);
      }
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const w of batch) await write([w]);
    }
  }

  async function drain(): Promise<void> {
    writing = true;
    try {
      while (queue.length > 0) {
        const batch: Waiting[] = [];
        let size = 0;
        while (queue.length > 0 && (batch.length === 0 || size + queue[0]!.rows.length <= MAX_BATCH_ROWS)) {
          const next = queue.shift()!;
          size += next.rows.length;
          batch.push(next);
        }
        await write(batch);
      }
    } finally {
      writing = false;
    }
  }

  return {
    async accept(channel: string, events: InboundEvent[]) {
      const receivedAt = deps.clock.now().getTime();
      const rows: NewInboundEvent[] = dedupeWithinBatch(events).map((event) => ({
        channel,
        dedupe_key: event.key,
        kind: event.kind,
        order_key: event.orderKey,
        event_at: validTime(event.at, receivedAt),
        received_at: receivedAt,
        payload: JSON.stringify(event),
        state: event.kind === 'ignored' ? 'ignored' : 'pending',
        ignored_reason: event.kind === 'ignored' ? event.reason : null,
      }));
      if (rows.length === 0) return { stored: 0, duplicates: events.length };
      const stored = await new Promise<number>((resolve, reject) => {
        queue.push({ rows, resolve, reject });
        if (!writing) void drain();
      });
      if (stored > 0) deps.onStored?.();
      return { stored, duplicates: events.length - stored };
    },
  };
}

/** Rows of one statement: a key twice (Meta retried a webhook while the first was stored) is stored once. */
function dedupeRows(rows: NewInboundEvent[]): NewInboundEvent[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(eventKey(r)) ? false : (seen.add(eventKey(r)), true)));
}

/** Reads an event back from its stored JSON. */
export function parseStoredEvent(payload: string): InboundEvent {
  const event = JSON.parse(payload) as InboundEvent & { at: string };
  return { ...event, at: new Date(event.at) } as InboundEvent;
}

function dedupeWithinBatch(events: InboundEvent[]): InboundEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => (seen.has(e.key) ? false : (seen.add(e.key), true)));
}

function validTime(at: Date, fallback: number): number {
  const ms = at instanceof Date ? at.getTime() : Number.NaN;
  return Number.isFinite(ms) ? ms : fallback;
}

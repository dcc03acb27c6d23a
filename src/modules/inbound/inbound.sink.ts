/**
 * Stores verified, normalised events before the webhook is answered (decision 4).
 * Events the product cannot use are kept with their reason and state `ignored`.
 */
import type { InboundEvent, InboundSink } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { inboundRepository, type NewInboundEvent } from './inbound.repository.js';

export function createInboundSink(deps: { db: Database; clock: Clock; onStored?: () => void }): InboundSink {
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
      const stored = await inboundRepository.insertMany(deps.db, rows);
      if (stored > 0) deps.onStored?.();
      return { stored, duplicates: events.length - stored };
    },
  };
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

/**
 * Inbound claim in timestamp order (issue 6): the processor reads pending events by
 * (event_at, id) and stops after a batch of lane heads; this index lets it walk them in order
 * instead of sorting every pending event on each claim (under load the backlog grew faster than
 * it drained, each claim slower than the last).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('inbound_event_next').on('inbound_event').columns(['state', 'event_at', 'id']).execute();
  // (state, available_at) led both databases' planners to read and sort every pending event.
  await db.schema.dropIndex('inbound_event_due').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('inbound_event_due').on('inbound_event').columns(['state', 'available_at']).execute();
  await db.schema.dropIndex('inbound_event_next').execute();
}

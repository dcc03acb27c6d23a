/**
 * Inbound events (decision 4): stored deduplicated before the webhook is answered, then
 * claimed one per lane (order key) in timestamp order, with a lease, by any instance.
 */
import type { Kysely } from 'kysely';
import type { DB, InboundEventRow, InboundEventState } from '../../db/schema.js';
import { skipLocked, type Dialect } from '../../db/sql.js';

type Executor = Kysely<DB>;

export interface NewInboundEvent {
  channel: string;
  dedupe_key: string;
  kind: string;
  order_key: string;
  event_at: number;
  received_at: number;
  payload: string;
  state: InboundEventState;
  ignored_reason: string | null;
}

export interface ClaimOptions {
  owner: string;
  now: number;
  leaseMs: number;
  /** Events younger than this wait, so that a late earlier event of the same lane can still arrive. */
  holdBackMs: number;
  limit: number;
}

/** An event's identity: its channel and the channel's dedupe key. */
export function eventKey(e: { channel: string; dedupe_key: string }): string {
  return `${e.channel}\u0000${e.dedupe_key}`;
}

export const inboundRepository = {
  /** Inserts events; a key seen before is skipped. Returns the keys (`eventKey`) of the new ones. */
  async insertNew(db: Executor, events: NewInboundEvent[]): Promise<Set<string>> {
    if (events.length === 0) return new Set();
    const rows = await db
      .insertInto('inbound_event')
      .values(events.map((e) => ({ ...e, attempts: 0, available_at: e.received_at })))
      .onConflict((oc) => oc.columns(['channel', 'dedupe_key']).doNothing())
      .returning(['channel', 'dedupe_key'])
      .execute();
    return new Set(rows.map(eventKey));
  },

  /**
   * Leases the heads of lanes: pending, due events with no earlier pending event of the same
   * order key. A lane's head stays leased while it is processed, so no two workers ever hold
   * two events of one lane.
   */
  async claim(db: Executor, dialect: Dialect, o: ClaimOptions): Promise<InboundEventRow[]> {
    const heads = skipLocked(
      dialect,
      db
        .selectFrom('inbound_event as e')
        .select('e.id')
        .where('e.state', '=', 'pending')
        .where('e.available_at', '<=', o.now)
        .where('e.received_at', '<=', o.now - o.holdBackMs)
        .where((eb) => eb.or([eb('e.lease_until', 'is', null), eb('e.lease_until', '<', o.now)]))
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('inbound_event as x')
                .select('x.id')
                .whereRef('x.order_key', '=', 'e.order_key')
                .where('x.state', '=', 'pending')
                .where((w) =>
                  w.or([
                    w('x.event_at', '<', w.ref('e.event_at')),
                    w.and([w('x.event_at', '=', w.ref('e.event_at')), w('x.id', '<', w.ref('e.id'))]),
                  ]),
                ),
            ),
          ),
        )
        .orderBy('e.event_at')
        .orderBy('e.id')
        .limit(o.limit),
    );
    return db
      .updateTable('inbound_event')
      .set((eb) => ({ lease_owner: o.owner, lease_until: o.now + o.leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', heads)
      .returningAll()
      .execute();
  },

  /** Marks a leased event processed; false when the lease was lost to another worker. */
  async markDone(db: Executor, id: number, owner: string, now: number): Promise<boolean> {
    const result = await db
      .updateTable('inbound_event')
      .set({ state: 'done', processed_at: now, lease_owner: null, lease_until: null, last_error: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** Records a failed attempt: back to pending after a delay, or dead when out of attempts. */
  async markFailed(db: Executor, id: number, owner: string, next: { state: 'pending' | 'dead'; availableAt: number; error: string }): Promise<void> {
    await db
      .updateTable('inbound_event')
      .set({ state: next.state, available_at: next.availableAt, last_error: next.error, lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  },

  /** Dead-lettered events, newest first (the dead-letter view). */
  async listDead(db: Executor, limit: number): Promise<InboundEventRow[]> {
    return db.selectFrom('inbound_event').selectAll().where('state', '=', 'dead').orderBy('id', 'desc').limit(limit).execute();
  },

  /** Puts a dead event back in its lane for another round of attempts. */
  async requeue(db: Executor, id: number, now: number): Promise<boolean> {
    const result = await db
      .updateTable('inbound_event')
      .set({ state: 'pending', attempts: 0, available_at: now, last_error: null })
      .where('id', '=', id)
      .where('state', '=', 'dead')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  async findById(db: Executor, id: number): Promise<InboundEventRow | undefined> {
    return db.selectFrom('inbound_event').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Counts per state (metrics). */
  async countByState(db: Executor): Promise<Record<string, number>> {
    const rows = await db
      .selectFrom('inbound_event')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  },

  /** Received time of the oldest pending event (backlog age), or null. */
  async oldestPendingAt(db: Executor): Promise<number | null> {
    const row = await db
      .selectFrom('inbound_event')
      .select((eb) => eb.fn.min<number>('received_at').as('at'))
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return row?.at == null ? null : Number(row.at);
  },
};

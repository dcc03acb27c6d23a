/**
 * Broadcasts and the figures over their outbox rows. One query per method; every method takes
 * the transaction (or database) to run in.
 */
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { BroadcastRow, BroadcastStatus, BroadcastTable, DB } from '../../db/schema.js';

type Executor = Kysely<DB>;

/** One group of a broadcast's audience: language, the number's first two digits, window state. */
export interface AudienceGroup {
  language: string | null;
  prefix: string | null;
  window_open: boolean;
  n: number;
}

/** One group of a broadcast's outbox rows. */
export interface RowGroup {
  broadcast_id: number;
  state: string;
  reason: string | null;
  follow_up: boolean;
  template: boolean;
  n: number;
}

/** Delivered or read messages Meta reported as `regular` (charged), by category and number prefix. */
export interface CostGroup {
  broadcast_id: number;
  category: string;
  prefix: string | null;
  n: number;
}

export const FOLLOW_UP_CAUSE = 'broadcast_follow_up';

export const broadcastRepository = {
  async insert(db: Executor, row: Insertable<BroadcastTable>): Promise<number> {
    const { id } = await db.insertInto('broadcast').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  },

  async findById(db: Executor, id: number): Promise<BroadcastRow | undefined> {
    return db.selectFrom('broadcast').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async list(db: Executor, o: { statuses?: BroadcastStatus[]; limit: number }): Promise<BroadcastRow[]> {
    return db
      .selectFrom('broadcast')
      .selectAll()
      .$if((o.statuses?.length ?? 0) > 0, (q) => q.where('status', 'in', o.statuses!))
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(o.limit)
      .execute();
  },

  /** Sent notices for the public archive, newest first. */
  async listPublished(db: Executor, limit: number): Promise<BroadcastRow[]> {
    return db.selectFrom('broadcast').selectAll().where('status', 'in', ['sending', 'sent']).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  },

  async update(db: Executor, id: number, patch: Updateable<BroadcastTable>): Promise<void> {
    await db.updateTable('broadcast').set(patch).where('id', '=', id).execute();
  },

  /** Moves a broadcast from one of `from` to a new status; false when it was not in `from` (a race or a second request). */
  async transition(db: Executor, id: number, from: BroadcastStatus[], patch: Updateable<BroadcastTable> & { status: BroadcastStatus }): Promise<boolean> {
    const r = await db.updateTable('broadcast').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /** Scheduled broadcasts whose time has come. */
  async dueScheduled(db: Executor, now: number): Promise<number[]> {
    const rows = await db.selectFrom('broadcast').select('id').where('status', '=', 'scheduled').where('scheduled_at', '<=', now).orderBy('scheduled_at').execute();
    return rows.map((r) => Number(r.id));
  },

  /** Sending broadcasts none of whose rows wait or are being sent any more. */
  async finishedSending(db: Executor): Promise<number[]> {
    const rows = await db
      .selectFrom('broadcast as b')
      .select('b.id')
      .where('b.status', '=', 'sending')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('outbox as o').select('o.id').whereRef('o.broadcast_id', '=', 'b.id').where('o.state', 'in', ['queued', 'sending']))))
      .execute();
    return rows.map((r) => Number(r.id));
  },

  /** The audience of topics (distinct reachable subscribers), grouped for the estimate. */
  async audience(db: Executor, topicIds: number[], windowOpenSince: number): Promise<AudienceGroup[]> {
    if (topicIds.length === 0) return [];
    const rows = await db
      .selectFrom('contact as c')
      .select([
        'c.language',
        sql<string | null>`substr(c.phone, 1, 2)`.as('prefix'),
        sql<number>`case when c.last_inbound_at >= ${sql.lit(windowOpenSince)} then 1 else 0 end`.as('window_open'),
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('c.unreachable_since', 'is', null)
      .where((eb) => eb.exists(eb.selectFrom('subscription as s').select('s.contact_id').whereRef('s.contact_id', '=', 'c.id').where('s.topic_id', 'in', topicIds)))
      .groupBy(['c.language', sql`substr(c.phone, 1, 2)`, sql`case when c.last_inbound_at >= ${sql.lit(windowOpenSince)} then 1 else 0 end`])
      .execute();
    return rows.map((r) => ({ language: r.language, prefix: r.prefix, window_open: Number(r.window_open) === 1, n: Number(r.n) }));
  },

  /** The broadcasts' outbox rows by state and reason (rows replaced by a fallback count once, as their replacement). */
  async rowGroups(db: Executor, broadcastIds: number[]): Promise<RowGroup[]> {
    if (broadcastIds.length === 0) return [];
    const followUp = sql<number>`case when cause = ${sql.lit(FOLLOW_UP_CAUSE)} then 1 else 0 end`;
    const template = sql<number>`case when payload like '%"type":"template"%' or pricing_category in ('utility', 'marketing', 'authentication') then 1 else 0 end`;
    const rows = await db
      .selectFrom('outbox')
      .select(['broadcast_id', 'state', 'error_reason', followUp.as('follow_up'), template.as('template'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('broadcast_id', 'in', broadcastIds)
      .where('replaced_by', 'is', null)
      .groupBy(['broadcast_id', 'state', 'error_reason', followUp, template])
      .execute();
    return rows.map((r) => ({ broadcast_id: Number(r.broadcast_id), state: r.state, reason: r.error_reason, follow_up: Number(r.follow_up) === 1, template: Number(r.template) === 1, n: Number(r.n) }));
  },

  /** Charged messages (pricing type `regular`, delivered or read) by broadcast, Meta's category and the number's prefix. */
  async costGroups(db: Executor, broadcastIds: number[]): Promise<CostGroup[]> {
    if (broadcastIds.length === 0) return [];
    const prefix = sql<string | null>`substr(c.phone, 1, 2)`;
    const rows = await db
      .selectFrom('outbox as o')
      .innerJoin('contact as c', 'c.id', 'o.contact_id')
      .select(['o.broadcast_id', 'o.pricing_category', prefix.as('prefix'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('o.broadcast_id', 'in', broadcastIds)
      .where('o.pricing_type', '=', 'regular')
      .where('o.state', 'in', ['delivered', 'read'])
      .groupBy(['o.broadcast_id', 'o.pricing_category', prefix])
      .execute();
    return rows.map((r) => ({ broadcast_id: Number(r.broadcast_id), category: r.pricing_category ?? 'unknown', prefix: r.prefix, n: Number(r.n) }));
  },
};

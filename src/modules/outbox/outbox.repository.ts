/**
 * The outbox (decision 6): every outgoing message is a row written in the same transaction as
 * its cause; dispatchers claim due rows by priority with a lease; delivery statuses move a row
 * forward only.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, NewOutboxRow, OutboxRow } from '../../db/schema.js';
import { skipLocked, type Dialect } from '../../db/sql.js';
import type { Recipient } from './dispatch.decisions.js';

type Executor = Kysely<DB>;

export interface OutboxError {
  code: string;
  reason: string;
  detail: string | null;
}

export const outboxRepository = {
  async insert(db: Executor, row: NewOutboxRow): Promise<number> {
    const { id } = await db.insertInto('outbox').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  },

  /**
   * Leases due rows (queued and due, or sending with an expired lease), by priority then age.
   * Each kind of candidate is read in the order of the `outbox_due` index (state, priority,
   * available_at) and limited on its own, so a claim reads about `limit` index entries however
   * long the queue is (an OR of both kinds made SQLite sort every due row, each round).
   */
  async claimDue(db: Executor, dialect: Dialect, o: { owner: string; now: number; leaseMs: number; limit: number }): Promise<OutboxRow[]> {
    const queued = skipLocked(
      dialect,
      db
        .selectFrom('outbox')
        .select(['id', 'priority'])
        .where('state', '=', 'queued')
        .where('available_at', '<=', o.now)
        .orderBy('priority')
        .orderBy('available_at')
        .orderBy('id')
        .limit(o.limit),
    );
    const expired = skipLocked(
      dialect,
      db.selectFrom('outbox').select(['id', 'priority']).where('state', '=', 'sending').where('lease_until', '<', o.now).orderBy('priority').orderBy('id').limit(o.limit),
    );
    const due = db
      .selectFrom(
        db
          .selectFrom(queued.as('q'))
          .select(['q.id', 'q.priority'])
          .unionAll(db.selectFrom(expired.as('x')).select(['x.id', 'x.priority']))
          .as('due'),
      )
      .select('due.id')
      .orderBy('due.priority')
      .orderBy('due.id')
      .limit(o.limit);
    return db
      .updateTable('outbox')
      .set((eb) => ({ state: 'sending', lease_owner: o.owner, lease_until: o.now + o.leaseMs, attempts: eb('attempts', '+', 1), updated_at: o.now }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
  },

  /** What the dispatcher needs to know of the given contacts. */
  async recipients(db: Executor, contactIds: number[]): Promise<Map<number, Recipient>> {
    if (contactIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('contact')
      .select(['id', 'phone', 'user_id', 'language', 'last_inbound_at', 'unreachable_since', 'marketing_stopped_at', 'pair_backoff_until', 'pair_backoff_level', 'email', 'email_confirmed_at'])
      .where('id', 'in', [...new Set(contactIds)])
      .execute();
    // An e-mail address counts only once confirmed by its one-time link (issue 14).
    return new Map(rows.map(({ id, email, email_confirmed_at, ...r }) => [id, { ...r, email: email_confirmed_at !== null ? email : null, pair_backoff_level: Number(r.pair_backoff_level ?? 0) }]));
  },

  /** Puts a leased row back to wait (not an error: pair-rate backoff, messaging limit). */
  async markDeferred(db: Executor, id: number, owner: string, availableAt: number, reason: string, now: number): Promise<void> {
    await db
      .updateTable('outbox')
      .set((eb) => ({ state: 'queued', available_at: availableAt, error_reason: reason, updated_at: now, lease_owner: null, lease_until: null, attempts: eb('attempts', '-', 1) }))
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  },

  async findByExternalId(db: Executor, externalId: string): Promise<OutboxRow | undefined> {
    return db.selectFrom('outbox').selectAll().where('external_id', '=', externalId).executeTakeFirst();
  },

  async setReplacedBy(db: Executor, id: number, replacement: number): Promise<void> {
    await db.updateTable('outbox').set({ replaced_by: replacement }).where('id', '=', id).execute();
  },

  async markSent(db: Executor, id: number, owner: string, externalId: string, now: number): Promise<boolean> {
    const r = await db
      .updateTable('outbox')
      .set({ state: 'sent', external_id: externalId, sent_at: now, updated_at: now, lease_owner: null, lease_until: null, error_code: null, error_reason: null, error_detail: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'sending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  /**
   * Records several answers in one statement (one commit instead of one per row); returns the ids
   * recorded — a row whose lease was lost to another instance is not among them.
   */
  async markSentMany(db: Executor, owner: string, sent: { id: number; externalId: string }[], now: number): Promise<Set<number>> {
    if (sent.length === 0) return new Set();
    const externalId = sql<string>`case ${sql.ref('id')} ${sql.join(
      sent.map((s) => sql`when ${s.id} then ${s.externalId}`),
      sql` `,
    )} end`;
    const rows = await db
      .updateTable('outbox')
      .set({ state: 'sent', external_id: externalId, sent_at: now, updated_at: now, lease_owner: null, lease_until: null, error_code: null, error_reason: null, error_detail: null })
      .where(
        'id',
        'in',
        sent.map((s) => s.id),
      )
      .where('lease_owner', '=', owner)
      .where('state', '=', 'sending')
      .returning('id')
      .execute();
    return new Set(rows.map((r) => Number(r.id)));
  },

  async markRetry(db: Executor, id: number, owner: string, availableAt: number, error: OutboxError, now: number): Promise<void> {
    await db
      .updateTable('outbox')
      .set({ state: 'queued', available_at: availableAt, updated_at: now, lease_owner: null, lease_until: null, error_code: error.code, error_reason: error.reason, error_detail: error.detail })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  },

  /** Ends a leased row as failed or expired. */
  async markFinal(db: Executor, id: number, owner: string, state: 'failed' | 'expired', error: OutboxError, now: number): Promise<void> {
    await db
      .updateTable('outbox')
      .set({ state, failed_at: now, updated_at: now, lease_owner: null, lease_until: null, error_code: error.code, error_reason: error.reason, error_detail: error.detail })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  },

  /** delivered: fills delivered_at, moves sent → delivered; never backwards. Returns rows matched. */
  async applyDelivered(db: Executor, externalId: string, at: number, pricing: { category: string | null; type: string | null }): Promise<number> {
    const r = await db
      .updateTable('outbox')
      .set((eb) => ({
        state: eb.case().when('state', 'in', ['sending', 'sent']).then('delivered' as const).else(eb.ref('state')).end(),
        delivered_at: eb.fn.coalesce('delivered_at', eb.val(at)),
        pricing_category: eb.fn.coalesce(eb.val(pricing.category), 'pricing_category'),
        pricing_type: eb.fn.coalesce(eb.val(pricing.type), 'pricing_type'),
        updated_at: at,
      }))
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** read (or played): implies delivered; never backwards from failed. */
  async applyRead(db: Executor, externalId: string, at: number, pricing: { category: string | null; type: string | null }): Promise<number> {
    const r = await db
      .updateTable('outbox')
      .set((eb) => ({
        state: eb.case().when('state', 'in', ['sending', 'sent', 'delivered']).then('read' as const).else(eb.ref('state')).end(),
        delivered_at: eb.fn.coalesce('delivered_at', eb.val(at)),
        read_at: eb.fn.coalesce('read_at', eb.val(at)),
        pricing_category: eb.fn.coalesce(eb.val(pricing.category), 'pricing_category'),
        pricing_type: eb.fn.coalesce(eb.val(pricing.type), 'pricing_type'),
        updated_at: at,
      }))
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** sent (from the webhook): only pricing, the state is already sent or further. */
  async applySentPricing(db: Executor, externalId: string, pricing: { category: string | null; type: string | null }): Promise<number> {
    const r = await db
      .updateTable('outbox')
      .set((eb) => ({
        pricing_category: eb.fn.coalesce(eb.val(pricing.category), 'pricing_category'),
        pricing_type: eb.fn.coalesce(eb.val(pricing.type), 'pricing_type'),
      }))
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** failed (asynchronous): only from sending/sent; a delivered or read message stays so. */
  async applyFailed(db: Executor, externalId: string, at: number, error: OutboxError): Promise<number> {
    const r = await db
      .updateTable('outbox')
      .set((eb) => ({
        state: eb.case().when('state', 'in', ['sending', 'sent']).then('failed' as const).else(eb.ref('state')).end(),
        failed_at: eb.case().when('state', 'in', ['sending', 'sent']).then(at).else(eb.ref('failed_at')).end(),
        error_code: eb.case().when('state', 'in', ['sending', 'sent']).then(error.code).else(eb.ref('error_code')).end(),
        error_reason: eb.case().when('state', 'in', ['sending', 'sent']).then(error.reason).else(eb.ref('error_reason')).end(),
        error_detail: eb.case().when('state', 'in', ['sending', 'sent']).then(error.detail).else(eb.ref('error_detail')).end(),
        updated_at: at,
      }))
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  async findById(db: Executor, id: number): Promise<OutboxRow | undefined> {
    return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async listForContact(db: Executor, contactId: number): Promise<OutboxRow[]> {
    return db.selectFrom('outbox').selectAll().where('contact_id', '=', contactId).orderBy('id').execute();
  },

  /** Counts per channel, state and reason (metrics). */
  async countByStateAndReason(db: Executor): Promise<{ channel: string; state: string; reason: string | null; n: number }[]> {
    const rows = await db
      .selectFrom('outbox')
      .select(['channel', 'state', 'error_reason', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['channel', 'state', 'error_reason'])
      .execute();
    return rows.map((r) => ({ channel: r.channel, state: r.state, reason: r.error_reason, n: Number(r.n) }));
  },

  /** Counts per state of the broadcasts that still have rows to send (metrics). */
  async countActiveBroadcasts(db: Executor): Promise<{ broadcast_id: number; state: string; n: number }[]> {
    const rows = await db
      .selectFrom('outbox')
      .select(['broadcast_id', 'state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('broadcast_id', 'in', (eb) =>
        eb.selectFrom('outbox').select('broadcast_id').where('state', 'in', ['queued', 'sending']).where('broadcast_id', 'is not', null).distinct(),
      )
      .groupBy(['broadcast_id', 'state'])
      .execute();
    return rows.map((r) => ({ broadcast_id: Number(r.broadcast_id), state: r.state, n: Number(r.n) }));
  },

  async countByState(db: Executor): Promise<Record<string, number>> {
    const rows = await db
      .selectFrom('outbox')
      .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('state')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  },

  /** available_at of the oldest due row (queue age), or null. */
  async oldestDueAt(db: Executor, now: number): Promise<number | null> {
    const row = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.min<number>('available_at').as('at'))
      .where('state', '=', 'queued')
      .where('available_at', '<=', now)
      .executeTakeFirst();
    return row?.at == null ? null : Number(row.at);
  },
};

/** In-app notifications and the e-mail queue. One query per method. */
import type { Insertable, Kysely } from 'kysely';
import type { DB, MailOutboxRow, MailOutboxTable, NotificationRow, NotificationTable } from '../../db/schema.js';
import { skipLocked, type Dialect } from '../../db/sql.js';

type Executor = Kysely<DB>;

export const notificationRepository = {
  async insert(db: Executor, row: Insertable<NotificationTable>): Promise<number> {
    const { id } = await db.insertInto('notification').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  },

  /** A user's notifications, newest first (optionally unread only), keyset-paginated by id. */
  async listForUser(db: Executor, userId: number, o: { unreadOnly: boolean; beforeId?: number; limit: number }): Promise<NotificationRow[]> {
    let q = db.selectFrom('notification').selectAll().where('user_id', '=', userId);
    if (o.unreadOnly) q = q.where('read_at', 'is', null);
    if (o.beforeId !== undefined) q = q.where('id', '<', o.beforeId);
    return q.orderBy('id', 'desc').limit(o.limit).execute();
  },

  async countUnread(db: Executor, userId: number): Promise<number> {
    const row = await db
      .selectFrom('notification')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Marks one of the user's notifications read; false when it is not theirs. */
  async markRead(db: Executor, userId: number, id: number, now: number): Promise<boolean> {
    const r = await db
      .updateTable('notification')
      .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(now)) }))
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async markAllRead(db: Executor, userId: number, now: number): Promise<number> {
    const r = await db.updateTable('notification').set({ read_at: now }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  async findForUser(db: Executor, userId: number, id: number): Promise<NotificationRow | undefined> {
    return db.selectFrom('notification').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  },
};

export const mailRepository = {
  async insert(db: Executor, row: Insertable<MailOutboxTable>): Promise<number> {
    const { id } = await db.insertInto('mail_outbox').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  },

  /** Leases due mails (queued and due, or sending with an expired lease). */
  async claimDue(db: Executor, dialect: Dialect, o: { owner: string; now: number; leaseMs: number; limit: number }): Promise<MailOutboxRow[]> {
    const due = skipLocked(
      dialect,
      db
        .selectFrom('mail_outbox')
        .select('id')
        .where((eb) =>
          eb.or([eb.and([eb('state', '=', 'queued'), eb('available_at', '<=', o.now)]), eb.and([eb('state', '=', 'sending'), eb('lease_until', '<', o.now)])]),
        )
        .orderBy('id')
        .limit(o.limit),
    );
    return db
      .updateTable('mail_outbox')
      .set((eb) => ({ state: 'sending', lease_owner: o.owner, lease_until: o.now + o.leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', due)
      .returningAll()
      .execute();
  },

  async markSent(db: Executor, id: number, owner: string, now: number): Promise<void> {
    await db
      .updateTable('mail_outbox')
      .set({ state: 'sent', sent_at: now, lease_owner: null, lease_until: null, last_error: null })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  },

  async markRetry(db: Executor, id: number, owner: string, availableAt: number, error: string): Promise<void> {
    await db
      .updateTable('mail_outbox')
      .set({ state: 'queued', available_at: availableAt, lease_owner: null, lease_until: null, last_error: error })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  },

  async markFailed(db: Executor, id: number, owner: string, error: string): Promise<void> {
    await db
      .updateTable('mail_outbox')
      .set({ state: 'failed', lease_owner: null, lease_until: null, last_error: error })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .execute();
  },

  async list(db: Executor): Promise<MailOutboxRow[]> {
    return db.selectFrom('mail_outbox').selectAll().orderBy('id').execute();
  },
};

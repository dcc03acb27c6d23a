/**
 * Subscriptions (contact × topic) and the consent record behind them (GDPR Art. 7: who agreed
 * to which text version, when, over which channel; withdrawals are rows too, never deletions).
 * One query per method; every method takes the transaction (or database) to run in.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ConsentTable, DB } from '../../db/schema.js';

type Executor = Kysely<DB>;
export type ConsentRow = Selectable<ConsentTable>;

/** The purpose of consents for topic notices. */
export const INFORMATION = 'information';

export const subscriptionRepository = {
  /** Keys of the topics a contact is subscribed to, in topic order. */
  async topicKeys(db: Executor, contactId: number): Promise<string[]> {
    const rows = await db
      .selectFrom('subscription')
      .innerJoin('topic', 'topic.id', 'subscription.topic_id')
      .select('topic.key')
      .where('subscription.contact_id', '=', contactId)
      .orderBy('topic.sort_order')
      .orderBy('topic.id')
      .execute();
    return rows.map((r) => r.key);
  },

  /** Subscribes (a second subscribe is a no-op). */
  async add(db: Executor, contactId: number, topicId: number, now: number): Promise<void> {
    await db
      .insertInto('subscription')
      .values({ contact_id: contactId, topic_id: topicId, created_at: now })
      .onConflict((oc) => oc.columns(['contact_id', 'topic_id']).doNothing())
      .execute();
  },

  async remove(db: Executor, contactId: number, topicId: number): Promise<void> {
    await db.deleteFrom('subscription').where('contact_id', '=', contactId).where('topic_id', '=', topicId).execute();
  },

  /** Ends every subscription of a contact (STOP); returns how many there were. */
  async removeAll(db: Executor, contactId: number): Promise<number> {
    const result = await db.deleteFrom('subscription').where('contact_id', '=', contactId).executeTakeFirst();
    return Number(result.numDeletedRows);
  },

  /** The latest consent record of a purpose (a grant or a withdrawal), if any. */
  async latestConsent(db: Executor, contactId: number, purpose: string): Promise<ConsentRow | undefined> {
    return db
      .selectFrom('consent')
      .selectAll()
      .where('contact_id', '=', contactId)
      .where('purpose', '=', purpose)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  async recordConsent(db: Executor, row: Insertable<ConsentTable>): Promise<void> {
    await db.insertInto('consent').values(row).execute();
  },

  /** A contact's consent history, oldest first (for the staff app and tests). */
  async consentHistory(db: Executor, contactId: number): Promise<ConsentRow[]> {
    return db.selectFrom('consent').selectAll().where('contact_id', '=', contactId).orderBy('at').orderBy('id').execute();
  },
};

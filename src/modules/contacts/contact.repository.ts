/**
 * Contacts: one row per person, found by phone or by the channel's user id (decision 5).
 * One query per method; every method takes the transaction (or database) to run in.
 */
import type { Kysely } from 'kysely';
import type { ContactRow, ContactUpdate, DB, NewContact } from '../../db/schema.js';

export type Executor = Kysely<DB>;

/** Tables that point at a contact and have no uniqueness on the reference. */
const SIMPLE_REFERENCES = [
  ['inbound_message', 'contact_id'],
  ['outbox', 'contact_id'],
  ['consent', 'contact_id'],
] as const;

export const contactRepository = {
  /** Contacts matching the phone or the user id (0, 1 or 2 rows), oldest first. */
  async findByIdentity(db: Executor, identity: { phone?: string; userId?: string }): Promise<ContactRow[]> {
    if (!identity.phone && !identity.userId) return [];
    return db
      .selectFrom('contact')
      .selectAll()
      .where((eb) => {
        const ors = [];
        if (identity.phone) ors.push(eb('phone', '=', identity.phone));
        if (identity.userId) ors.push(eb('user_id', '=', identity.userId));
        return eb.or(ors);
      })
      .orderBy('id')
      .execute();
  },

  async findById(db: Executor, id: number): Promise<ContactRow | undefined> {
    return db.selectFrom('contact').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async insert(db: Executor, contact: NewContact): Promise<ContactRow> {
    return db.insertInto('contact').values(contact).returningAll().executeTakeFirstOrThrow();
  },

  async update(db: Executor, id: number, patch: ContactUpdate): Promise<void> {
    await db.updateTable('contact').set(patch).where('id', '=', id).execute();
  },

  /** Moves the references of one table from one contact to another (merge). */
  async moveReferences(db: Executor, table: (typeof SIMPLE_REFERENCES)[number][0], fromId: number, toId: number): Promise<void> {
    await db.updateTable(table).set({ contact_id: toId }).where('contact_id', '=', fromId).execute();
  },

  /** Copies subscriptions to the surviving contact, skipping topics it already has. */
  async copySubscriptions(db: Executor, fromId: number, toId: number): Promise<void> {
    await db
      .insertInto('subscription')
      .columns(['contact_id', 'topic_id', 'created_at'])
      .expression((eb) =>
        eb.selectFrom('subscription').select([eb.val(toId).as('contact_id'), 'topic_id', 'created_at']).where('contact_id', '=', fromId),
      )
      .onConflict((oc) => oc.columns(['contact_id', 'topic_id']).doNothing())
      .execute();
  },

  async deleteSubscriptions(db: Executor, contactId: number): Promise<void> {
    await db.deleteFrom('subscription').where('contact_id', '=', contactId).execute();
  },

  async delete(db: Executor, id: number): Promise<void> {
    await db.deleteFrom('contact').where('id', '=', id).execute();
  },

  simpleReferences: SIMPLE_REFERENCES.map(([table]) => table),
};

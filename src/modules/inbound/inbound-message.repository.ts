/** Inbound messages of a contact (the citizen's side of the conversation). */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Executor = Kysely<DB>;

export const inboundMessageRepository = {
  /** Stores a message; false when it was stored before (same channel and external id). */
  async insert(
    db: Executor,
    row: { contact_id: number; channel: string; external_id: string; content_type: string; content: string; reply_to: string | null; at: number; created_at: number },
  ): Promise<boolean> {
    const rows = await db
      .insertInto('inbound_message')
      .values(row)
      .onConflict((oc) => oc.columns(['channel', 'external_id']).doNothing())
      .returning('id')
      .execute();
    return rows.length === 1;
  },

  async listForContact(db: Executor, contactId: number) {
    return db.selectFrom('inbound_message').selectAll().where('contact_id', '=', contactId).orderBy('id').execute();
  },
};

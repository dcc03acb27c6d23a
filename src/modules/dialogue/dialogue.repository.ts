/** The dialogue state per contact. One query per method; the transaction comes first. */
import type { Kysely, Selectable } from 'kysely';
import type { DB, DialogueStateTable } from '../../db/schema.js';

type Executor = Kysely<DB>;
export type DialogueStateRow = Selectable<DialogueStateTable>;

export const dialogueRepository = {
  async find(db: Executor, contactId: number): Promise<DialogueStateRow | undefined> {
    return db.selectFrom('dialogue_state').selectAll().where('contact_id', '=', contactId).executeTakeFirst();
  },

  /** Inserts or replaces the contact's state. */
  async save(db: Executor, row: DialogueStateRow): Promise<void> {
    const { contact_id: _id, created_at: _created, ...changes } = row;
    await db
      .insertInto('dialogue_state')
      .values(row)
      .onConflict((oc) => oc.column('contact_id').doUpdateSet(changes))
      .execute();
  },
};

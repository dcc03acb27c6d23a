/** Report drafts in the dialogue state (flow `report`). One query per method. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Executor = Kysely<DB>;

export const reportRepository = {
  /** Open report drafts whose time is up, with what the note needs about their contact. */
  async expiredDrafts(db: Executor, now: number, limit: number) {
    return db
      .selectFrom('dialogue_state')
      .innerJoin('contact', 'contact.id', 'dialogue_state.contact_id')
      .select(['dialogue_state.contact_id', 'dialogue_state.expires_at', 'contact.language', 'contact.last_inbound_at'])
      .where('dialogue_state.flow', '=', 'report')
      .where('dialogue_state.expires_at', '<=', now)
      .orderBy('dialogue_state.expires_at')
      .limit(limit)
      .execute();
  },

  /** Closes the draft if it is still the expired one; false when the citizen moved on meanwhile. */
  async closeExpired(db: Executor, contactId: number, expiresAt: number, now: number): Promise<boolean> {
    const result = await db
      .updateTable('dialogue_state')
      .set({ flow: 'idle', step: 'idle', data: '{}', expires_at: null, updated_at: now })
      .where('contact_id', '=', contactId)
      .where('flow', '=', 'report')
      .where('expires_at', '=', expiresAt)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
};

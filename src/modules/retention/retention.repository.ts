/** The retention job's queries (docs/decisions.md D66): one statement per method. */
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { CaseStatus, OutboxState } from '../../db/schema.js';

type Executor = Database;

/** Closed cases (issue 11's `case_file`; issue 12 sets `closed_at` when it closes one). */
export const CLOSED_STATUSES: readonly CaseStatus[] = ['resolved', 'rejected', 'forwarded', 'duplicate'];
/** Outgoing messages whose journey is over; their content is no longer needed. */
export const FINAL_OUTBOX_STATES: readonly OutboxState[] = ['delivered', 'read', 'failed', 'expired', 'cancelled'];
/** What a delivered message's payload becomes (the row stays for the figures: state, times, pricing). */
export const REMOVED_PAYLOAD = '{"type":"removed"}';

export const retentionRepository = {
  /** Raw webhook events that were processed (done or ignored) before `cutoff`; dead ones stay for the operator. */
  async deleteProcessedEvents(db: Executor, cutoff: number): Promise<number> {
    const r = await db.deleteFrom('inbound_event').where('state', 'in', ['done', 'ignored']).where('processed_at', '<', cutoff).executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  async clearFinalPayloads(db: Executor, cutoff: number): Promise<number> {
    const r = await db
      .updateTable('outbox')
      .set({ payload: REMOVED_PAYLOAD })
      .where('state', 'in', [...FINAL_OUTBOX_STATES])
      .where('updated_at', '<', cutoff)
      .where('payload', '<>', REMOVED_PAYLOAD)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** Closed before `cutoff` and still holding personal data (reporter, text, address, followers or photos). */
  async closedCasesWithPersonalData(db: Executor, cutoff: number, limit: number): Promise<number[]> {
    const rows = await db
      .selectFrom('case_file')
      .select('id')
      .where('status', 'in', [...CLOSED_STATUSES])
      .where('closed_at', '<', cutoff)
      .where((eb) =>
        eb.or([
          eb('contact_id', 'is not', null),
          eb('description', '<>', ''),
          eb('address', 'is not', null),
          eb.exists(eb.selectFrom('case_follower').select('case_follower.case_id').whereRef('case_follower.case_id', '=', 'case_file.id')),
          eb.exists(eb.selectFrom('case_media').select('case_media.case_id').whereRef('case_media.case_id', '=', 'case_file.id')),
        ]),
      )
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },

  /** The case stays (reference, category, status, times, place for the map); who and what they wrote go. */
  async anonymiseCases(db: Executor, ids: number[]): Promise<void> {
    await db.updateTable('case_file').set({ contact_id: null, description: '', address: null }).where('id', 'in', ids).execute();
  },

  async deleteFollowers(db: Executor, caseIds: number[]): Promise<void> {
    await db.deleteFrom('case_follower').where('case_id', 'in', caseIds).execute();
  },

  /** Deletes the photo rows of the cases; returns their file paths. */
  async deleteCaseMedia(db: Executor, caseIds: number[]): Promise<string[]> {
    const rows = await db.deleteFrom('case_media').where('case_id', 'in', caseIds).returning(['path', 'thumb_path']).execute();
    return rows.flatMap((r) => [r.path, r.thumb_path]);
  },

  /** Photos whose sender was erased (the erasure set `contact_id` null); web reports (no WhatsApp contact) are not among them. */
  async deleteMediaOfErasedContacts(db: Executor): Promise<string[]> {
    const rows = await db
      .deleteFrom('case_media')
      .where('contact_id', 'is', null)
      .where('case_id', 'in', (eb) => eb.selectFrom('case_file').select('id').where('channel', '=', 'whatsapp'))
      .returning(['path', 'thumb_path'])
      .execute();
    return rows.flatMap((r) => [r.path, r.thumb_path]);
  },

  /**
   * Contacts with no message, subscription or consent change since `cutoff`, and no open case
   * they reported or follow.
   */
  async inactiveContacts(db: Executor, cutoff: number, openStatuses: readonly CaseStatus[], limit: number): Promise<number[]> {
    const rows = await db
      .selectFrom('contact')
      .select('id')
      .where('erased_at', 'is', null)
      .where(sql<number>`coalesce(last_inbound_at, created_at)`, '<', cutoff)
      .where('created_at', '<', cutoff)
      .where((eb) =>
        eb.and([
          eb.not(eb.exists(eb.selectFrom('subscription').select('subscription.contact_id').whereRef('subscription.contact_id', '=', 'contact.id').where('subscription.created_at', '>=', cutoff))),
          eb.not(eb.exists(eb.selectFrom('consent').select('consent.contact_id').whereRef('consent.contact_id', '=', 'contact.id').where('consent.at', '>=', cutoff))),
          eb.not(eb.exists(eb.selectFrom('case_file').select('case_file.id').whereRef('case_file.contact_id', '=', 'contact.id').where('case_file.status', 'in', [...openStatuses]))),
          eb.not(
            eb.exists(
              eb
                .selectFrom('case_follower')
                .innerJoin('case_file', 'case_file.id', 'case_follower.case_id')
                .select('case_follower.case_id')
                .whereRef('case_follower.contact_id', '=', 'contact.id')
                .where('case_file.status', 'in', [...openStatuses]),
            ),
          ),
        ]),
      )
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  },

  /** Citizens' messages received before `cutoff`, unless their sender has an open case. */
  async deleteOldMessages(db: Executor, cutoff: number, openStatuses: readonly CaseStatus[]): Promise<number> {
    const r = await db
      .deleteFrom('inbound_message')
      .where('at', '<', cutoff)
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('case_file').select('case_file.id').whereRef('case_file.contact_id', '=', 'inbound_message.contact_id').where('case_file.status', 'in', [...openStatuses]))),
      )
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  async deleteAuditEntries(db: Executor, cutoff: number): Promise<number> {
    const r = await db.deleteFrom('audit_log').where('at', '<', cutoff).executeTakeFirst();
    return Number(r.numDeletedRows);
  },

  /** Every file path a row still needs: case photos and the photos of drafts in progress. */
  async referencedPaths(db: Executor): Promise<{ paths: Set<string>; drafts: string[] }> {
    const media = await db.selectFrom('case_media').select(['path', 'thumb_path']).execute();
    const drafts = await db.selectFrom('dialogue_state').select('data').where('flow', '=', 'report').execute();
    return { paths: new Set(media.flatMap((m) => [m.path, m.thumb_path])), drafts: drafts.map((d) => d.data) };
  },
};

/**
 * Queries of the data-rights module: what the core tables hold about a contact, its erasure,
 * the erasure proofs and the one-time export links. One query per method; every method takes
 * the transaction (or database) to run in.
 */
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { DB, PrivacyExportTable } from '../../db/schema.js';

type Executor = Kysely<DB>;
export type PrivacyExportRow = Selectable<PrivacyExportTable>;

/** The stored form of an event whose content was erased (no personal data left in it). */
export function erasedEventPayload(at: number): string {
  return JSON.stringify({ kind: 'ignored', key: 'erased', orderKey: 'erased', at: new Date(at).toISOString(), raw: null, reason: 'erased' });
}

export const privacyRepository = {
  /** Removes the profile of an erased contact; the identity stays until the confirmation is sent. */
  async markErased(db: Executor, contactId: number, now: number): Promise<void> {
    await db
      .updateTable('contact')
      .set({ name: null, username: null, country_code: null, language: null, case_updates_stopped_at: null, marketing_stopped_at: null, erased_at: now, updated_at: now })
      .where('id', '=', contactId)
      .execute();
  },

  /** An erased contact writes again before the purge: from now on a new contact with that identity. */
  async reopen(db: Executor, contactId: number, now: number): Promise<void> {
    await db.updateTable('contact').set({ erased_at: null, updated_at: now }).where('id', '=', contactId).execute();
  },

  async consents(db: Executor, contactId: number) {
    return db.selectFrom('consent').select(['purpose', 'action', 'text_version', 'channel', 'at', 'detail']).where('contact_id', '=', contactId).orderBy('at').orderBy('id').execute();
  },

  async deleteConsents(db: Executor, contactId: number): Promise<void> {
    await db.deleteFrom('consent').where('contact_id', '=', contactId).execute();
  },

  async subscriptions(db: Executor, contactId: number) {
    return db
      .selectFrom('subscription')
      .innerJoin('topic', 'topic.id', 'subscription.topic_id')
      .select(['topic.key', 'topic.names', 'subscription.created_at'])
      .where('subscription.contact_id', '=', contactId)
      .orderBy('topic.sort_order')
      .execute();
  },

  async deleteSubscriptions(db: Executor, contactId: number): Promise<void> {
    await db.deleteFrom('subscription').where('contact_id', '=', contactId).execute();
  },

  async dialogueState(db: Executor, contactId: number) {
    return db.selectFrom('dialogue_state').select(['flow', 'step', 'language_source', 'updated_at']).where('contact_id', '=', contactId).executeTakeFirst();
  },

  async deleteDialogueState(db: Executor, contactId: number): Promise<void> {
    await db.deleteFrom('dialogue_state').where('contact_id', '=', contactId).execute();
  },

  async inboundMessages(db: Executor, contactId: number) {
    return db.selectFrom('inbound_message').select(['content_type', 'content', 'at']).where('contact_id', '=', contactId).orderBy('at').orderBy('id').execute();
  },

  async deleteInboundMessages(db: Executor, contactId: number): Promise<void> {
    await db.deleteFrom('inbound_message').where('contact_id', '=', contactId).execute();
  },

  async outboxRows(db: Executor, contactId: number) {
    return db.selectFrom('outbox').select(['kind', 'state', 'payload', 'created_at']).where('contact_id', '=', contactId).orderBy('created_at').orderBy('id').execute();
  },

  async deleteOutbox(db: Executor, contactId: number): Promise<void> {
    await db.deleteFrom('outbox').where('contact_id', '=', contactId).execute();
  },

  /** Outgoing messages of the contact still waiting to be sent (queued or being sent). */
  async unsentCount(db: Executor, contactId: number): Promise<number> {
    const row = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('contact_id', '=', contactId)
      .where('state', 'in', ['queued', 'sending'])
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  async deleteMessagingLimitUse(db: Executor, contactId: number): Promise<void> {
    await db.deleteFrom('messaging_limit_use').where('contact_id', '=', contactId).execute();
  },

  /** How many stored webhook events name the contact (their raw payloads are personal data). */
  async laneEventCount(db: Executor, orderKeys: string[]): Promise<number> {
    if (orderKeys.length === 0) return 0;
    const row = await db.selectFrom('inbound_event').select((eb) => eb.fn.countAll().as('n')).where('order_key', 'in', orderKeys).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Deletes the contact's stored webhook events, except ones being processed right now (leased). */
  async deleteLaneEvents(db: Executor, orderKeys: string[]): Promise<void> {
    if (orderKeys.length === 0) return;
    await db
      .deleteFrom('inbound_event')
      .where('order_key', 'in', orderKeys)
      .where((eb) => eb.or([eb('state', '!=', 'pending'), eb('lease_owner', 'is', null)]))
      .execute();
  },

  /**
   * Deletes stored webhook events outside the lane whose payload names the contact (ignored
   * events, a number change): a scan, acceptable for an erasure; never leased ones.
   */
  async deleteEventsNaming(db: Executor, needles: string[]): Promise<void> {
    if (needles.length === 0) return;
    await db
      .deleteFrom('inbound_event')
      .where((eb) => eb.or(needles.map((n) => eb('payload', 'like', `%${n}%`))))
      .where((eb) => eb.or([eb('state', '!=', 'pending'), eb('lease_owner', 'is', null)]))
      .execute();
  },

  /** Empties the events of the contact that are being processed (the one erasing, a late status). */
  async scrubLaneEvents(db: Executor, orderKeys: string[], now: number): Promise<void> {
    if (orderKeys.length === 0) return;
    await db
      .updateTable('inbound_event')
      .set({
        payload: erasedEventPayload(now),
        order_key: sql<string>`'erased:' || cast(id as text)`,
        dedupe_key: sql<string>`'erased:' || cast(id as text)`,
        last_error: null,
        ignored_reason: null,
      })
      .where('order_key', 'in', orderKeys)
      .execute();
  },

  /** Empties one stored event (a status that arrives for an erased contact). */
  async scrubEvent(db: Executor, eventId: number, now: number): Promise<void> {
    await db
      .updateTable('inbound_event')
      .set({ payload: erasedEventPayload(now), order_key: `erased:${eventId}`, dedupe_key: `erased:${eventId}`, last_error: null, ignored_reason: null })
      .where('id', '=', eventId)
      .execute();
  },

  /** Audit entries about the contact (staff who looked at or exported their data). */
  async auditEntries(db: Executor, contactId: number) {
    return db
      .selectFrom('audit_log')
      .select(['at', 'action'])
      .where('subject_type', '=', 'contact')
      .where('subject_id', '=', String(contactId))
      .orderBy('at')
      .orderBy('id')
      .execute();
  },

  /** Erasure overrides the insert-only rule (D14) for the entries' details only. */
  async scrubAuditEntries(db: Executor, contactId: number): Promise<void> {
    await db.updateTable('audit_log').set({ detail: null, ip: null }).where('subject_type', '=', 'contact').where('subject_id', '=', String(contactId)).execute();
  },

  async deleteExports(db: Executor, contactId: number): Promise<void> {
    await db.deleteFrom('privacy_export').where('contact_id', '=', contactId).execute();
  },

  async insertErasure(db: Executor, row: { identity_hash: string; at: number; via: string }): Promise<void> {
    await db.insertInto('privacy_erasure').values(row).execute();
  },

  async erasureExists(db: Executor, hashes: string[]): Promise<boolean> {
    if (hashes.length === 0) return false;
    const row = await db.selectFrom('privacy_erasure').select('id').where('identity_hash', 'in', hashes).limit(1).executeTakeFirst();
    return row !== undefined;
  },

  /** Erased contacts still waiting for their final purge. */
  async erasedContacts(db: Executor, limit: number) {
    return db.selectFrom('contact').select(['id', 'erased_at']).where('erased_at', 'is not', null).orderBy('erased_at').limit(limit).execute();
  },

  async deleteContact(db: Executor, contactId: number): Promise<void> {
    await db.deleteFrom('contact').where('id', '=', contactId).execute();
  },

  async insertExport(db: Executor, row: Insertable<PrivacyExportTable>): Promise<void> {
    await db.insertInto('privacy_export').values(row).execute();
  },

  /** A valid (unused, unexpired) export link, without spending it. */
  async findValidExport(db: Executor, tokenHash: string, now: number): Promise<PrivacyExportRow | undefined> {
    return db.selectFrom('privacy_export').selectAll().where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  },

  /** Takes a valid export link once: marks it used and returns it, or undefined. */
  async takeExport(db: Executor, tokenHash: string, now: number): Promise<PrivacyExportRow | undefined> {
    return db
      .updateTable('privacy_export')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .executeTakeFirst();
  },

  async deleteExpiredExports(db: Executor, now: number): Promise<void> {
    await db.deleteFrom('privacy_export').where((eb) => eb.or([eb('expires_at', '<=', now), eb('used_at', 'is not', null)])).execute();
  },
};

/**
 * The citizen dialogue (issue 8): per-contact dialogue state, and the contact's choice to stop
 * updates on their own reports too ("Auch Rückmeldungen stoppen" after STOP).
 * Portable schema-builder calls; references use `idType`.
 */
import type { Kysely } from 'kysely';
import { dialectOf, idType } from '../sql.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const id = idType(dialectOf(db));

  await db.schema
    .createTable('dialogue_state')
    // One row per contact; it goes with the contact (merge, erasure).
    .addColumn('contact_id', id, (c) => c.primaryKey().references('contact.id').onDelete('cascade'))
    /** idle | consent | topics | report (issue 11) */
    .addColumn('flow', 'varchar(32)', (c) => c.notNull())
    .addColumn('step', 'varchar(32)', (c) => c.notNull())
    /** The flow's data as JSON (e.g. the topic list page, the preselected topics). */
    .addColumn('data', 'text', (c) => c.notNull())
    /** guess | text | chosen: how the contact's language was set. */
    .addColumn('language_source', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    /** An open flow ends by itself after this time; null when idle. */
    .addColumn('expires_at', 'bigint')
    .execute();

  await db.schema.alterTable('contact').addColumn('case_updates_stopped_at', 'bigint').execute();
  await db.schema.createIndex('consent_contact_purpose').on('consent').columns(['contact_id', 'purpose', 'at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('consent_contact_purpose').execute();
  await db.schema.alterTable('contact').dropColumn('case_updates_stopped_at').execute();
  await db.schema.dropTable('dialogue_state').execute();
}

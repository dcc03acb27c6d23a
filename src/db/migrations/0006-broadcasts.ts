/**
 * Broadcasts (issue 10): the notice, its topics and language variants, content class and
 * press-law checklist, the four-eyes trail, schedule and "not after", and the media a notice
 * carries (stored under MEDIA_DIR, uploaded to the channel when the notice goes out).
 * Portable schema-builder calls; references use `idType`.
 */
import type { Kysely } from 'kysely';
import { dialectOf, idType } from '../sql.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  const id = idType(dialect);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pk = (col: any) => (dialect === 'postgres' ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement());

  await db.schema
    .createTable('media')
    .addColumn('id', id, pk)
    /** image | document */
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('mime_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('filename', 'varchar(240)', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    /** Hex sha256 of the stored bytes: the file's name under MEDIA_DIR (content-addressed). */
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    /** The channel's media id once uploaded, and when (Meta keeps uploads 30 days). */
    .addColumn('channel_media_id', 'varchar(256)')
    .addColumn('channel_uploaded_at', 'bigint')
    .addColumn('created_by', 'varchar(254)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('broadcast')
    .addColumn('id', id, pk)
    /** draft | submitted | returned | approved | scheduled | sending | sent | cancelled */
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    /** German title (≤ 60: a teaser template parameter) and text (≤ 4,096). */
    .addColumn('title', 'varchar(60)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    /** JSON {"en": {"title", "text"}, "nl": {…}}: subscribers get theirs, else German. */
    .addColumn('language_variants', 'text', (c) => c.notNull())
    /** JSON array of topic ids. */
    .addColumn('topic_ids', 'text', (c) => c.notNull())
    /** official_notice | own_service | own_event | third_party_date | tourism */
    .addColumn('content_class', 'varchar(32)', (c) => c.notNull())
    /** JSON array of the press-law checklist items the author confirmed. */
    .addColumn('checklist', 'text', (c) => c.notNull())
    .addColumn('media_id', id, (c) => c.references('media.id'))
    .addColumn('scheduled_at', 'bigint')
    .addColumn('not_after', 'bigint')
    .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
    /** user | token | bootstrap, its id, and how the audit log names it. */
    .addColumn('author_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('author_id', id)
    .addColumn('author_label', 'varchar(254)', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint')
    .addColumn('decided_by_type', 'varchar(16)')
    .addColumn('decided_by_id', id)
    .addColumn('decided_by_label', 'varchar(254)')
    .addColumn('approved_at', 'bigint')
    .addColumn('returned_at', 'bigint')
    .addColumn('return_comment', 'text')
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    /** Rows written by the fan-out. */
    .addColumn('recipients', 'integer')
    /** JSON: the estimate at the moment of sending (compared with what was sent). */
    .addColumn('estimate', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('broadcast_status').on('broadcast').columns(['status', 'scheduled_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('broadcast').execute();
  await db.schema.dropTable('media').execute();
}

/**
 * Cases (issue 11): a citizen's report becomes a case with a reference number, its routing
 * (category → department, the responsible person), a deadline, its location, photos, followers
 * and a history. The workflow (issue 12) adds transitions as history rows and moves `status`;
 * the inbox (issue 13) reads these tables. Portable schema-builder calls; references use `idType`.
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
    .createTable('case_file')
    .addColumn('id', id, pk)
    /** e.g. KE-2026-000123 (format: the town's `reference_format`). */
    .addColumn('reference', 'varchar(40)', (c) => c.notNull().unique())
    /** idea | hint | complaint | praise */
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    /** new | accepted | in_progress | resolved | rejected | forwarded | duplicate (decision 9) */
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('category_id', id, (c) => c.notNull().references('category.id'))
    .addColumn('department_id', id, (c) => c.notNull().references('department.id'))
    /** Who takes the case (contact person, deputy when absent, head); null: nobody configured. */
    .addColumn('assignee_user_id', id, (c) => c.references('staff_user.id'))
    /** contact | deputy | head | none */
    .addColumn('assigned_via', 'varchar(16)', (c) => c.notNull())
    /** The reporting citizen; null after erasure (the case stays, anonymised). */
    .addColumn('contact_id', id, (c) => c.references('contact.id').onDelete('set null'))
    .addColumn('channel', 'varchar(32)', (c) => c.notNull())
    .addColumn('language', 'varchar(8)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('latitude', 'double precision')
    .addColumn('longitude', 'double precision')
    /** A typed address or place (kept as written), or the geocoder's label. */
    .addColumn('address', 'text')
    /** pin | geocoded | text | none */
    .addColumn('location_source', 'varchar(16)', (c) => c.notNull())
    /** 1 when the location lies outside the town's boundary (the citizen filed anyway). */
    .addColumn('outside_boundary', 'integer', (c) => c.notNull().defaultTo(0))
    /** The answer is due by the end of this day (town calendar, working days from arrival). */
    .addColumn('deadline_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    /** The dialogue draft this case was filed from: one case per draft, whatever is tapped twice. */
    .addColumn('draft_key', 'varchar(64)')
    /** Set by the workflow when the case is closed as a duplicate of another. */
    .addColumn('duplicate_of_case_id', id, (c) => c.references('case_file.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('status_changed_at', 'bigint', (c) => c.notNull())
    /** The first staff reply or transition out of `new` the citizen was told of. */
    .addColumn('first_response_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    /** Released for the public list and map (photos only after release). */
    .addColumn('released_at', 'bigint')
    /** Raised on every change (optimistic locking in the inbox). */
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('case_file_draft').on('case_file').columns(['contact_id', 'draft_key']).unique().execute();
  await db.schema.createIndex('case_file_open_near').on('case_file').columns(['category_id', 'status', 'latitude']).execute();
  await db.schema.createIndex('case_file_department').on('case_file').columns(['department_id', 'status', 'due_at']).execute();

  await db.schema
    .createTable('case_history')
    .addColumn('id', id, pk)
    .addColumn('case_id', id, (c) => c.notNull().references('case_file.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    /** citizen | user | token | system */
    .addColumn('actor_type', 'varchar(16)', (c) => c.notNull())
    /** The user's, token's or contact's id (null for the system or after erasure). */
    .addColumn('actor_id', id)
    /** created | transition | follower_added | media_added | assigned | note | reply … */
    .addColumn('action', 'varchar(32)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(16)')
    .addColumn('to_status', 'varchar(16)')
    .addColumn('reason', 'text')
    /** JSON; no personal data beyond what the case holds. */
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('case_history_case').on('case_history').columns(['case_id', 'at']).execute();

  await db.schema
    .createTable('case_follower')
    .addColumn('case_id', id, (c) => c.notNull().references('case_file.id').onDelete('cascade'))
    .addColumn('contact_id', id, (c) => c.notNull().references('contact.id').onDelete('cascade'))
    /** reporter | follower (a duplicate report that joined) */
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_follower_pk', ['case_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('case_follower_contact').on('case_follower').columns(['contact_id']).execute();

  await db.schema
    .createTable('case_media')
    .addColumn('id', id, pk)
    .addColumn('case_id', id, (c) => c.notNull().references('case_file.id').onDelete('cascade'))
    /** Who sent it (null after erasure). */
    .addColumn('contact_id', id, (c) => c.references('contact.id').onDelete('set null'))
    /** sha256 of the re-encoded file: its name under MEDIA_DIR (content-addressed). */
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('mime_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('byte_size', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    /** Paths relative to MEDIA_DIR. */
    .addColumn('path', 'varchar(200)', (c) => c.notNull())
    .addColumn('thumb_path', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_media_case_sha').on('case_media').columns(['case_id', 'sha256']).unique().execute();

  await db.schema
    .createTable('case_counter')
    /** The reference's counting scope, e.g. the year (`2026`) or `all`. */
    .addColumn('scope', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_counter').execute();
  await db.schema.dropTable('case_media').execute();
  await db.schema.dropTable('case_follower').execute();
  await db.schema.dropTable('case_history').execute();
  await db.schema.dropTable('case_file').execute();
}

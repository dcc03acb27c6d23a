/**
 * Issue 9: tourist answers (no subscription needed), the data-rights records (erasure proofs
 * and one-time export links), and the contact's erasure mark (between the erasure and the
 * sending of its confirmation). Portable schema-builder calls; references use `idType`.
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
    .createTable('tourist_answer')
    .addColumn('id', id, pk)
    .addColumn('key', 'varchar(64)', (c) => c.notNull().unique())
    /** {"de": "…", "en": "…", "nl": "…"}: the menu row's title. */
    .addColumn('titles', 'text', (c) => c.notNull())
    /** {"de": ["parken", "parkplatz*"], …}: words or phrases that reach the answer. */
    .addColumn('keywords', 'text', (c) => c.notNull())
    /** {"de": "…", …}: the answer. */
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('image_url', 'varchar(1024)')
    .addColumn('link_url', 'varchar(1024)')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('privacy_erasure')
    .addColumn('id', id, pk)
    /** HMAC-SHA256 (hex) of the number (or the BSUID without one) with the configured salt. */
    .addColumn('identity_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    /** chat | staff */
    .addColumn('via', 'varchar(16)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('privacy_erasure_hash').on('privacy_erasure').column('identity_hash').execute();

  await db.schema
    .createTable('privacy_export')
    .addColumn('id', id, pk)
    /** sha256 (hex) of the link's token; the token itself is never stored. */
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('contact_id', id, (c) => c.notNull().references('contact.id').onDelete('cascade'))
    .addColumn('language', 'varchar(8)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();

  await db.schema.alterTable('contact').addColumn('erased_at', 'bigint').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contact').dropColumn('erased_at').execute();
  await db.schema.dropTable('privacy_export').execute();
  await db.schema.dropIndex('privacy_erasure_hash').execute();
  await db.schema.dropTable('privacy_erasure').execute();
  await db.schema.dropTable('tourist_answer').execute();
}

/**
 * Public visibility (issue 14): the web form's e-mail identity on the contact (D70). A contact
 * who files through the web form has no WhatsApp identity; the address given for updates is kept
 * on the contact row (erased with it), used only once confirmed by the one-time link.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contact').addColumn('email', 'varchar(254)').execute();
  /** sha256 (hex) of the one-time confirmation token; null once confirmed. */
  await db.schema.alterTable('contact').addColumn('email_token_hash', 'varchar(64)').execute();
  await db.schema.alterTable('contact').addColumn('email_confirmed_at', 'bigint').execute();
  await db.schema.createIndex('contact_email_token').on('contact').column('email_token_hash').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('contact_email_token').execute();
  for (const c of ['email_confirmed_at', 'email_token_hash', 'email']) await db.schema.alterTable('contact').dropColumn(c).execute();
}

/**
 * Dispatcher: the template registry, shared rate budgets (GCRA "theoretical arrival time" per
 * key), the messaging-limit ledger, per-recipient backoff, and outbox columns for the template
 * fallback and the retry deadline.
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
    .createTable('message_template')
    .addColumn('id', id, pk)
    .addColumn('name', 'varchar(512)', (c) => c.notNull())
    .addColumn('language', 'varchar(16)', (c) => c.notNull())
    .addColumn('category', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('parameter_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('serves', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('meta_id', 'varchar(64)')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('message_template_name_language', ['name', 'language'])
    .execute();

  await db.schema
    .createTable('rate_budget')
    .addColumn('key', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('tat_us', 'bigint', (c) => c.notNull())
    .addColumn('slow_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('messaging_limit_use')
    .addColumn('contact_id', id, (c) => c.primaryKey().references('contact.id'))
    .addColumn('counted_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messaging_limit_use_at').on('messaging_limit_use').column('counted_at').execute();

  await db.schema.alterTable('contact').addColumn('pair_backoff_until', 'bigint').execute();
  await db.schema.alterTable('contact').addColumn('pair_backoff_level', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('outbox').addColumn('fallback', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('retry_until', 'bigint').execute();
  await db.schema.alterTable('outbox').addColumn('replaced_by', id).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['replaced_by', 'retry_until', 'fallback']) await db.schema.alterTable('outbox').dropColumn(column).execute();
  for (const column of ['pair_backoff_level', 'pair_backoff_until']) await db.schema.alterTable('contact').dropColumn(column).execute();
  for (const table of ['messaging_limit_use', 'rate_budget', 'message_template']) await db.schema.dropTable(table).execute();
}

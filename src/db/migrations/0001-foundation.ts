/**
 * Foundation tables: clock, contacts, inbound events, inbound messages, outbox, topics,
 * subscriptions, consents. Portable schema-builder calls; ids and references use `idType`.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf, idType } from '../sql.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  const id = idType(dialect);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pk = (col: any) =>
    dialect === 'postgres' ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

  await db.schema
    .createTable('clock_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('offset_ms', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('contact')
    .addColumn('id', id, pk)
    .addColumn('phone', 'varchar(32)', (c) => c.unique())
    .addColumn('user_id', 'varchar(256)', (c) => c.unique())
    .addColumn('name', 'varchar(256)')
    .addColumn('username', 'varchar(256)')
    .addColumn('country_code', 'varchar(8)')
    .addColumn('language', 'varchar(8)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_inbound_at', 'bigint')
    .addColumn('unreachable_since', 'bigint')
    .addColumn('marketing_stopped_at', 'bigint')
    .execute();

  await db.schema
    .createTable('inbound_event')
    .addColumn('id', id, pk)
    .addColumn('channel', 'varchar(32)', (c) => c.notNull())
    .addColumn('dedupe_key', 'varchar(512)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('order_key', 'varchar(600)', (c) => c.notNull())
    .addColumn('event_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('available_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('ignored_reason', 'text')
    .addColumn('processed_at', 'bigint')
    .addUniqueConstraint('inbound_event_channel_key', ['channel', 'dedupe_key'])
    .execute();
  await db.schema.createIndex('inbound_event_lane').on('inbound_event').columns(['state', 'order_key', 'event_at']).execute();
  await db.schema.createIndex('inbound_event_due').on('inbound_event').columns(['state', 'available_at']).execute();

  await db.schema
    .createTable('inbound_message')
    .addColumn('id', id, pk)
    .addColumn('contact_id', id, (c) => c.notNull().references('contact.id'))
    .addColumn('channel', 'varchar(32)', (c) => c.notNull())
    .addColumn('external_id', 'varchar(256)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('reply_to', 'varchar(256)')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('inbound_message_external', ['channel', 'external_id'])
    .execute();
  await db.schema.createIndex('inbound_message_contact').on('inbound_message').columns(['contact_id', 'at']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', id, pk)
    .addColumn('contact_id', id, (c) => c.notNull().references('contact.id'))
    .addColumn('channel', 'varchar(32)', (c) => c.notNull())
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('available_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', 'bigint')
    .addColumn('not_after', 'bigint')
    .addColumn('external_id', 'varchar(256)')
    .addColumn('error_code', 'varchar(32)')
    .addColumn('error_reason', 'varchar(64)')
    .addColumn('error_detail', 'text')
    .addColumn('pricing_category', 'varchar(32)')
    .addColumn('pricing_type', 'varchar(32)')
    .addColumn('cause', 'varchar(128)')
    .addColumn('broadcast_id', id)
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('read_at', 'bigint')
    .addColumn('failed_at', 'bigint')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['state', 'priority', 'available_at']).execute();
  await db.schema.createIndex('outbox_external').on('outbox').column('external_id').unique().execute();
  await db.schema.createIndex('outbox_contact').on('outbox').columns(['contact_id', 'created_at']).execute();
  await db.schema.createIndex('outbox_broadcast').on('outbox').columns(['broadcast_id', 'state']).execute();

  await db.schema
    .createTable('topic')
    .addColumn('id', id, pk)
    .addColumn('key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('descriptions', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('subscription')
    .addColumn('contact_id', id, (c) => c.notNull().references('contact.id'))
    .addColumn('topic_id', id, (c) => c.notNull().references('topic.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscription_pk', ['contact_id', 'topic_id'])
    .execute();
  await db.schema.createIndex('subscription_topic').on('subscription').columns(['topic_id', 'contact_id']).execute();

  await db.schema
    .createTable('consent')
    .addColumn('id', id, pk)
    .addColumn('contact_id', id, (c) => c.notNull().references('contact.id'))
    .addColumn('purpose', 'varchar(32)', (c) => c.notNull())
    .addColumn('action', 'varchar(16)', (c) => c.notNull())
    .addColumn('text_version', 'varchar(64)', (c) => c.notNull())
    .addColumn('channel', 'varchar(32)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('consent_contact').on('consent').columns(['contact_id', 'at']).execute();

  await db.schema
    .createTable('setting')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await sql`insert into clock_state (id, offset_ms, updated_at) values (1, 0, 0)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['setting', 'consent', 'subscription', 'topic', 'outbox', 'inbound_message', 'inbound_event', 'contact', 'clock_state']) {
    await db.schema.dropTable(table).execute();
  }
}

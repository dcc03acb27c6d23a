/**
 * Staff side: users and their roles and departments, sessions, API tokens, login throttling,
 * departments, report categories, public holidays, the audit log, in-app notifications and the
 * e-mail queue. Portable schema-builder calls; ids and references use `idType`.
 * Calendar dates (holidays, absences) are `YYYY-MM-DD` text in the town's calendar (D9).
 */
import type { Kysely } from 'kysely';
import { dialectOf, idType } from '../sql.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = dialectOf(db);
  const id = idType(dialect);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pk = (col: any) =>
    dialect === 'postgres' ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();

  await db.schema
    .createTable('staff_user')
    .addColumn('id', id, pk)
    .addColumn('email', 'varchar(254)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('language', 'varchar(8)', (c) => c.notNull().defaultTo('de'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('email_notifications', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('absent_from', 'varchar(10)')
    .addColumn('absent_until', 'varchar(10)')
    .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
    .addColumn('last_login_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_role')
    .addColumn('user_id', id, (c) => c.notNull().references('staff_user.id'))
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_role_pk', ['user_id', 'role'])
    .execute();
  await db.schema.createIndex('user_role_role').on('user_role').columns(['role', 'user_id']).execute();

  await db.schema
    .createTable('department')
    .addColumn('id', id, pk)
    .addColumn('key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('email', 'varchar(254)')
    .addColumn('head_user_id', id, (c) => c.references('staff_user.id'))
    .addColumn('contact_user_id', id, (c) => c.references('staff_user.id'))
    .addColumn('deputy_user_id', id, (c) => c.references('staff_user.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_department')
    .addColumn('user_id', id, (c) => c.notNull().references('staff_user.id'))
    .addColumn('department_id', id, (c) => c.notNull().references('department.id'))
    .addPrimaryKeyConstraint('user_department_pk', ['user_id', 'department_id'])
    .execute();
  await db.schema.createIndex('user_department_department').on('user_department').columns(['department_id', 'user_id']).execute();

  await db.schema
    .createTable('category')
    .addColumn('id', id, pk)
    .addColumn('key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('names', 'text', (c) => c.notNull())
    .addColumn('department_id', id, (c) => c.notNull().references('department.id'))
    .addColumn('contact_user_id', id, (c) => c.references('staff_user.id'))
    .addColumn('deputy_user_id', id, (c) => c.references('staff_user.id'))
    .addColumn('deadline_days', 'integer', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('holiday')
    .addColumn('id', id, pk)
    .addColumn('date', 'varchar(10)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff_session')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', id, (c) => c.notNull().references('staff_user.id'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('ip', 'varchar(64)')
    .execute();
  await db.schema.createIndex('staff_session_user').on('staff_session').columns(['user_id']).execute();
  await db.schema.createIndex('staff_session_expires').on('staff_session').columns(['expires_at']).execute();

  await db.schema
    .createTable('api_token')
    .addColumn('id', id, pk)
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('prefix', 'varchar(16)', (c) => c.notNull())
    .addColumn('created_by', id, (c) => c.references('staff_user.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();

  await db.schema
    .createTable('login_throttle')
    .addColumn('kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('key', 'varchar(320)', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_throttle_pk', ['kind', 'key'])
    .execute();
  await db.schema.createIndex('login_throttle_age').on('login_throttle').columns(['last_failure_at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', id, pk)
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor_id', id)
    .addColumn('actor_label', 'varchar(320)', (c) => c.notNull())
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('subject_type', 'varchar(64)')
    .addColumn('subject_id', 'varchar(64)')
    .addColumn('detail', 'text')
    .addColumn('ip', 'varchar(64)')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'at']).execute();
  await db.schema.createIndex('audit_log_subject').on('audit_log').columns(['subject_type', 'subject_id']).execute();

  await db.schema
    .createTable('notification')
    .addColumn('id', id, pk)
    .addColumn('user_id', id, (c) => c.notNull().references('staff_user.id'))
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('link', 'varchar(500)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .execute();
  await db.schema.createIndex('notification_user').on('notification').columns(['user_id', 'read_at', 'id']).execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', id, pk)
    .addColumn('to_address', 'varchar(254)', (c) => c.notNull())
    .addColumn('subject', 'varchar(300)', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('notification_id', id, (c) => c.references('notification.id'))
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('available_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['state', 'available_at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'mail_outbox',
    'notification',
    'audit_log',
    'login_throttle',
    'api_token',
    'staff_session',
    'holiday',
    'category',
    'user_department',
    'department',
    'user_role',
    'staff_user',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

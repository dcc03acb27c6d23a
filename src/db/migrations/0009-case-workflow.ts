/**
 * The case workflow (issue 12): to whom a case was forwarded, and the citizen's answer to
 * "solved?" after resolving (for the figures). Transitions, replies and notes are `case_history`
 * rows (0007).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  /** Set by the `forwarded` transition: the authority or body the case went to. */
  await db.schema.alterTable('case_file').addColumn('forwarded_to', 'varchar(200)').execute();
  /** The citizen's answer to "solved?": 1 yes, 0 no; null not asked or not answered. */
  await db.schema.alterTable('case_file').addColumn('citizen_solved', 'integer').execute();
  /** Overdue (D61): when the responsible person was reminded, when it goes to the head, when it went. */
  await db.schema.alterTable('case_file').addColumn('overdue_reminded_at', 'bigint').execute();
  await db.schema.alterTable('case_file').addColumn('escalate_at', 'bigint').execute();
  await db.schema.alterTable('case_file').addColumn('escalated_at', 'bigint').execute();
  /** Release for publication (D62): the staff's public summary; per photo when it was released. */
  await db.schema.alterTable('case_file').addColumn('public_summary', 'text').execute();
  await db.schema.alterTable('case_media').addColumn('released_at', 'bigint').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('case_media').dropColumn('released_at').execute();
  await db.schema.alterTable('case_file').dropColumn('public_summary').execute();
  await db.schema.alterTable('case_file').dropColumn('escalated_at').execute();
  await db.schema.alterTable('case_file').dropColumn('escalate_at').execute();
  await db.schema.alterTable('case_file').dropColumn('overdue_reminded_at').execute();
  await db.schema.alterTable('case_file').dropColumn('citizen_solved').execute();
  await db.schema.alterTable('case_file').dropColumn('forwarded_to').execute();
}

/** Cases, their history, followers, media and reference counters. One query per method. */
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { CaseFileRow, CaseFileTable, CaseHistoryTable, CaseMediaRow, CaseMediaTable, CaseStatus, DB } from '../../db/schema.js';

/** Filters of the case list (GET /api/cases), already checked; `departments` is the caller's scope. */
export interface CaseFilter {
  statuses?: CaseStatus[];
  categoryKey?: string;
  departmentId?: number;
  assigneeUserId?: number;
  overdue?: boolean;
  text?: string;
  /** Scope: only these departments (a case worker's), only released cases (an integration). */
  departments?: number[];
  releasedOnly?: boolean;
  now: number;
}

type Executor = Kysely<DB>;

export const caseRepository = {
  /**
   * The next number of a counting scope (gap-tolerant, unique): one atomic upsert, row-locked on
   * PostgreSQL until the transaction ends, serialised by SQLite's single writer.
   */
  async nextNumber(db: Executor, scope: string): Promise<number> {
    const row = await db
      .insertInto('case_counter')
      .values({ scope, value: 1 })
      .onConflict((oc) => oc.column('scope').doUpdateSet((eb) => ({ value: eb('case_counter.value', '+', 1) })))
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  },

  async insert(db: Executor, row: Insertable<CaseFileTable>): Promise<number> {
    const { id } = await db.insertInto('case_file').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  },

  async findById(db: Executor, id: number): Promise<CaseFileRow | undefined> {
    return db.selectFrom('case_file').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findByReference(db: Executor, reference: string): Promise<CaseFileRow | undefined> {
    return db.selectFrom('case_file').selectAll().where('reference', '=', reference).executeTakeFirst();
  },

  async findByDraft(db: Executor, contactId: number, draftKey: string): Promise<CaseFileRow | undefined> {
    return db.selectFrom('case_file').selectAll().where('contact_id', '=', contactId).where('draft_key', '=', draftKey).executeTakeFirst();
  },

  /** Cases of a category in the given states whose pin lies in a box (the caller measures the distance). */
  async inBox(db: Executor, o: { categoryId: number; statuses: readonly CaseStatus[]; south: number; north: number; west: number; east: number }): Promise<CaseFileRow[]> {
    return db
      .selectFrom('case_file')
      .selectAll()
      .where('category_id', '=', o.categoryId)
      .where('status', 'in', o.statuses)
      .where('latitude', '>=', o.south)
      .where('latitude', '<=', o.north)
      .where('longitude', '>=', o.west)
      .where('longitude', '<=', o.east)
      .orderBy('created_at', 'desc')
      .limit(20)
      .execute();
  },

  async touch(db: Executor, id: number, now: number): Promise<void> {
    await db
      .updateTable('case_file')
      .set((eb) => ({ updated_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
  },

  async addHistory(db: Executor, row: Insertable<CaseHistoryTable>): Promise<void> {
    await db.insertInto('case_history').values(row).execute();
  },

  async history(db: Executor, caseId: number) {
    return db.selectFrom('case_history').selectAll().where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
  },

  /** Adds a follower; false when the contact already follows the case. */
  async addFollower(db: Executor, row: { case_id: number; contact_id: number; role: 'reporter' | 'follower'; created_at: number }): Promise<boolean> {
    const rows = await db
      .insertInto('case_follower')
      .values(row)
      .onConflict((oc) => oc.columns(['case_id', 'contact_id']).doNothing())
      .returning('case_id')
      .execute();
    return rows.length === 1;
  },

  async followers(db: Executor, caseId: number) {
    return db.selectFrom('case_follower').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute();
  },

  /** Adds a photo; false when the case has this photo already (same bytes). */
  async addMedia(db: Executor, row: Insertable<CaseMediaTable>): Promise<boolean> {
    const rows = await db
      .insertInto('case_media')
      .values(row)
      .onConflict((oc) => oc.columns(['case_id', 'sha256']).doNothing())
      .returning('id')
      .execute();
    return rows.length === 1;
  },

  async media(db: Executor, caseId: number): Promise<CaseMediaRow[]> {
    return db.selectFrom('case_media').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  },

  // --- personal data (case.privacy.ts, D56) ---

  /** The cases a contact reported, with the category's names. */
  async reportedBy(db: Executor, contactId: number) {
    return db
      .selectFrom('case_file')
      .innerJoin('category', 'category.id', 'case_file.category_id')
      .select(['case_file.id', 'case_file.reference', 'case_file.kind', 'case_file.status', 'case_file.description', 'case_file.address', 'case_file.latitude', 'case_file.longitude', 'case_file.created_at', 'case_file.status_changed_at', 'category.names'])
      .where('case_file.contact_id', '=', contactId)
      .orderBy('case_file.created_at')
      .execute();
  },
  /** The cases a contact follows without having reported them (no description: another citizen's text). */
  async followedBy(db: Executor, contactId: number) {
    return db
      .selectFrom('case_follower')
      .innerJoin('case_file', 'case_file.id', 'case_follower.case_id')
      .innerJoin('category', 'category.id', 'case_file.category_id')
      .select(['case_file.id', 'case_file.reference', 'case_file.kind', 'case_file.status', 'case_file.created_at', 'case_file.status_changed_at', 'category.names', 'case_follower.created_at as since'])
      .where('case_follower.contact_id', '=', contactId)
      .where('case_follower.role', '=', 'follower')
      .orderBy('case_follower.created_at')
      .execute();
  },
  async mediaSentBy(db: Executor, contactId: number) {
    return db.selectFrom('case_media').select(['id', 'case_id', 'path', 'thumb_path']).where('contact_id', '=', contactId).execute();
  },
  async deleteMediaSentBy(db: Executor, contactId: number): Promise<void> {
    await db.deleteFrom('case_media').where('contact_id', '=', contactId).execute();
  },
  /** Which of these paths a (remaining) case_media row still uses. */
  async pathsInUse(db: Executor, paths: string[]): Promise<Set<string>> {
    if (paths.length === 0) return new Set();
    const rows = await db.selectFrom('case_media').select(['path', 'thumb_path']).where((eb) => eb.or([eb('path', 'in', paths), eb('thumb_path', 'in', paths)])).execute();
    return new Set(rows.flatMap((r) => [r.path, r.thumb_path]));
  },
  /** The case stays for the public task, without the citizen: no contact, no description, no typed address. */
  async anonymiseReportedBy(db: Executor, contactId: number, now: number): Promise<void> {
    await db
      .updateTable('case_file')
      .set((eb) => ({
        contact_id: null,
        description: '',
        address: eb.case().when('location_source', '=', 'text').then(null).else(eb.ref('address')).end(),
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('contact_id', '=', contactId)
      .execute();
  },
  async deleteFollowerRows(db: Executor, contactId: number): Promise<void> {
    await db.deleteFrom('case_follower').where('contact_id', '=', contactId).execute();
  },
  /** History rows written by the citizen keep what happened, not who. */
  async forgetCitizenActor(db: Executor, contactId: number): Promise<void> {
    await db.updateTable('case_history').set({ actor_id: null }).where('actor_type', '=', 'citizen').where('actor_id', '=', contactId).execute();
  },
  /** The report flow's open draft of a contact (its photos are stored files), as JSON, or undefined. */
  async draftData(db: Executor, contactId: number): Promise<string | undefined> {
    const row = await db.selectFrom('dialogue_state').select('data').where('contact_id', '=', contactId).where('flow', '=', 'report').executeTakeFirst();
    return row?.data;
  },

  // --- the workflow and the case API (issue 12) ---

  /** Cases matching a filter, newest first, one page. */
  async list(db: Executor, f: CaseFilter, page: { limit: number; offset: number }): Promise<(CaseFileRow & { category_key: string; category_names: string })[]> {
    return filtered(db, f)
      .selectAll('case_file')
      .select(['category.key as category_key', 'category.names as category_names'])
      .orderBy('case_file.created_at', 'desc')
      .orderBy('case_file.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
  },
  async count(db: Executor, f: CaseFilter): Promise<number> {
    const row = await filtered(db, f).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  },
  /** Writes a change only when the case still has the version the caller read; false when it has moved on. */
  async updateIfVersion(db: Executor, id: number, version: number, patch: Updateable<CaseFileTable>): Promise<boolean> {
    const result = await db
      .updateTable('case_file')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
  /** Marks which of a case's photos are released (the others are withdrawn). */
  async setReleasedMedia(db: Executor, caseId: number, mediaIds: number[], now: number): Promise<void> {
    await db
      .updateTable('case_media')
      .set((eb) => ({ released_at: mediaIds.length ? eb.case().when('id', 'in', mediaIds).then(now).else(null).end() : null }))
      .where('case_id', '=', caseId)
      .execute();
  },
  /** Open cases past their deadline whose responsible person has not been reminded yet. */
  async dueForReminder(db: Executor, now: number, limit: number): Promise<CaseFileRow[]> {
    return db.selectFrom('case_file').selectAll().where('status', 'in', ['new', 'accepted', 'in_progress']).where('due_at', '<', now).where('overdue_reminded_at', 'is', null).orderBy('due_at').limit(limit).execute();
  },
  /** Open cases reminded of whose escalation time has come. */
  async dueForEscalation(db: Executor, now: number, limit: number): Promise<CaseFileRow[]> {
    return db.selectFrom('case_file').selectAll().where('status', 'in', ['new', 'accepted', 'in_progress']).where('escalate_at', '<', now).where('escalated_at', 'is', null).orderBy('escalate_at').limit(limit).execute();
  },
  /** The contacts to tell of a change: every follower (the reporter too) who has not stopped updates and is not erased. */
  async recipients(db: Executor, caseId: number) {
    return db
      .selectFrom('case_follower')
      .innerJoin('contact', 'contact.id', 'case_follower.contact_id')
      .select(['contact.id', 'contact.language', 'case_follower.role'])
      .where('case_follower.case_id', '=', caseId)
      .where('contact.case_updates_stopped_at', 'is', null)
      .where('contact.erased_at', 'is', null)
      .orderBy('case_follower.created_at')
      .execute();
  },
};

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function filtered(db: Executor, f: CaseFilter) {
  let q = db.selectFrom('case_file').innerJoin('category', 'category.id', 'case_file.category_id');
  if (f.statuses?.length) q = q.where('case_file.status', 'in', f.statuses);
  if (f.categoryKey) q = q.where('category.key', '=', f.categoryKey);
  if (f.departmentId !== undefined) q = q.where('case_file.department_id', '=', f.departmentId);
  if (f.assigneeUserId !== undefined) q = q.where('case_file.assignee_user_id', '=', f.assigneeUserId);
  if (f.overdue === true) q = q.where('case_file.status', 'in', ['new', 'accepted', 'in_progress']).where('case_file.due_at', '<', f.now);
  if (f.overdue === false) q = q.where((eb) => eb.or([eb('case_file.status', 'not in', ['new', 'accepted', 'in_progress']), eb('case_file.due_at', '>=', f.now)]));
  if (f.text) {
    const pattern = `%${likeEscape(f.text.toLowerCase())}%`;
    q = q.where((eb) =>
      eb.or(['case_file.reference', 'case_file.description', 'case_file.address'].map((col) => eb(sql`lower(${sql.ref(col)})`, 'like', sql`${pattern} escape '\\'`))),
    );
  }
  if (f.departments) q = q.where('case_file.department_id', 'in', f.departments.length ? f.departments : [-1]);
  if (f.releasedOnly) q = q.where('case_file.released_at', 'is not', null);
  return q;
}

/** The audit log: insert and search only — there is no update or delete. */
import { sql, type Insertable, type Kysely, type SqlBool } from 'kysely';
import type { AuditLogRow, AuditLogTable, DB } from '../../db/schema.js';

type Executor = Kysely<DB>;

export interface AuditSearch {
  /** Substring of action, actor, subject id or detail (case-insensitive). */
  q?: string;
  /** Exact action or a prefix ending in "." (e.g. `settings.`). */
  action?: string;
  actor?: string;
  from?: number;
  to?: number;
  beforeId?: number;
  limit: number;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function likePattern(value: string): string {
  return `%${escapeLike(value.toLowerCase())}%`;
}

export const auditRepository = {
  async insert(db: Executor, entry: Insertable<AuditLogTable>): Promise<void> {
    await db.insertInto('audit_log').values(entry).execute();
  },

  /** Newest first, keyset-paginated by id. */
  async search(db: Executor, s: AuditSearch): Promise<AuditLogRow[]> {
    let q = db.selectFrom('audit_log').selectAll();
    if (s.q) {
      const p = likePattern(s.q);
      q = q.where((eb) =>
        eb.or([
          sql<SqlBool>`lower(action) like ${p} escape '\\'`,
          sql<SqlBool>`lower(actor_label) like ${p} escape '\\'`,
          sql<SqlBool>`lower(coalesce(subject_id, '')) like ${p} escape '\\'`,
          sql<SqlBool>`lower(coalesce(detail, '')) like ${p} escape '\\'`,
        ]),
      );
    }
    if (s.action) q = s.action.endsWith('.') ? q.where(sql<SqlBool>`action like ${`${escapeLike(s.action)}%`} escape '\\'`) : q.where('action', '=', s.action);
    if (s.actor) q = q.where(sql<SqlBool>`lower(actor_label) like ${likePattern(s.actor)} escape '\\'`);
    if (s.from !== undefined) q = q.where('at', '>=', s.from);
    if (s.to !== undefined) q = q.where('at', '<', s.to);
    if (s.beforeId !== undefined) q = q.where('id', '<', s.beforeId);
    return q.orderBy('id', 'desc').limit(s.limit).execute();
  },
};

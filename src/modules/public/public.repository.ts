/**
 * What the public side reads (issue 14): released cases only (`released_at` set by the workflow
 * of issue 12), and only the columns that carry no personal data — never the description, the
 * contact, names, numbers or e-mail addresses (D74). One query per method.
 */
import type { Executor } from '../contacts/contact.repository.js';

export interface PublicCase {
  reference: string;
  kind: string;
  status: string;
  category_id: number;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  created_at: number;
  released_at: number;
  status_changed_at: number;
  closed_at: number | null;
  /** The text staff wrote for the public when releasing (issue 12); never the citizen's own. */
  public_summary: string | null;
}

const COLUMNS = ['reference', 'kind', 'status', 'category_id', 'latitude', 'longitude', 'address', 'created_at', 'released_at', 'status_changed_at', 'closed_at', 'public_summary'] as const;

const numeric = (r: Record<string, unknown>): PublicCase =>
  ({
    ...r,
    category_id: Number(r.category_id),
    created_at: Number(r.created_at),
    released_at: Number(r.released_at),
    status_changed_at: Number(r.status_changed_at),
    closed_at: r.closed_at === null ? null : Number(r.closed_at),
  }) as PublicCase;

export const publicRepository = {
  /** Released cases, most recently changed first. */
  async listReleased(db: Executor, limit: number): Promise<PublicCase[]> {
    const rows = await db.selectFrom('case_file').select(COLUMNS).where('released_at', 'is not', null).orderBy('status_changed_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(numeric);
  },

  async findReleased(db: Executor, reference: string): Promise<(PublicCase & { id: number }) | undefined> {
    const row = await db.selectFrom('case_file').select([...COLUMNS, 'id']).where('reference', '=', reference).where('released_at', 'is not', null).executeTakeFirst();
    return row ? { ...numeric(row), id: Number(row.id) } : undefined;
  },

  /** The photos staff released of a released case (ids only; the files are served by id). */
  async releasedPhotoIds(db: Executor, caseId: number): Promise<number[]> {
    const rows = await db.selectFrom('case_media').select('id').where('case_id', '=', caseId).where('released_at', 'is not', null).orderBy('id').execute();
    return rows.map((r) => Number(r.id));
  },

  /** A released photo of a released case, or nothing (an unreleased photo is never found here). */
  async findReleasedPhoto(db: Executor, id: number): Promise<{ path: string; thumb_path: string } | undefined> {
    return db
      .selectFrom('case_media as m')
      .innerJoin('case_file as c', 'c.id', 'm.case_id')
      .select(['m.path', 'm.thumb_path'])
      .where('m.id', '=', id)
      .where('m.released_at', 'is not', null)
      .where('c.released_at', 'is not', null)
      .executeTakeFirst();
  },

  /** The status steps of a case: when it arrived and each status it moved to (no reasons, no actors). */
  async statusHistory(db: Executor, caseId: number): Promise<{ at: number; to_status: string }[]> {
    const rows = await db.selectFrom('case_history').select(['at', 'to_status']).where('case_id', '=', caseId).where('to_status', 'is not', null).orderBy('at').orderBy('id').execute();
    return rows.map((r) => ({ at: Number(r.at), to_status: r.to_status! }));
  },

  /** The timing of every case (for the figures per category; no personal data). */
  async timings(db: Executor): Promise<{ category_id: number; status: string; created_at: number; first_response_at: number | null; closed_at: number | null }[]> {
    const rows = await db.selectFrom('case_file').select(['category_id', 'status', 'created_at', 'first_response_at', 'closed_at']).execute();
    return rows.map((r) => ({ category_id: Number(r.category_id), status: r.status, created_at: Number(r.created_at), first_response_at: r.first_response_at === null ? null : Number(r.first_response_at), closed_at: r.closed_at === null ? null : Number(r.closed_at) }));
  },
};

/** Figures per category: received, resolved, median hours to first response and to resolution. */
export interface CategoryFigures {
  category_id: number;
  received: number;
  resolved: number;
  median_first_response_hours: number | null;
  median_resolution_hours: number | null;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function figuresOf(rows: Awaited<ReturnType<typeof publicRepository.timings>>): CategoryFigures[] {
  const by = new Map<number, typeof rows>();
  for (const r of rows) by.set(r.category_id, [...(by.get(r.category_id) ?? []), r]);
  const hours = (ms: number) => Math.round((ms / 3_600_000) * 10) / 10;
  return [...by.entries()].map(([category_id, list]) => {
    const first = median(list.filter((r) => r.first_response_at !== null).map((r) => r.first_response_at! - r.created_at));
    const resolvedRows = list.filter((r) => r.status === 'resolved' && r.closed_at !== null);
    const resolution = median(resolvedRows.map((r) => r.closed_at! - r.created_at));
    return { category_id, received: list.length, resolved: resolvedRows.length, median_first_response_hours: first === null ? null : hours(first), median_resolution_hours: resolution === null ? null : hours(resolution) };
  });
}

/**
 * The case workflow (architecture decision 9, D57): one transition table and one function that
 * applies it. Pure: the service loads the case, calls `transition`, writes the patch with the
 * version it read (optimistic locking) and the history row, and tells the citizen.
 *
 *   new → accepted → in_progress → resolved | rejected (reason) | forwarded (to whom) | duplicate (of which)
 *   a closed case (resolved, rejected, forwarded, duplicate) is reopened → in_progress (reason)
 */
import type { CaseStatus } from '../../db/schema.js';

export const CASE_STATUSES = ['new', 'accepted', 'in_progress', 'resolved', 'rejected', 'forwarded', 'duplicate'] as const satisfies readonly CaseStatus[];

/** The states a case may move to from each state. */
export const TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['accepted', 'rejected', 'forwarded', 'duplicate'],
  accepted: ['in_progress', 'resolved', 'rejected', 'forwarded', 'duplicate'],
  in_progress: ['resolved', 'rejected', 'forwarded', 'duplicate'],
  resolved: ['in_progress'],
  rejected: ['in_progress'],
  forwarded: ['in_progress'],
  duplicate: ['in_progress'],
};

export const CLOSED_STATUSES: readonly CaseStatus[] = ['resolved', 'rejected', 'forwarded', 'duplicate'];

export interface TransitionRequest {
  to: CaseStatus;
  reason?: string | undefined;
  /** For `forwarded`: the authority or body the case goes to. */
  forwardedTo?: string | undefined;
  /** For `duplicate`: the other case (already resolved to its id and state by the service). */
  duplicateOf?: { id: number; status: CaseStatus } | undefined;
}

export interface CaseState {
  id: number;
  status: CaseStatus;
  first_response_at: number | null;
}

export type TransitionResult =
  | {
      ok: true;
      action: 'transition' | 'reopen';
      patch: { status: CaseStatus; status_changed_at: number; closed_at: number | null; first_response_at: number | null; forwarded_to?: string | null; duplicate_of_case_id?: number | null; citizen_solved?: null };
    }
  | { ok: false; code: 'case/invalid_transition'; allowed: readonly CaseStatus[] }
  | { ok: false; code: 'case/reason_required' | 'case/forwarded_to_required' | 'case/duplicate_of_required' | 'case/duplicate_of_invalid'; field: string };

export function allowedTransitions(status: CaseStatus): readonly CaseStatus[] {
  return TRANSITIONS[status];
}

/** Checks a transition against the table and its required details; returns the change to write. */
export function transition(c: CaseState, request: TransitionRequest, now: number): TransitionResult {
  const allowed = TRANSITIONS[c.status];
  if (!allowed.includes(request.to)) return { ok: false, code: 'case/invalid_transition', allowed };
  const reopen = CLOSED_STATUSES.includes(c.status);
  const reason = request.reason?.trim() ?? '';
  if ((request.to === 'rejected' || reopen) && reason === '') return { ok: false, code: 'case/reason_required', field: 'reason' };
  if (request.to === 'forwarded' && !request.forwardedTo?.trim()) return { ok: false, code: 'case/forwarded_to_required', field: 'forwarded_to' };
  if (request.to === 'duplicate') {
    if (!request.duplicateOf) return { ok: false, code: 'case/duplicate_of_required', field: 'duplicate_of' };
    if (request.duplicateOf.id === c.id || request.duplicateOf.status === 'duplicate') return { ok: false, code: 'case/duplicate_of_invalid', field: 'duplicate_of' };
  }
  const closing = CLOSED_STATUSES.includes(request.to);
  return {
    ok: true,
    action: reopen ? 'reopen' : 'transition',
    patch: {
      status: request.to,
      status_changed_at: now,
      closed_at: closing ? now : null,
      first_response_at: c.first_response_at ?? now,
      ...(request.to === 'forwarded' ? { forwarded_to: request.forwardedTo!.trim() } : reopen ? { forwarded_to: null } : {}),
      ...(request.to === 'duplicate' ? { duplicate_of_case_id: request.duplicateOf!.id } : reopen ? { duplicate_of_case_id: null } : {}),
      // a new resolution asks anew (earlier answers stay in the history)
      ...(reopen || request.to === 'resolved' ? { citizen_solved: null } : {}),
    },
  };
}

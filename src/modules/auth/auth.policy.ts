/**
 * Who may do what (architecture decision 17): the one place that maps roles to capabilities.
 * Every `/api` route declares the access it needs in its route config (`config.access`); the
 * request guard (src/http/auth.ts) enforces it, and `auth.policy.test.ts` plus the role-table
 * test (src/http/role-table.test.ts) check this table against the architecture's.
 *
 * Row scoping that a capability alone cannot express ("own departments", "released only",
 * "not one's own broadcast") is answered by the scope functions below, for the services.
 */
import type { StaffRole } from '../../db/schema.js';

export type Role = StaffRole;

/** Every role, in the order of the architecture's table. */
export const ROLES = ['admin', 'editor', 'approver', 'case_worker', 'integration'] as const satisfies readonly Role[];

/** Roles a person's account may hold; `integration` is for API tokens only. */
export const USER_ROLES = ['admin', 'editor', 'approver', 'case_worker'] as const satisfies readonly Role[];
export type UserRole = (typeof USER_ROLES)[number];

/**
 * Capabilities and the roles that hold them, one entry per row (or half-row) of decision 17.
 * Later issues add their routes under these names; a new row here needs a new row in the
 * architecture's table first.
 */
export const CAPABILITIES = {
  /** broadcasts: write, submit, cancel own (integration: submit only — checked in the service). */
  'broadcasts.write': ['admin', 'editor', 'approver', 'integration'],
  /** broadcasts: approve / return (not one's own), send urgent notices directly. */
  'broadcasts.approve': ['admin', 'approver'],
  'topics.read': ['admin', 'editor', 'approver', 'integration'],
  'topics.write': ['admin', 'editor'],
  'templates.read': ['admin', 'editor', 'approver'],
  'templates.write': ['admin', 'editor'],
  'tourism.read': ['admin', 'editor', 'approver'],
  'tourism.write': ['admin', 'editor'],
  /** cases: read — scope per role, see `caseScope`. */
  'cases.read': ['admin', 'approver', 'case_worker', 'integration'],
  /** cases: transition, reply, note, assign, release — scope per role, see `caseScope`. */
  'cases.act': ['admin', 'approver', 'case_worker'],
  'subscribers.counts': ['admin', 'editor', 'approver'],
  /** subscribers: look-up, export, erase (personal data). */
  'subscribers.personal': ['admin'],
  /** categories, departments, users, tokens, holidays, rate card, retention, town data: read. */
  'settings.read': ['admin', 'approver'],
  /** … and write. */
  'settings.write': ['admin'],
  /** dashboard and committee report (case workers: own departments). */
  'dashboard.read': ['admin', 'editor', 'approver', 'case_worker'],
  'audit.read': ['admin', 'approver'],
  'open311.post': ['integration'],
  /** operator tools (dead letters, re-queueing): the administrator's. */
  'operations': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

/**
 * What a route needs: `public` (anyone; rate-limited where it matters), `user` (any signed-in
 * person — own account, own notifications; not API tokens), or a capability.
 */
export type Access = 'public' | 'user' | Capability;

export function isCapability(value: string): value is Capability {
  return Object.hasOwn(CAPABILITIES, value);
}

/** True when any of `roles` holds `capability`. */
export function can(roles: readonly Role[], capability: Capability): boolean {
  const allowed: readonly Role[] = CAPABILITIES[capability];
  return roles.some((role) => allowed.includes(role));
}

/** Every capability the roles hold (for the staff app's navigation). */
export function capabilitiesOf(roles: readonly Role[]): Capability[] {
  return (Object.keys(CAPABILITIES) as Capability[]).filter((capability) => can(roles, capability));
}

export type CaseScope = 'all' | 'own_departments' | 'released' | 'none';

/** Which cases the roles may read (decision 17, "cases: read"); the widest scope wins. */
export function caseScope(roles: readonly Role[]): CaseScope {
  if (roles.includes('admin') || roles.includes('approver')) return 'all';
  if (roles.includes('case_worker')) return 'own_departments';
  if (roles.includes('integration')) return 'released';
  return 'none';
}

/** Which cases the roles may act on (decision 17, "cases: transition, reply, …"). */
export function caseActScope(roles: readonly Role[]): Exclude<CaseScope, 'released'> {
  if (roles.includes('admin') || roles.includes('approver')) return 'all';
  if (roles.includes('case_worker')) return 'own_departments';
  return 'none';
}

/**
 * Who is asking: a signed-in person (session cookie), an API token, or the bootstrap admin
 * token from the configuration. Set on the request by the guard (src/http/auth.ts) and passed to
 * services as part of a `RequestContext`.
 */
import type { Role } from './auth.policy.js';

export type Principal =
  | {
      kind: 'user';
      userId: number;
      email: string;
      name: string;
      language: string;
      roles: Role[];
      departmentIds: number[];
      sessionId: string;
      csrfToken: string;
    }
  | { kind: 'token'; tokenId: number; name: string; roles: Role[] }
  | { kind: 'bootstrap'; roles: Role[] };

/** What a service needs to know about the request: who, and from where (for the audit log). */
export interface RequestContext {
  principal: Principal | null;
  ip: string | null;
}

/** The context of work the product does by itself (seeds, schedules, the CLI). */
export const SYSTEM_CONTEXT: RequestContext = Object.freeze({ principal: null, ip: null });

/** How the audit log names an actor. */
export function describeActor(principal: Principal | null): { type: string; id: number | null; label: string } {
  if (!principal) return { type: 'system', id: null, label: 'system' };
  switch (principal.kind) {
    case 'user':
      return { type: 'user', id: principal.userId, label: principal.email };
    case 'token':
      return { type: 'token', id: principal.tokenId, label: `token:${principal.name}` };
    case 'bootstrap':
      return { type: 'bootstrap', id: null, label: 'STADTBOTE_ADMIN_TOKEN' };
  }
}

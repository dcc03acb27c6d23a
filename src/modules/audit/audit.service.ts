/**
 * The audit log (product: "every access to personal data is written to an audit log"):
 * logins (success and failure, never the password), settings changes, and every view or
 * export of a citizen's personal data. Entries are written in the transaction of the change
 * they describe; the product has no way to edit or delete them.
 *
 * Later modules call `audit.record(trx, { ctx, action: 'personal_data.view', subject_type:
 * 'contact', subject_id: String(id) })` whenever they show or export a citizen's data.
 */
import type { Database } from '../../db/database.js';
import type { AuditLogRow } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { describeActor, type RequestContext } from '../auth/principal.js';
import { auditRepository, type AuditSearch } from './audit.repository.js';

/** Known actions (free-form `domain.verb` strings are allowed; these are the ones in use). */
export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'auth.password_changed'
  | 'personal_data.view'
  | 'personal_data.export'
  | 'personal_data.erase'
  | (string & {});

export interface AuditEntry {
  ctx: RequestContext;
  action: AuditAction;
  subject_type?: string;
  subject_id?: string | number;
  /** Serialised as JSON. Never put passwords, tokens or message texts here. */
  detail?: Record<string, unknown>;
  /** For an anonymous actor (a failed login): the name it tried. */
  actor_label?: string;
}

const SECRET_KEY = /password|token|secret|hash/i;

/** Removes anything that looks like a secret from a detail object (a second line of defence). */
function scrub(detail: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (SECRET_KEY.test(key)) continue;
    out[key] = value !== null && typeof value === 'object' && !Array.isArray(value) ? scrub(value as Record<string, unknown>) : value;
  }
  return out;
}

export interface AuditService {
  record(trx: Database, entry: AuditEntry): Promise<void>;
  search(db: Database, search: AuditSearch): Promise<AuditLogRow[]>;
}

export function createAuditService({ clock }: { clock: Clock }): AuditService {
  return {
    async record(trx, entry) {
      const actor = describeActor(entry.ctx.principal);
      const anonymous = entry.ctx.principal === null && entry.actor_label !== undefined;
      await auditRepository.insert(trx, {
        at: clock.now().getTime(),
        actor_type: anonymous ? 'anonymous' : actor.type,
        actor_id: actor.id,
        actor_label: (entry.actor_label ?? actor.label).slice(0, 320),
        action: entry.action,
        subject_type: entry.subject_type ?? null,
        subject_id: entry.subject_id === undefined ? null : String(entry.subject_id),
        detail: entry.detail ? JSON.stringify(scrub(entry.detail)) : null,
        ip: entry.ctx.ip,
      });
    },
    search: (db, search) => auditRepository.search(db, search),
  };
}

/**
 * The changed fields between two versions of a record, for settings-change entries:
 * `{field: {from, to}}`, secrets left out.
 */
export function changes(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (SECRET_KEY.test(key)) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return out;
}

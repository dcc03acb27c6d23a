/**
 * Sign-in and who-is-asking (decision 17): e-mail + password (argon2id) → a server-side
 * session (idle and absolute expiry) with a CSRF token; API tokens (random, stored as sha256,
 * scoped to one role, revocable, last use recorded); the bootstrap admin token from the
 * configuration. Failed logins are throttled (login-throttle.ts), and every login and failure is
 * written to the audit log (never the password).
 */
import type { Database } from '../../db/database.js';
import type { StaffUserRow } from '../../db/schema.js';
import { AppError, unauthorized, invalid } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditService } from '../audit/audit.service.js';
import { userRepository } from '../users/user.repository.js';
import { sessionRepository, throttleRepository, tokenRepository } from './auth.repository.js';
import type { Role } from './auth.policy.js';
import { loginThrottle, THROTTLE_WINDOW_MS } from './login-throttle.js';
import {
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  randomSecret,
  safeEqual,
  sha256Hex,
  verifyAgainstDummy,
  verifyPassword,
} from './password.js';
import type { Principal, RequestContext } from './principal.js';

/** A session ends after this long without a request … */
export const SESSION_IDLE_MS = 60 * 60_000;
/** … and in any case this long after the login. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** `last_seen_at` and a token's `last_used_at` are written at most this often. */
const TOUCH_EVERY_MS = 60_000;

export const SESSION_COOKIE = 'stadtbote_session';
export const API_TOKEN_PREFIX = 'sbt_';

export interface LoginResult {
  /** The cookie's value (only ever sent to the browser; the database keeps its hash). */
  cookieValue: string;
  principal: Extract<Principal, { kind: 'user' }>;
  expiresAt: number;
}

export interface AuthService {
  login(db: Database, input: { email: string; password: string }, ip: string | null): Promise<LoginResult>;
  logout(db: Database, ctx: RequestContext): Promise<void>;
  /** The principal of a session cookie, or null when unknown, expired or the user is inactive. */
  resolveSession(db: Database, cookieValue: string): Promise<Extract<Principal, { kind: 'user' }> | null>;
  /** The principal of an API token, or null when unknown or revoked. */
  resolveToken(db: Database, token: string): Promise<Extract<Principal, { kind: 'token' }> | null>;
  changePassword(db: Database, ctx: RequestContext, input: { current_password: string; new_password: string }): Promise<void>;
}

/** Rules for a new password; throws 422 naming `field`. */
export function checkNewPassword(password: string, field: string, email?: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) throw invalid('auth/password_too_short', `The password needs at least ${PASSWORD_MIN_LENGTH} characters`, field);
  if (password.length > PASSWORD_MAX_LENGTH) throw invalid('auth/password_too_long', `The password may have at most ${PASSWORD_MAX_LENGTH} characters`, field);
  if (email && password.toLowerCase().includes(email.split('@')[0]!.toLowerCase()) && email.split('@')[0]!.length >= 4) {
    throw invalid('auth/password_contains_email', 'The password must not contain the e-mail address', field);
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function createAuthService({ clock, audit }: { clock: Clock; audit: AuditService }): AuthService {
  const toPrincipal = async (db: Database, user: StaffUserRow, sessionId: string, csrfToken: string): Promise<Extract<Principal, { kind: 'user' }>> => {
    const [roles, departments] = await Promise.all([userRepository.rolesOf(db, [user.id]), userRepository.departmentsOf(db, [user.id])]);
    return {
      kind: 'user',
      userId: user.id,
      email: user.email,
      name: user.name,
      language: user.language,
      roles: roles.get(user.id) ?? [],
      departmentIds: departments.get(user.id) ?? [],
      sessionId,
      csrfToken,
    };
  };

  return {
    async login(db, input, ip) {
      const email = normaliseEmail(input.email);
      const now = clock.now().getTime();
      const wait = await loginThrottle.waitMs(db, email, ip, now);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        await audit.record(db, { ctx: { principal: null, ip }, action: 'auth.login_failed', actor_label: email, detail: { reason: 'throttled' } });
        throw new AppError('auth/throttled', `Too many failed logins; try again in ${seconds} s`, 429, undefined, { retry_after_s: seconds });
      }
      const user = await userRepository.findByEmail(db, email);
      const ok = user ? await verifyPassword(user.password_hash, input.password) : (await verifyAgainstDummy(input.password), false);
      if (!user || !ok || user.active !== 1) {
        await loginThrottle.recordFailure(db, email, ip, now);
        await audit.record(db, {
          ctx: { principal: null, ip },
          action: 'auth.login_failed',
          actor_label: email,
          detail: { reason: !user ? 'unknown_account' : !ok ? 'wrong_password' : 'inactive_account' },
        });
        throw new AppError('auth/invalid_credentials', 'E-mail address or password is wrong', 401);
      }
      const cookieValue = randomSecret(32);
      const sessionId = sha256Hex(cookieValue);
      const csrfToken = randomSecret(24);
      const expiresAt = now + SESSION_ABSOLUTE_MS;
      const principal = await db.transaction().execute(async (trx) => {
        await sessionRepository.insert(trx, { id: sessionId, user_id: user.id, csrf_token: csrfToken, created_at: now, last_seen_at: now, expires_at: expiresAt, ip });
        await userRepository.update(trx, user.id, { last_login_at: now });
        await loginThrottle.recordSuccess(trx, email, ip);
        // Housekeeping on the way: ended sessions and stale throttle counters (both indexed).
        await sessionRepository.deleteExpired(trx, now, now - SESSION_IDLE_MS);
        await throttleRepository.deleteOlder(trx, now - THROTTLE_WINDOW_MS);
        const p = await toPrincipal(trx, user, sessionId, csrfToken);
        await audit.record(trx, { ctx: { principal: p, ip }, action: 'auth.login', subject_type: 'user', subject_id: user.id });
        return p;
      });
      return { cookieValue, principal, expiresAt };
    },

    async logout(db, ctx) {
      if (ctx.principal?.kind !== 'user') return;
      const { sessionId } = ctx.principal;
      await db.transaction().execute(async (trx) => {
        await sessionRepository.delete(trx, sessionId);
        await audit.record(trx, { ctx, action: 'auth.logout' });
      });
    },

    async resolveSession(db, cookieValue) {
      if (!cookieValue || cookieValue.length > 128) return null;
      const id = sha256Hex(cookieValue);
      const session = await sessionRepository.find(db, id);
      if (!session) return null;
      const now = clock.now().getTime();
      if (session.expires_at <= now || session.last_seen_at + SESSION_IDLE_MS <= now) {
        await sessionRepository.delete(db, id);
        return null;
      }
      const user = await userRepository.findById(db, session.user_id);
      if (!user || user.active !== 1) return null;
      await sessionRepository.touch(db, id, now, TOUCH_EVERY_MS);
      return toPrincipal(db, user, id, session.csrf_token);
    },

    async resolveToken(db, token) {
      if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 128) return null;
      const row = await tokenRepository.findByHash(db, sha256Hex(token));
      if (!row || row.revoked_at !== null) return null;
      await tokenRepository.touch(db, row.id, clock.now().getTime(), TOUCH_EVERY_MS);
      return { kind: 'token', tokenId: row.id, name: row.name, roles: [row.role as Role] };
    },

    async changePassword(db, ctx, input) {
      const principal = ctx.principal;
      if (principal?.kind !== 'user') throw unauthorized();
      const user = await userRepository.findById(db, principal.userId);
      if (!user) throw unauthorized();
      if (!(await verifyPassword(user.password_hash, input.current_password))) {
        throw invalid('auth/wrong_password', 'The current password is wrong', 'current_password');
      }
      checkNewPassword(input.new_password, 'new_password', user.email);
      if (safeEqual(input.current_password, input.new_password)) {
        throw invalid('auth/password_unchanged', 'The new password must differ from the current one', 'new_password');
      }
      const passwordHash = await hashPassword(input.new_password);
      const now = clock.now().getTime();
      await db.transaction().execute(async (trx) => {
        await userRepository.update(trx, user.id, { password_hash: passwordHash, password_changed_at: now, updated_at: now });
        await sessionRepository.deleteForUser(trx, user.id, principal.sessionId);
        await audit.record(trx, { ctx, action: 'auth.password_changed', subject_type: 'user', subject_id: user.id });
      });
    },
  };
}

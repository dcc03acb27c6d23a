/**
 * The request guard (decision 17). Every `/api` route declares what it needs in its route config
 * — `config: { access: 'public' | 'user' | <capability> }` — and a route without a declaration
 * stops the start. For each such request the guard:
 *
 * 1. finds the principal: `Authorization: Bearer` with the bootstrap admin token
 *    (`STADTBOTE_ADMIN_TOKEN`, role admin) or an API token; otherwise the session cookie;
 * 2. answers 401 when a non-public route has no valid principal;
 * 3. answers 403 `auth/csrf` for a state-changing request authenticated by the cookie without
 *    the session's `X-CSRF-Token` (API tokens are not sent by browsers, so need none);
 * 4. answers 403 when the principal's roles lack the capability (`user` routes: people only).
 *
 * It runs in `onRequest`, before body validation, so 401/403 come before 422.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { AppError, forbidden, unauthorized } from '../errors.js';
import { can, isCapability, type Access } from '../modules/auth/auth.policy.js';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE, type AuthService } from '../modules/auth/auth.service.js';
import { safeEqual } from '../modules/auth/password.js';
import type { Principal, RequestContext } from '../modules/auth/principal.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking (null: nobody signed in). Set by the guard on `/api` routes. */
    principal: Principal | null;
  }
  interface FastifyInstance {
    /** Every `/api` route with its declared access (the role-table test walks this list). */
    apiRoutes: { method: string; url: string; access: Access }[];
  }
  interface FastifyContextConfig {
    /** What an `/api` route needs; see src/modules/auth/auth.policy.ts. */
    access?: Access;
  }
}

export interface AuthGuardOptions {
  db: Database;
  auth: AuthService;
  adminToken: string | null;
  /** Secure cookies when PUBLIC_URL is https. */
  secureCookies: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Registers the cookie parser, the access check at route registration and the guard. */
export async function registerAuthGuard(app: FastifyInstance, o: AuthGuardOptions): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('principal', null);
  const apiRoutes: FastifyInstance['apiRoutes'] = [];
  app.decorate('apiRoutes', apiRoutes);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') && route.url !== '/api') return;
    const access = (route.config as { access?: string } | undefined)?.access;
    if (access !== 'public' && access !== 'user' && !(access && isCapability(access))) {
      throw new Error(`${String(route.method)} ${route.url} declares no valid access (route config "access")`);
    }
    for (const method of [route.method].flat()) if (method !== 'HEAD') apiRoutes.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access === undefined) return;
    const { principal, viaCookie } = await resolvePrincipal(request, reply, o, access === 'public');
    request.principal = principal;
    if (access === 'public') return;
    if (!principal) throw unauthorized();
    if (viaCookie && !SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (typeof header !== 'string' || principal.kind !== 'user' || !safeEqual(header, principal.csrfToken)) {
        throw new AppError('auth/csrf', 'Missing or wrong X-CSRF-Token header', 403);
      }
    }
    if (access === 'user') {
      if (principal.kind !== 'user') throw forbidden('Only for signed-in people, not for API tokens');
      return;
    }
    if (!can(principal.roles, access)) throw forbidden();
  });
}

async function resolvePrincipal(
  request: FastifyRequest,
  reply: FastifyReply,
  o: AuthGuardOptions,
  isPublic: boolean,
): Promise<{ principal: Principal | null; viaCookie: boolean }> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    if (o.adminToken && token && safeEqual(token, o.adminToken)) return { principal: { kind: 'bootstrap', roles: ['admin'] }, viaCookie: false };
    const principal = token ? await o.auth.resolveToken(o.db, token) : null;
    if (!principal && !isPublic) throw new AppError('auth/invalid_token', 'The API token is unknown or revoked', 401);
    return { principal, viaCookie: false };
  }
  const value = request.cookies[SESSION_COOKIE];
  if (!value) return { principal: null, viaCookie: false };
  const principal = await o.auth.resolveSession(o.db, value);
  if (!principal) clearSessionCookie(reply, o.secureCookies);
  return { principal, viaCookie: principal !== null };
}

export function setSessionCookie(reply: FastifyReply, value: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_ABSOLUTE_MS / 1000 });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/** The request's context for services (who, from where). */
export function contextOf(request: FastifyRequest): RequestContext {
  return { principal: request.principal, ip: request.ip ?? null };
}

/** The signed-in person of a `user` route (the guard has checked it). */
export function userOf(request: FastifyRequest): Extract<Principal, { kind: 'user' }> {
  const p = request.principal;
  if (p?.kind !== 'user') throw unauthorized();
  return p;
}

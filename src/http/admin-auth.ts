/**
 * Bearer authentication with the bootstrap admin token (`STADTBOTE_ADMIN_TOKEN`). The staff-app
 * issue adds sessions, roles and API tokens on top; until then operator routes use this.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../errors.js';

/** True when the request carries the configured admin token. */
export function hasAdminToken(request: FastifyRequest, adminToken: string | null): boolean {
  if (!adminToken) return false;
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return false;
  return safeEqual(header.slice('Bearer '.length).trim(), adminToken);
}

/** A preHandler that demands the admin token. */
export function requireAdminToken(adminToken: string | null) {
  return async (request: FastifyRequest) => {
    if (!request.headers.authorization) throw unauthorized();
    if (!hasAdminToken(request, adminToken)) throw forbidden('Invalid token');
  };
}

/** Constant-time comparison of two strings of any length. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

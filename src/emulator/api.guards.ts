/** Checks shared by the Cloud API routes: bearer token, version segment; and a sleep for latency faults. */
import type { FastifyRequest } from 'fastify';
import type { Emulator } from './emulator.core.js';
import { authError, metaError } from './emulator.errors.js';

const VERSION = /^v\d+\.\d+$/;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Throws Meta's error unless the request carries an acceptable bearer token. */
export function checkBearer(emulator: Emulator, request: FastifyRequest): void {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw authError(true);
  const expected = emulator.config.access_token;
  if (expected !== null && match[1] !== expected) throw authError(false);
}

/** Throws Meta's "unknown path" error for a malformed version segment. */
export function checkVersion(version: string, url: string): void {
  if (!VERSION.test(version)) throw metaError(2500, `Unknown path components: ${url.split('?')[0] ?? url}`);
}


/**
 * Test helpers for the staff side: the first admin's generated password, people with given
 * roles, API tokens, and a signed-in client (cookie + CSRF token) for `app.inject`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Config } from '../config.js';
import type { Container } from '../container.js';
import type { Role, UserRole } from '../modules/auth/auth.policy.js';
import { DEFAULT_EMULATOR_ADMIN_EMAIL, INITIAL_PASSWORD_FILE } from '../modules/auth/first-admin.js';
import { SYSTEM_CONTEXT } from '../modules/auth/principal.js';

export const TEST_PASSWORD = 'correct horse battery staple';

/** The first admin's e-mail and the generated password from $DATA_DIR/initial-admin-password. */
export function firstAdmin(config: Config): { email: string; password: string } {
  return { email: DEFAULT_EMULATOR_ADMIN_EMAIL, password: readFileSync(path.join(config.dataDir, INITIAL_PASSWORD_FILE), 'utf8').trim() };
}

let counter = 0;

/** Creates a person with the given roles (and departments) through the service. */
export async function createPerson(
  container: Container,
  roles: UserRole[],
  options: { department_ids?: number[]; email?: string; name?: string; language?: 'de' | 'en' } = {},
): Promise<{ id: number; email: string; password: string }> {
  counter++;
  const email = options.email ?? `${roles.join('-') || 'nobody'}-${counter}-${Date.now()}@example.org`;
  const { user } = await container.users.create(container.db, SYSTEM_CONTEXT, {
    email,
    name: options.name ?? `Test ${roles.join(' ')} ${counter}`,
    roles,
    department_ids: options.department_ids,
    language: options.language,
    password: TEST_PASSWORD,
  });
  return { id: user.id, email, password: TEST_PASSWORD };
}

/** Creates an API token with `role`; returns the secret. */
export async function createApiToken(container: Container, role: Role, name = `test ${role}`): Promise<string> {
  return (await container.tokens.create(container.db, SYSTEM_CONTEXT, { name, role })).token;
}

export interface Client {
  inject(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
}

/** A client that signs in and then sends the session cookie and the CSRF token. */
export async function signIn(app: FastifyInstance, email: string, password: string, ip = '127.0.0.1'): Promise<Client & { cookie: string; csrf: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password }, remoteAddress: ip });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'stadtbote_session')!;
  const csrf = (response.json() as { data: { csrf_token: string } }).data.csrf_token;
  const header = `${cookie.name}=${cookie.value}`;
  return {
    cookie: header,
    csrf,
    inject: (method, url, payload) =>
      app.inject({ method, url, headers: { cookie: header, 'x-csrf-token': csrf }, ...(payload === undefined ? {} : { payload: payload as object }) }),
  };
}

/** A client with `Authorization: Bearer <token>`. */
export function bearer(app: FastifyInstance, token: string): Client {
  return {
    inject: (method, url, payload) => app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) }),
  };
}

/** A client without credentials. */
export function anonymous(app: FastifyInstance): Client {
  return { inject: (method, url, payload) => app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) }) };
}

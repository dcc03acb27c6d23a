/**
 * Builds the whole product in-process for a test: a fresh database of the given dialect, the
 * container (with an optional channel override) and the Fastify app. `another()` builds a second
 * instance on the same database.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { createContainer, type Container } from '../container.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Dialect } from '../db/sql.js';
import type { Emulator } from '../emulator/emulator.core.js';
import { emulatorOf } from '../http/emulator.mount.js';
import { silentLogger, type Logger } from '../lib/log.js';
import { readSeed, seedTown } from '../modules/town/town.seed.js';
import { ensureFirstAdmin } from '../modules/auth/first-admin.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export const TEST_APP_SECRET = 'test-app-secret';
export const TEST_VERIFY_TOKEN = 'test-verify-token';
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestInstance {
  app: FastifyInstance;
  container: Container;
  /** http://127.0.0.1:<port> — the instance listens for real (the emulator's webhooks come here). */
  url: string;
  /** The built-in emulator (emulator mode). */
  emulator: Emulator;
  /** Calls the emulator's control API over HTTP, e.g. control('POST', '/users', {...}). */
  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
  /** POSTs a payload to /webhooks/whatsapp signed with the test app secret. */
  postWebhook(payload: unknown): Promise<LightMyRequestResponse>;
}

export interface TestApp extends TestInstance {
  database: TestDatabase;
  config: Config;
  /** A second instance of the product on the same database. */
  another(options?: InstanceOptions): Promise<TestInstance>;
  close(): Promise<void>;
}

export interface InstanceOptions {
  inboundHoldBackMs?: number;
  /** The product's logger (default: silent); e.g. `capturingLogger(lines)` to check what logs hold. */
  log?: Logger;
  env?: Record<string, string>;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    WHATSAPP_MODE: 'emulator',
    WHATSAPP_APP_SECRET: TEST_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: TEST_VERIFY_TOKEN,
    STADTBOTE_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'stadtbote-data-')),
    LOG_LEVEL: 'silent',
    ...env,
  });
}

export function signBody(body: string, secret = TEST_APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Polls `check` until it returns a truthy value (I/O in flight: webhooks over loopback), with a
 * bound; never a sleep standing in for time passing — time moves only by the clock.
 */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what = 'condition', timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function instance(config: Config, database: DatabaseHandle, options: InstanceOptions): Promise<TestInstance> {
  const container = await createContainer(config, database, options.log ?? silentLogger(), {
    inboundHoldBackMs: options.inboundHoldBackMs ?? 0,
  });
  const app = await buildApp(container, { forceCloseConnections: true });
  await app.listen({ port: config.port, host: '127.0.0.1' });
  const emulator = emulatorOf(app);
  if (!emulator) throw new Error('test apps run in emulator mode');
  // Tests want statuses promptly; their order and content are what is asserted.
  emulator.updateConfig({ status_latency_ms: 1 });
  const url = `http://127.0.0.1:${config.port}`;
  return {
    app,
    container,
    url,
    emulator,
    async control<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${url}/emulator/_control${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, json: (text ? JSON.parse(text) : {}) as T };
    },
    postWebhook(payload: unknown) {
      const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
      return app.inject({
        method: 'POST',
        url: '/webhooks/whatsapp',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body) },
        payload: body,
      });
    },
  };
}

export async function createTestApp(dialect: Dialect, options: InstanceOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const config = testConfig({ PORT: String(await freePort()), ...options.env });
  const first = await instance(config, database, options);
  await seedTown(database.db, first.container.clock, readSeed(config.townSeedFile));
  // As `npm start` does: the first administrator (emulator mode: password in $DATA_DIR/initial-admin-password).
  await ensureFirstAdmin(database.db, config, first.container.clock, first.container.audit);
  const others: TestInstance[] = [];
  return {
    ...first,
    database,
    config,
    async another(more: InstanceOptions = {}) {
      const handle = await database.openAnother();
      const nextConfig = testConfig({ PORT: String(await freePort()), DATA_DIR: config.dataDir, ...options.env, ...more.env });
      const next = await instance(nextConfig, handle, { ...options, ...more });
      others.push(next);
      return next;
    },
    async close() {
      for (const other of others) {
        await other.app.close();
        await other.container.close();
      }
      await first.app.close();
      await first.container.close().catch(() => undefined);
      await database.drop().catch(() => undefined);
    },
  };
}

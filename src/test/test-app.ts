/**
 * Builds the whole product in-process for a test: a fresh database of the given dialect, the
 * container (with an optional channel override) and the Fastify app. `another()` builds a second
 * instance on the same database.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.js';
import type { ChannelPort } from '../channels/channel.js';
import { loadConfig, type Config } from '../config.js';
import { createContainer, type Container } from '../container.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Dialect } from '../db/sql.js';
import { silentLogger } from '../lib/log.js';
import { readSeed, seedTown } from '../modules/town/town.seed.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export const TEST_APP_SECRET = 'test-app-secret';
export const TEST_VERIFY_TOKEN = 'test-verify-token';
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestInstance {
  app: FastifyInstance;
  container: Container;
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
  channel?: ChannelPort;
  inboundHoldBackMs?: number;
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

async function instance(config: Config, database: DatabaseHandle, options: InstanceOptions): Promise<TestInstance> {
  const container = await createContainer(config, database, silentLogger(), {
    channel: options.channel,
    inboundHoldBackMs: options.inboundHoldBackMs ?? 0,
  });
  const app = await buildApp(container);
  await app.ready();
  return {
    app,
    container,
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
  const config = testConfig(options.env);
  const first = await instance(config, database, options);
  await seedTown(database.db, first.container.clock, readSeed(config.townSeedFile));
  const others: TestInstance[] = [];
  return {
    ...first,
    database,
    config,
    async another(more: InstanceOptions = {}) {
      const handle = await database.openAnother();
      const next = await instance(config, handle, { ...options, ...more });
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

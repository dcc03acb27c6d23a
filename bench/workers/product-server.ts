/**
 * The whole product in its own process, assembled as src/main.ts does — configuration from an
 * environment, createContainer, buildApp, listen, start the workers — on the benchmark's
 * database (migrated by the runner). Cloud mode with the runner's credentials; the log level is
 * the product's default. Reports its port.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createContainer } from '../../src/container.js';
import { createLogger } from '../../src/lib/log.js';
import { openBenchDatabase } from '../lib/db.js';
import { ACCESS_TOKEN, APP_SECRET, PHONE_NUMBER_ID, VERIFY_TOKEN } from '../lib/emulator.js';
import { exitWithParent, receive, report } from '../lib/proc.js';
import { startProfile, stopProfile } from '../lib/profiler.js';

async function main(): Promise<void> {
  report({ type: 'ready' });
  const go = await receive<{ type: 'go'; url: string; schema?: string; apiUrl: string }>('go');
  const config = loadConfig({
    WHATSAPP_MODE: 'cloud',
    WHATSAPP_API_URL: go.apiUrl,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    DATABASE_URL: go.url,
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'stadtbote-bench-data-')),
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const database = await openBenchDatabase(go.url, go.schema);
  const container = await createContainer(config, database, createLogger(config.logLevel));
  const app = await buildApp(container);
  await app.listen({ port: 0, host: '127.0.0.1' });
  container.start();
  exitWithParent(async () => {
    await app.close();
    await container.close();
  });
  const address = app.server.address();
  await startProfile();
  process.on('message', (raw) => {
    if ((raw as { type: string }).type === 'profile-stop') void stopProfile('product-server').then((file) => report({ type: 'profile-stopped', file }));
  });
  report({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
}

await main();

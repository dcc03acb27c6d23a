/**
 * `npm start`: configuration → database (migrations) → town seed → container → HTTP → workers.
 * Stops cleanly on SIGINT/SIGTERM.
 */
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createContainer } from './container.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { createLogger } from './lib/log.js';
import { readSeed, seedTown } from './modules/town/town.seed.js';
import { ensureFirstAdmin } from './modules/auth/first-admin.js'; // staff side (issue 7)
import { ensureWebBuild } from './web-build.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Stadtbote cannot start. ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  for (const warning of config.warnings) log.warn(warning);

  const database = await openDatabase(config.databaseUrl);
  await migrateToLatest(database.db);
  const container = await createContainer(config, database, log);
  if (await seedTown(database.db, container.clock, readSeed(config.townSeedFile))) log.info('town data seeded from %s', config.townSeedFile);
  // Staff side (issue 7): the first administrator, and the web pages when missing or stale.
  const firstAdmin = await ensureFirstAdmin(database.db, config, container.clock, container.audit);
  try {
    if (await ensureWebBuild()) log.info('web pages built into dist/web');
  } catch (error) {
    log.warn({ err: { type: error instanceof Error ? error.name : 'unknown' } }, 'could not build the web pages; serving the existing build, if any');
  }

  const app = await buildApp(container);
  await app.listen({ port: config.port, host: config.host });
  container.start();

  const lines = [
    `Stadtbote is running (${config.whatsapp.mode} mode, ${database.dialect}).`,
    `  Health:    ${config.publicUrl}/healthz`,
    `  Webhook:   ${config.publicUrl}/webhooks/whatsapp`,
    `  Staff app: ${config.publicUrl}/`,
  ];
  if (config.whatsapp.mode === 'emulator') {
    lines.push(
      `  Simulator: ${config.publicUrl}/simulator   (chat with the town as a citizen, no WhatsApp needed)`,
      `  Emulator:  ${config.publicUrl}/emulator    (Meta's Cloud API, played locally; control API at /emulator/_control)`,
      '  This is emulator mode: no message reaches a real phone. Set WHATSAPP_MODE=cloud and the Meta credentials to go live.',
    );
  }
  if (firstAdmin.outcome === 'created') {
    lines.push(`  First administrator: ${firstAdmin.email}${firstAdmin.passwordFile ? ` — the password is in ${firstAdmin.passwordFile}` : ' (password from STADTBOTE_ADMIN_PASSWORD)'}`);
  } else if (firstAdmin.outcome === 'missing') {
    lines.push(`  ${firstAdmin.hint}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await app.close();
    await container.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Stadtbote failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

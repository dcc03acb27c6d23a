/**
 * A dispatcher in its own process, for the crash tests (issue 5). Run with
 * `node --import tsx src/test/dispatcher-child.ts` and `DISPATCHER_CHILD` = a JSON
 * `DispatcherChildConfig`. It opens the test's database (same SQLite file or PostgreSQL schema;
 * the clock's offset comes from there), sends through the test's emulator over real HTTP, and
 * kills itself with SIGKILL — no cleanup, no flush — at the configured point:
 *
 * - `after_claim`: once at least `after` rows were claimed in total, right after that claim;
 * - `after_answer`: at Meta's `after`-th answer, before it is recorded;
 * - `after_record`: once at least `after` rows were recorded and no send this process started is
 *   still unrecorded (a clean "after recording": nothing of this process is between answer and
 *   record, so a crash here must not cause a duplicate).
 *
 * Exit code 1 with counts on stdout means the queue ran dry before the crash point was reached.
 */
import type { ChannelPort } from '../channels/channel.js';
import { createWhatsAppChannel } from '../channels/whatsapp/whatsapp.adapter.js';
import { openDatabase } from '../db/database.js';
import { DbClock } from '../db/db-clock.js';
import { silentLogger } from '../lib/log.js';
import { OutboxDispatcher } from '../modules/outbox/outbox.dispatcher.js';

export type CrashPoint = 'after_claim' | 'after_answer' | 'after_record';

export interface DispatcherChildConfig {
  databaseUrl: string;
  /** PostgreSQL schema of the test database. */
  schema?: string;
  emulatorUrl: string;
  phoneNumberId: string;
  accessToken: string;
  mps: number;
  horizonMs: number;
  leaseMs: number;
  crash: { point: CrashPoint; after: number };
}

async function main(): Promise<void> {
  const raw = process.env.DISPATCHER_CHILD;
  if (!raw) throw new Error('DISPATCHER_CHILD is not set');
  const config = JSON.parse(raw) as DispatcherChildConfig;
  const handle = await openDatabase(config.databaseUrl, config.schema ? { schema: config.schema, poolSize: 5 } : {});
  const clock = await DbClock.load(handle.db, { canAdvance: true });
  const whatsapp = createWhatsAppChannel({ apiUrl: config.emulatorUrl, apiVersion: 'v23.0', phoneNumberId: config.phoneNumberId, accessToken: config.accessToken });

  const counts = { claimed: 0, answered: 0, recorded: 0, unrecorded: 0 };
  const die = (): void => {
    process.kill(process.pid, 'SIGKILL');
  };
  // Counts sends this process started, so that `after_record` can wait for none to be in flight.
  const channel: ChannelPort = {
    ...whatsapp,
    send(to, message, options) {
      counts.unrecorded++;
      return whatsapp.send(to, message, options);
    },
  };
  const { point, after } = config.crash;
  const dispatcher = new OutboxDispatcher({
    db: handle.db,
    dialect: handle.dialect,
    clock,
    log: silentLogger(),
    channels: { whatsapp: channel },
    sender: config.phoneNumberId,
    mps: config.mps,
    messagingLimit: 'unlimited',
    horizonMs: config.horizonMs,
    leaseMs: config.leaseMs,
    hooks: {
      afterClaim(rows) {
        counts.claimed += rows.length;
        if (point === 'after_claim' && counts.claimed >= after) die();
      },
      afterAnswer() {
        counts.answered++;
        if (point === 'after_answer' && counts.answered >= after) die();
      },
      afterRecord() {
        counts.recorded++;
        counts.unrecorded--;
        if (point === 'after_record' && counts.recorded >= after && counts.unrecorded === 0) die();
      },
    },
  });
  await dispatcher.drain();
  process.stdout.write(`${JSON.stringify(counts)}\n`);
  await whatsapp.close();
  await handle.close();
  process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(2);
});

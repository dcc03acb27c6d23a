/**
 * Scenario 5 — crash: a 100,000-recipient broadcast is being sent (emulator uncapped, 0 ms
 * latency) by the dispatcher in its own process; once the emulator has accepted half of it the
 * process gets SIGKILL (kill -9). A new dispatcher process starts on the same database. The
 * leases of the dead process's rows expire after leaseMs (60 s); instead of sleeping, the new
 * process advances the product clock past them (as the tests do). Ground truth is the emulator:
 * every recipient is a user there, created by their first accepted message, so
 * lost = recipients − users and duplicates = accepted − users.
 */
import type { Dialect } from '../../src/db/sql.js';
import { fanOut } from '../../src/modules/outbox/fanout.repository.js';
import { size, type BenchContext } from '../lib/context.js';
import { createBenchDatabase, outboxStates, seedSubscribers } from '../lib/db.js';
import { BROADCAST_MESSAGE } from '../lib/emulator.js';
import { sleep, type Child } from '../lib/proc.js';
import { check, round, type Check, type ScenarioResult } from '../lib/stats.js';
import { runDispatcher, UNCAPPED_MPS } from './dispatch.js';

const LEASE_MS = 60_000;

export async function crashScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const started = performance.now();
  const n = size(ctx, 100_000, 1_000);
  const emulator = await ctx.emulator();
  const checks: Check[] = [];
  const figures: Record<string, unknown> = { recipients: n, killed_after_accepted: n / 2, lease_ms: LEASE_MS };
  for (const dialect of ctx.dialects as Dialect[]) {
    const database = await createBenchDatabase(dialect, ctx.pgUrl);
    try {
      const topicId = await seedSubscribers(database.db, dialect, n);
      await fanOut(database.db, { broadcastId: 1, topicIds: [topicId], payload: JSON.stringify(BROADCAST_MESSAGE), channel: 'whatsapp', now: Date.now(), notAfter: null });
      await emulator.reset({ mps: 'unlimited', latency_ms: 0 });

      // First process: killed with SIGKILL once half of the recipients were accepted.
      const victim: { child: Child | null } = { child: null };
      const watcher = (async () => {
        for (;;) {
          await sleep(20);
          if (!victim.child) continue;
          const stats = await emulator.stats();
          if (stats.accepted >= n / 2) {
            await victim.child.kill9();
            return;
          }
        }
      })();
      const first = runDispatcher(emulator, database, dialect, { mps: UNCAPPED_MPS, mode: 'drain', expect: n }, (child) => (victim.child = child)).catch((error: unknown) => error);
      await watcher;
      const outcome = await first;
      if (!(outcome instanceof Error)) throw new Error('the dispatcher finished before it could be killed');
      const atCrash = await outboxStates(database.db);
      const acceptedAtCrash = (await emulator.stats()).accepted;

      // Second process: the rest, after the dead process's leases expired (clock advanced).
      const t0 = performance.now();
      const rest = await runDispatcher(emulator, database, dialect, { mps: UNCAPPED_MPS, mode: 'drain', expect: (atCrash.queued ?? 0) + (atCrash.sending ?? 0), advanceClockMs: LEASE_MS + 1000 });
      const resumeSeconds = (performance.now() - t0) / 1000;
      const final = await outboxStates(database.db);
      const stats = (await emulator.control<{ accepted: number; users: number; requests: number; rejected: Record<string, number> }>('GET', '/stats'));
      const lost = n - stats.users;
      const duplicates = stats.accepted - stats.users;
      const inFlight = atCrash.sending ?? 0;
      figures[dialect] = {
        at_kill: { accepted: acceptedAtCrash, outbox: atCrash },
        restart_to_done_seconds: round(resumeSeconds, 2),
        final_outbox: final,
        emulator: { accepted: stats.accepted, distinct_recipients: stats.users, rejected: stats.rejected },
        lost,
        duplicates,
        in_flight_at_kill: inFlight,
        second_process_errors: rest.errors,
      };
      ctx.log(`crash[${dialect}]: killed at ${acceptedAtCrash} accepted (${inFlight} rows leased); after restart: lost ${lost}, duplicates ${duplicates}, rest sent in ${round(resumeSeconds, 1)} s`);
      checks.push(check(`${dialect}: recipients lost`, lost, '==', 0));
      checks.push(check(`${dialect}: outbox rows not sent at the end`, n - (final.sent ?? 0), '==', 0));
      checks.push(check(`${dialect}: duplicates ≤ rows in flight at the kill (${inFlight})`, duplicates, '<=', inFlight));
    } finally {
      await database.drop();
    }
  }
  return {
    id: 'crash',
    title: 'Crash: kill -9 mid-way through a broadcast',
    ok: checks.filter((c) => !c.informational).every((c) => c.ok),
    seconds: round((performance.now() - started) / 1000, 1),
    checks,
    figures,
    notes: [],
  };
}

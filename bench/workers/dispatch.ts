/**
 * The product's dispatcher in its own process, assembled as src/container.ts does: the
 * database, the DbClock, the WhatsApp channel (product defaults) pointed at the emulator, and an
 * OutboxDispatcher running its background loop (`start`). Optionally it enqueues a steady stream
 * of dialogue replies the way the inbound side does (`outbox.enqueue`).
 *
 * Runner → child: {type:'go', …} · child → runner: 'ready', 'progress', 'done'.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createWhatsAppChannel } from '../../src/channels/whatsapp/whatsapp.adapter.js';
import { DbClock } from '../../src/db/db-clock.js';
import type { Dialect } from '../../src/db/sql.js';
import { silentLogger } from '../../src/lib/log.js';
import { fanOut } from '../../src/modules/outbox/fanout.repository.js';
import { OutboxDispatcher } from '../../src/modules/outbox/outbox.dispatcher.js';
import { createOutboxService } from '../../src/modules/outbox/outbox.service.js';
import { openBenchDatabase } from '../lib/db.js';
import { ACCESS_TOKEN, BROADCAST_MESSAGE, PHONE_NUMBER_ID, REPLY_MESSAGE } from '../lib/emulator.js';
import { exitWithParent, receive, report } from '../lib/proc.js';
import { startProfile, stopProfile } from '../lib/profiler.js';

export type DispatchGo = {
  type: 'go';
  url: string;
  schema?: string;
  dialect: Dialect;
  apiUrl: string;
  mps: number;
  /** Expand this topic into outbox rows first (timed separately), as a broadcast does. */
  fanOutTopic?: number;
  /** drain: until `expect` rows are recorded and none is queued or sending; timed: for `seconds`. */
  mode: 'drain' | 'timed';
  expect?: number;
  seconds?: number;
  /** Advance the product clock by this much before starting (stands in for waiting out leases). */
  advanceClockMs?: number;
  /** Dialogue replies per second, to these contacts in turn. */
  replies?: { perSecond: number; contactIds: number[] };
};

export type DispatchDone = {
  type: 'done';
  seconds: number;
  fanOutSeconds: number | null;
  fanOutRows: number | null;
  recorded: number;
  repliesEnqueued: number;
  cpuSeconds: number;
  errors: string[];
  /** The dispatcher process's event-loop delay while it ran (ms). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Most sends that left the process in any sliding 1,000 ms. */
  maxDeparturesPerSecond: number;
  /** Sampled every 100 ms: the product process's own heap and RSS. */
  maxRssBytes: number;
  maxHeapBytes: number;
};

async function main(): Promise<void> {
  report({ type: 'ready' });
  const go = await receive<DispatchGo & { type: string }>('go');
  const database = await openBenchDatabase(go.url, go.schema);
  const { db, dialect } = database;
  const clock = await DbClock.load(db, { canAdvance: true });
  if (go.advanceClockMs) await clock.advance(go.advanceClockMs / 1000);
  const whatsapp = createWhatsAppChannel({ apiUrl: go.apiUrl, apiVersion: 'v23.0', phoneNumberId: PHONE_NUMBER_ID, accessToken: ACCESS_TOKEN });
  // Departure times of the sends (a time-stamp per call; nothing else changes).
  const departures: number[] = [];
  const channel: typeof whatsapp = {
    ...whatsapp,
    send(to, message, options) {
      // Wall-clock time, as the emulator counts its sliding second.
      if (departures.length < 2_000_000) departures.push(Date.now());
      return whatsapp.send(to, message, options);
    },
  };
  let recorded = 0;
  const dispatcher = new OutboxDispatcher({
    db,
    dialect,
    clock,
    log: silentLogger(),
    channels: { whatsapp: channel },
    sender: PHONE_NUMBER_ID,
    mps: go.mps,
    messagingLimit: 'unlimited',
    hooks: { afterRecord: () => void recorded++ },
  });
  const outbox = createOutboxService({ clock, defaultChannel: 'whatsapp' });
  const loop = monitorEventLoopDelay({ resolution: 2 });
  let maxRss = 0;
  let maxHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    maxRss = Math.max(maxRss, m.rss);
    maxHeap = Math.max(maxHeap, m.heapUsed);
  }, 100);
  exitWithParent(async () => {
    await dispatcher.stop();
  });

  const cpu0 = process.cpuUsage();
  let fanOutSeconds: number | null = null;
  let fanOutRows: number | null = null;
  if (go.fanOutTopic !== undefined) {
    const f0 = performance.now();
    const now = clock.now().getTime();
    fanOutRows = await fanOut(db, { broadcastId: 1, topicIds: [go.fanOutTopic], payload: JSON.stringify(BROADCAST_MESSAGE), channel: 'whatsapp', now, notAfter: null });
    fanOutSeconds = (performance.now() - f0) / 1000;
    report({ type: 'fanned-out', rows: fanOutRows, seconds: fanOutSeconds });
  }

  const errors: string[] = [];
  await startProfile();
  loop.enable();
  report({ type: 'started' });
  const t0 = performance.now();
  dispatcher.start((error) => {
    if (errors.length < 20) errors.push(error instanceof Error ? error.message : String(error));
  });

  let repliesEnqueued = 0;
  let replyTimer: NodeJS.Timeout | null = null;
  if (go.replies && go.replies.perSecond > 0) {
    const { perSecond, contactIds } = go.replies;
    const tickMs = 50;
    const replyStart = performance.now();
    let busy = false;
    replyTimer = setInterval(() => {
      if (busy) return;
      busy = true;
      // Steady: as many as are due by now (catches up after a late tick), each its own transaction.
      const due = Math.floor(((performance.now() - replyStart) / 1000) * perSecond) - repliesEnqueued;
      void (async () => {
        for (let i = 0; i < due; i++) {
          const contactId = contactIds[repliesEnqueued % contactIds.length]!;
          await db.transaction().execute((trx) => outbox.enqueue(trx, { contactId, kind: 'dialogue_reply', message: REPLY_MESSAGE as never }));
          repliesEnqueued++;
        }
      })().finally(() => (busy = false));
    }, tickMs);
  }

  const progress = setInterval(() => report({ type: 'progress', recorded, seconds: (performance.now() - t0) / 1000 }), 500);
  if (go.mode === 'timed') {
    await new Promise((resolve) => setTimeout(resolve, (go.seconds ?? 10) * 1000));
  } else {
    const expect = go.expect ?? 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, recorded >= expect ? 200 : 20));
      if (recorded < expect) continue;
      const open = await db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'in', ['queued', 'sending']).executeTakeFirstOrThrow();
      if (Number(open.n) === 0) break;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  await stopProfile(`dispatch-${go.dialect}`);
  if (replyTimer) clearInterval(replyTimer);
  clearInterval(progress);
  await dispatcher.stop();
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpu0);
  const done: DispatchDone = {
    type: 'done',
    seconds,
    fanOutSeconds,
    fanOutRows,
    recorded,
    repliesEnqueued,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    errors,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
    maxDeparturesPerSecond: maxInWindow(departures, 1000),
    maxRssBytes: maxRss,
    maxHeapBytes: maxHeap,
  };
  report(done);
  await whatsapp.close();
  await database.close();
}

/** The largest number of times within any window of `windowMs` (times ascending). */
function maxInWindow(times: number[], windowMs: number): number {
  let max = 0;
  for (let head = 0, tail = 0; head < times.length; head++) {
    while (times[head]! - times[tail]! >= windowMs) tail++;
    max = Math.max(max, head - tail + 1);
  }
  return max;
}

await main();

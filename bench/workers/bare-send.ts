/**
 * The comparison for the dispatch scenario: a bare loop that only POSTs the bodies the product
 * would send (built with the adapter's own builder before the clock starts) to the emulator,
 * with the product client's concurrency (one undici Agent, the same number of keep-alive
 * connections, that many requests in flight). No database, no decisions, no parsing.
 */
import { Agent } from 'undici';
import { buildMessageBody } from '../../src/channels/whatsapp/whatsapp.outbound.js';
import type { OutgoingMessage } from '../../src/channels/channel.js';
import { phoneOf } from '../lib/db.js';
import { ACCESS_TOKEN, BROADCAST_MESSAGE, PHONE_NUMBER_ID } from '../lib/emulator.js';
import { exitWithParent, receive, report } from '../lib/proc.js';

async function main(): Promise<void> {
  exitWithParent();
  report({ type: 'ready' });
  const go = await receive<{ type: 'go'; apiUrl: string; count: number; firstContact: number; concurrency: number; connections: number }>('go');
  const url = new URL(`${go.apiUrl}/v23.0/${PHONE_NUMBER_ID}/messages`);
  const bodies = Array.from({ length: go.count }, (_, i) =>
    JSON.stringify(buildMessageBody({ phone: phoneOf(go.firstContact + i) }, BROADCAST_MESSAGE as OutgoingMessage, { correlation: `outbox:${i + 1}` })),
  );
  const agent = new Agent({ connections: go.connections, keepAliveTimeout: 30_000 });
  const headers = { authorization: `Bearer ${ACCESS_TOKEN}`, accept: 'application/json, */*', 'content-type': 'application/json' };
  let next = 0;
  let ok = 0;
  let failed = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: go.concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const response = await agent.request({ origin: url.origin, path: url.pathname, method: 'POST', headers, body });
        await response.body.text();
        if (response.statusCode === 200) ok++;
        else failed++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  report({ type: 'done', seconds, ok, failed, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  await agent.close();
}

await main();

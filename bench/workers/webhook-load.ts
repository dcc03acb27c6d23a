/**
 * Load generator for webhook ingest (own process): for `seconds`, `concurrency` loops POST
 * signed status webhooks (sent, then delivered, then read, per known message, in that order) as
 * Meta sends them — `X-Hub-Signature-256` over the exact bytes — and time each request until its
 * answer is read. Closed loop: each loop sends its next request when the previous one answered.
 */
import { createHmac } from 'node:crypto';
import { Agent } from 'undici';
import { phoneOf } from '../lib/db.js';
import { PHONE_NUMBER_ID } from '../lib/emulator.js';
import { exitWithParent, receive, report } from '../lib/proc.js';

export type LoadGo = { type: 'go'; url: string; secret: string; seconds: number; concurrency: number; messages: number; firstContact: number; wamidPrefix: string };

const STATUSES = ['sent', 'delivered', 'read'] as const;

function body(k: number, go: LoadGo, baseSeconds: number): string {
  const i = Math.floor(k / 3) % go.messages;
  const status = STATUSES[k % 3]!;
  const value = {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '4921525550100', phone_number_id: PHONE_NUMBER_ID },
    statuses: [
      {
        id: `${go.wamidPrefix}${i}`,
        status,
        timestamp: String(baseSeconds + (k % 3)),
        recipient_id: phoneOf(go.firstContact + i),
        ...(status !== 'read' ? { pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' } } : {}),
      },
    ],
  };
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '210200300400502', changes: [{ field: 'messages', value }] }] });
}

async function main(): Promise<void> {
  exitWithParent();
  report({ type: 'ready' });
  const go = await receive<LoadGo>('go');
  const url = new URL(go.url);
  const agent = new Agent({ connections: go.concurrency, keepAliveTimeout: 30_000 });
  const baseSeconds = Math.floor(Date.now() / 1000);
  const latencies = new Float64Array(2_000_000);
  let count = 0;
  let next = 0;
  let ok = 0;
  let failed = 0;
  const t0 = performance.now();
  const end = t0 + go.seconds * 1000;
  await Promise.all(
    Array.from({ length: go.concurrency }, async () => {
      while (performance.now() < end && next < latencies.length) {
        const payload = body(next++, go, baseSeconds);
        const headers = { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', go.secret).update(payload).digest('hex')}` };
        const start = performance.now();
        try {
          const response = await agent.request({ origin: url.origin, path: url.pathname, method: 'POST', headers, body: payload });
          await response.body.text();
          if (response.statusCode === 200) ok++;
          else failed++;
        } catch {
          failed++;
        }
        latencies[count++] = performance.now() - start;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const sorted = Array.from(latencies.subarray(0, count)).sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  report({ type: 'done', seconds, sent: count, ok, failed, p50: at(50), p90: at(90), p99: at(99), max: sorted[sorted.length - 1] ?? Number.NaN });
  await agent.close();
}

await main();

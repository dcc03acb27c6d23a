/**
 * The WhatsApp emulator in its own process (`src/emulator/main.ts`, as `npm run emulator`
 * starts it), reconfigured between runs through its control API.
 */
import { spawnChild, type Child } from './proc.js';

export const PHONE_NUMBER_ID = '100000000000001';
export const ACCESS_TOKEN = 'bench-access-token';
export const APP_SECRET = 'bench-app-secret';
export const VERIFY_TOKEN = 'bench-verify-token';
/** Keep-alive connections of the product's Cloud API client (its default, whatsapp.client.ts). */
export const PRODUCT_CONNECTIONS = 256;
/** Requests the dispatcher has in flight at most: two overlapping rounds of 500 rows. */
export const DISPATCHER_IN_FLIGHT = 1000;

/** The one template the benchmark broadcasts (registered in the emulator and the product). */
export const TEMPLATE = { name: 'bench_notice', language: 'de', category: 'UTILITY' as const, body: 'Neue Abfuhrtermine für {{1}}.' };
export const BROADCAST_MESSAGE = { type: 'template', name: TEMPLATE.name, language: TEMPLATE.language, body: [{ text: 'Kempen-Nord' }] };
export const REPLY_MESSAGE = { type: 'text', text: 'Danke, wir kümmern uns darum.' };

export interface EmulatorStats {
  requests: number;
  accepted: number;
  rejected: Record<string, number>;
  failed_async: Record<string, number>;
}

export interface EmulatorProcess {
  child: Child;
  /** http://127.0.0.1:<port>/emulator — the product's WHATSAPP_API_URL. */
  apiUrl: string;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Clears users, messages and counters, then applies `config`. */
  reset(config: Record<string, unknown>): Promise<void>;
  stats(): Promise<EmulatorStats>;
  /** The emulator's event-loop delay (p99, max in ms) since the last call. */
  loopDelay(): Promise<{ p99Ms: number; maxMs: number }>;
  /** Profiles the emulator while `work` runs (only when BENCH_CPU_PROF_DIR is set). */
  profiled<T>(name: string, work: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

export async function startEmulator(config: { mps?: number | 'unlimited'; latencyMs?: number } = {}): Promise<EmulatorProcess> {
  const child = spawnChild('emulator', 'bench/workers/emulator.ts', [
    '--port', '0',
    '--mps', String(config.mps ?? 'unlimited'),
    '--latency-ms', String(config.latencyMs ?? 0),
    '--webhooks', 'off',
    '--pair-rate', 'off',
    '--messaging-limit', 'unlimited',
    '--phone-number-id', PHONE_NUMBER_ID,
    '--access-token', ACCESS_TOKEN,
    '--app-secret', APP_SECRET,
    '--verify-token', VERIFY_TOKEN,
  ]);
  const match = await child.stdoutMatch(/listening at (http:\/\/127\.0\.0\.1:\d+\/emulator)/);
  const apiUrl = match[1]!;
  const control = async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${apiUrl}/_control${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator ${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
  const emulator: EmulatorProcess = {
    child,
    apiUrl,
    control,
    async reset(patch) {
      await control('POST', '/reset', {});
      await control('PUT', '/config', {
        webhooks: false,
        pair_rate: false,
        messaging_limit: 'unlimited',
        templates: [{ name: TEMPLATE.name, language: TEMPLATE.language, category: TEMPLATE.category, status: 'APPROVED', body: TEMPLATE.body }],
        ...patch,
      });
    },
    stats: () => control<EmulatorStats>('GET', '/stats'),
    async loopDelay() {
      child.send({ type: 'loop-delay' });
      const { p99Ms, maxMs } = await child.next<{ type: 'loop-delay'; p99Ms: number; maxMs: number }>('loop-delay', 10_000);
      return { p99Ms, maxMs };
    },
    async profiled(name, work) {
      if (!process.env.BENCH_CPU_PROF_DIR) return work();
      child.send({ type: 'profile-start' });
      try {
        return await work();
      } finally {
        child.send({ type: 'profile-stop', name });
        await child.next('profile-stopped', 30_000);
      }
    },
    stop: () => child.stop(),
  };
  await emulator.reset({ mps: config.mps ?? 'unlimited', latency_ms: config.latencyMs ?? 0 });
  return emulator;
}

/**
 * Test helpers for the emulator: a real HTTP server on 127.0.0.1 port 0 with a ManualClock, and a
 * small `node:http` webhook receiver that verifies `X-Hub-Signature-256` over the raw bytes.
 * Time moves by advancing the clock; waiting is only for real webhooks to arrive.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../lib/clock.js';
import type { ConfigPatch } from './emulator.config.js';
import type { Emulator } from './emulator.core.js';
import type { EmulatorPluginOptions } from './emulator.plugin.js';
import { emulatorPlugin } from './emulator.plugin.js';

export const PHONE_NUMBER_ID = '100000000000001';
export const APP_SECRET = 'test-app-secret';
export const TOKEN = 'test-token';

/** A deterministic random source (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Received {
  body: Buffer;
  json: {
    object: string;
    entry: Array<{ id: string; time?: number; changes: Array<{ field: string; value: Record<string, unknown> }> }>;
  };
  signatureValid: boolean;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Status codes to answer, in order; 200 after the list is used up. */
  answers: number[];
  waitFor(predicate: (all: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  statuses(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startReceiver(secret = APP_SECRET): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const answers: number[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      const url = new URL(req.url ?? '/', 'http://x');
      res.writeHead(200).end(url.searchParams.get('hub.challenge') ?? '');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
      const signatureValid = given.length === expected.length && timingSafeEqual(given, expected);
      const status = answers.shift() ?? 200;
      if (status === 200) received.push({ body, json: JSON.parse(body.toString('utf8')) as Received['json'], signatureValid });
      res.writeHead(status).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhooks/whatsapp`,
    received,
    answers,
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for webhooks (got ${received.length})`)), timeoutMs);
        const check = (): void => {
          if (predicate(received)) {
            clearTimeout(timer);
            resolve(received);
          } else waiters.push(check);
        };
        check();
      });
    },
    statuses() {
      return received.flatMap((r) => r.json.entry.flatMap((e) => e.changes.flatMap((c) => (c.value.statuses as Array<Record<string, unknown>> | undefined) ?? [])));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface TestEmulator {
  app: FastifyInstance;
  base: string;
  clock: ManualClock;
  emulator: Emulator;
  /** POST /v23.0/{pnid}/messages with the bearer token. */
  send(body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }>;
  /** A control API call. */
  control(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startEmulator(
  config: ConfigPatch = {},
  extra: Partial<Pick<EmulatorPluginOptions, 'controlAccess' | 'random'>> = {},
): Promise<TestEmulator> {
  const clock = new ManualClock('2026-01-05T09:00:00Z');
  const app = Fastify({ logger: false });
  const ref: { emulator?: Emulator } = {};
  await app.register(emulatorPlugin, {
    prefix: '/emulator',
    clock,
    advanceClock: async (seconds) => clock.advance(seconds),
    config: { app_secret: APP_SECRET, access_token: TOKEN, status_latency_ms: 2, ...config },
    random: extra.random ?? seeded(42),
    ...(extra.controlAccess ? { controlAccess: extra.controlAccess } : {}),
    onReady: (emulator) => {
      ref.emulator = emulator;
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}/emulator`;
  const call = async (method: string, url: string, body: unknown, headers: Record<string, string>) => {
    const response = await fetch(url, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  if (!ref.emulator) throw new Error('emulator not ready');
  return {
    app,
    base,
    clock,
    emulator: ref.emulator,
    send: (body, headers = {}) =>
      call('POST', `${base}/v23.0/${PHONE_NUMBER_ID}/messages`, body, { authorization: `Bearer ${TOKEN}`, ...headers }),
    control: (method, path, body) => call(method, `${base}/_control${path}`, body, {}),
    close: () => app.close(),
  };
}

export function text(to: string, body: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body }, ...extra };
}

export function template(
  to: string,
  name: string,
  params: string[] = [],
  language = 'de',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    to,
    type: 'template',
    template: {
      name,
      language: { code: language },
      components: params.length ? [{ type: 'body', parameters: params.map((p) => ({ type: 'text', text: p })) }] : [],
    },
    ...extra,
  };
}

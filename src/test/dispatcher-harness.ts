/**
 * Test support for the dispatcher's crash and multi-instance tests (issue 5): an emulator whose
 * base URL another process can use, citizens with an open window on both sides, counting what
 * each citizen received from the emulator's inboxes, and running a dispatcher in a child process
 * (./dispatcher-child.ts) that kills itself at a crash point.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { createWhatsAppChannel, type WhatsAppChannel } from '../channels/whatsapp/whatsapp.adapter.js';
import type { Database } from '../db/database.js';
import type { DbClock } from '../db/db-clock.js';
import type { ConfigPatch } from '../emulator/emulator.config.js';
import type { Emulator } from '../emulator/emulator.core.js';
import { emulatorPlugin } from '../emulator/emulator.plugin.js';
import type { DispatcherChildConfig } from './dispatcher-child.js';

export const PHONE_NUMBER_ID = '100000000000001';
export const ACCESS_TOKEN = 'test-access-token';

export interface ReachableEmulator {
  emulator: Emulator;
  /** WHATSAPP_API_URL of this emulator, usable from another process. */
  baseUrl: string;
  /** A new WhatsApp channel (own HTTP pool) pointed at this emulator; closed with the emulator. */
  openChannel(): WhatsAppChannel;
  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
  close(): Promise<void>;
}

/** The emulator on 127.0.0.1 (real HTTP, the product's clock), reachable from child processes. */
export async function startReachableEmulator(clock: DbClock, config: ConfigPatch = {}): Promise<ReachableEmulator> {
  const app = Fastify({ logger: false });
  const ref: { emulator?: Emulator } = {};
  await app.register(emulatorPlugin, {
    prefix: '/emulator',
    clock,
    advanceClock: (seconds) => clock.advance(seconds),
    config: { phone_number_id: PHONE_NUMBER_ID, access_token: ACCESS_TOKEN, webhooks: false, status_latency_ms: 1, ...config },
    onReady: (emulator) => {
      ref.emulator = emulator;
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/emulator`;
  const channels: WhatsAppChannel[] = [];
  return {
    emulator: ref.emulator!,
    baseUrl,
    openChannel() {
      const channel = createWhatsAppChannel({ apiUrl: baseUrl, apiVersion: 'v23.0', phoneNumberId: PHONE_NUMBER_ID, accessToken: ACCESS_TOKEN });
      channels.push(channel);
      return channel;
    },
    async control<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${baseUrl}/_control${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, json: (text ? JSON.parse(text) : {}) as T };
    },
    async close() {
      await Promise.all(channels.map((c) => c.close()));
      await app.close();
    },
  };
}

/**
 * `count` citizens whose 24-hour window is open on both sides: contacts in the product with a
 * recent inbound message, users in the emulator who wrote. Returns contact ids and phones, in order.
 */
export async function citizensWithOpenWindow(db: Database, meta: ReachableEmulator, clock: DbClock, count: number): Promise<{ id: number; phone: string }[]> {
  const now = clock.now().getTime();
  const phones = Array.from({ length: count }, (_, i) => `49151${String(i).padStart(8, '0')}`);
  const contacts: { id: number; phone: string }[] = [];
  for (let i = 0; i < phones.length; i += 500) {
    const rows = await db
      .insertInto('contact')
      .values(phones.slice(i, i + 500).map((phone) => ({ phone, language: 'de', created_at: now, updated_at: now, last_inbound_at: now, unreachable_since: null, marketing_stopped_at: null })))
      .returning(['id', 'phone'])
      .execute();
    contacts.push(...rows.map((r) => ({ id: Number(r.id), phone: r.phone! })));
  }
  for (let i = 0; i < phones.length; i += 50) {
    await Promise.all(
      phones.slice(i, i + 50).map(async (phone) => {
        const user = await meta.control<{ id: string }>('POST', '/users', { phone: `+${phone}` });
        if (user.status !== 201) throw new Error(`emulator refused user ${phone}: ${JSON.stringify(user.json)}`);
        const wrote = await meta.control('POST', `/users/${user.json.id}/messages`, { type: 'text', text: 'Hallo' });
        if (wrote.status !== 201) throw new Error(`emulator refused inbound message: ${JSON.stringify(wrote.json)}`);
      }),
    );
  }
  return contacts.sort((a, b) => a.id - b.id);
}

export interface SentItem {
  wamid: string;
  accepted_at: string;
}

/** What the business sent, per phone, from the emulator's inboxes (`GET /users/{id}/inbox`). */
export async function sentByPhone(meta: ReachableEmulator): Promise<Map<string, SentItem[]>> {
  const users = (await meta.control<{ users: { id: string; phone: string | null }[] }>('GET', '/users')).json.users;
  const result = new Map<string, SentItem[]>();
  for (let i = 0; i < users.length; i += 50) {
    await Promise.all(
      users.slice(i, i + 50).map(async (user) => {
        const inbox = await meta.control<{ items: ({ direction: 'out' } & SentItem | { direction: 'in' })[] }>('GET', `/users/${user.id}/inbox`);
        const out = inbox.json.items.filter((item): item is { direction: 'out' } & SentItem => item.direction === 'out');
        result.set(user.phone ?? user.id, out.map(({ wamid, accepted_at }) => ({ wamid, accepted_at })));
      }),
    );
  }
  return result;
}

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the harness killed it for taking too long (not a crash point). */
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

const CHILD_ENTRY = fileURLToPath(new URL('./dispatcher-child.ts', import.meta.url));

/** Runs ./dispatcher-child.ts (node with tsx) and waits until it exits or is killed. */
export function runDispatcherChild(config: DispatcherChildConfig, timeoutMs = 30_000): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD_ENTRY], {
      env: { ...process.env, DISPATCHER_CHILD: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderr });
    });
  });
}

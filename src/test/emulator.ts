/**
 * A standalone emulator on 127.0.0.1 for tests of one part of the product (the dispatcher, the
 * adapter): real HTTP, the product's clock, and a WhatsApp channel pointed at it. Tests that run
 * the whole product use the built-in emulator of `createTestApp` instead.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { ChannelPort } from '../channels/channel.js';
import { createWhatsAppChannel } from '../channels/whatsapp/whatsapp.adapter.js';
import type { Emulator } from '../emulator/emulator.core.js';
import type { ConfigPatch } from '../emulator/emulator.config.js';
import { emulatorPlugin } from '../emulator/emulator.plugin.js';
import type { DbClock } from '../db/db-clock.js';

export interface TestEmulator {
  emulator: Emulator;
  /** The channel the product uses, pointed at this emulator. */
  channel: ChannelPort;
  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
  /** What the business sent to a phone number, in order (emulator inbox items). */
  sentTo(phone: string): Promise<{ wamid: string; type: string; content?: Record<string, unknown>; status: string }[]>;
  close(): Promise<void>;
}

const PHONE_NUMBER_ID = '100000000000001';
const TOKEN = 'test-access-token';

export async function startTestEmulator(clock: DbClock, config: ConfigPatch = {}): Promise<TestEmulator> {
  const app = Fastify({ logger: false });
  const ref: { emulator?: Emulator } = {};
  await app.register(emulatorPlugin, {
    prefix: '/emulator',
    clock,
    advanceClock: (seconds) => clock.advance(seconds),
    config: { phone_number_id: PHONE_NUMBER_ID, access_token: TOKEN, webhooks: false, status_latency_ms: 1, ...config },
    onReady: (emulator) => {
      ref.emulator = emulator;
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/emulator`;
  const channel = createWhatsAppChannel({ apiUrl: base, apiVersion: 'v23.0', phoneNumberId: PHONE_NUMBER_ID, accessToken: TOKEN });
  const control = async <T,>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/_control${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: (text ? JSON.parse(text) : {}) as T };
  };
  return {
    emulator: ref.emulator!,
    channel,
    control,
    async sentTo(phone: string) {
      const users = (await control<{ users: { id: string; phone: string | null }[] }>('GET', '/users')).json.users;
      const user = users.find((u) => u.phone === phone);
      if (!user) return [];
      const inbox = await control<{ items: { direction: string; wamid: string; type: string; content?: Record<string, unknown>; status: string }[] }>(
        'GET',
        `/users/${user.id}/inbox`,
      );
      return inbox.json.items.filter((i) => i.direction === 'out');
    },
    async close() {
      await (channel as { close?: () => Promise<void> }).close?.();
      await app.close();
    },
  };
}

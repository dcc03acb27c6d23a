/**
 * The WhatsApp Cloud API emulator as a Fastify plugin (architecture decisions 11–13).
 *
 *   await app.register(emulatorPlugin, { prefix: '/emulator', clock, advanceClock, config, controlAccess });
 *
 * Then a client's WHATSAPP_API_URL is `http://host:port/emulator`: the Cloud API answers under
 * `/emulator/{version}/…`, media downloads under `/emulator/whatsapp_business/attachments/`, the
 * control API under `/emulator/_control/…`. Not wrapped in fastify-plugin: its hooks, error
 * handlers and multipart parser stay inside its own context.
 */
import { timingSafeEqual } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../lib/clock.js';
import { cloudApiRoutes } from './cloud-api.routes.js';
import type { ControlAccess } from './control.routes.js';
import { controlRoutes } from './control.routes.js';
import type { ConfigPatch } from './emulator.config.js';
import { Emulator } from './emulator.core.js';
import { fbtraceId } from './emulator.errors.js';
import { attachmentRoutes } from './media.routes.js';

export interface EmulatorPluginOptions {
  /** The one clock (decision 12): windows, rate limits, media URL expiry and webhook timestamps read it. */
  clock: Clock;
  /** Moves the clock forward (`POST /_control/clock`); the product persists the offset. */
  advanceClock: (seconds: number) => Promise<unknown>;
  /** Initial configuration, partial; same fields as `PUT /_control/config`. */
  config?: ConfigPatch;
  /** Who may use `/_control`; default: loopback clients only. */
  controlAccess?: ControlAccess;
  /** Randomness for faults, disorder and jitter; tests pass a seeded one. */
  random?: () => number;
  /** Receives the emulator instance once created (tests, benchmarks, the simulator page). */
  onReady?: (emulator: Emulator) => void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function isLoopbackRequest(request: FastifyRequest): boolean {
  const ip = request.ip;
  return LOOPBACK.has(ip) || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

/** "Loopback client or admin token" (decision 13): what the product passes as `controlAccess`. */
export function loopbackOrBearer(adminToken: string | undefined | null): ControlAccess {
  const expected = adminToken ? Buffer.from(`Bearer ${adminToken}`) : null;
  return (request) => {
    if (isLoopbackRequest(request)) return true;
    const header = request.headers.authorization;
    if (!expected || typeof header !== 'string') return false;
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}

export async function emulatorPlugin(app: FastifyInstance, options: EmulatorPluginOptions): Promise<void> {
  const emulator = new Emulator({
    clock: options.clock,
    advanceClock: options.advanceClock,
    config: options.config,
    ...(options.random ? { random: options.random } : {}),
    warn: (message) => app.log.warn(message),
  });
  app.addHook('onClose', async () => emulator.close());
  if (!app.hasRequestDecorator('isMultipart')) await app.register(multipart);

  await app.register(controlRoutes(emulator, options.controlAccess ?? isLoopbackRequest), { prefix: '/_control' });
  await app.register(attachmentRoutes(emulator));
  await app.register(cloudApiRoutes(emulator));

  app.setNotFoundHandler((request, reply) => {
    const path = (request.url.split('?')[0] ?? request.url).slice(app.prefix.length) || '/';
    return reply.code(400).send({
      error: { message: `Unknown path components: ${path}`, type: 'OAuthException', code: 2500, fbtrace_id: fbtraceId() },
    });
  });
  options.onReady?.(emulator);
}

export { Emulator };

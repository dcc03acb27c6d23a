/**
 * The control API under `/_control` (documented in README.md): users and their messages
 * (control.users.ts), config, clock, reset, stats, webhook log and handshake, media bytes.
 * Answers only when `controlAccess(request)` allows it (else 403).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Emulator, HandshakeResult } from './emulator.core.js';
import { configView } from './emulator.config.js';
import { ControlError, controlErrorHandler } from './control.errors.js';
import { registerUserRoutes } from './control.users.js';

export type ControlAccess = (request: FastifyRequest) => boolean;

const clockSchema = z.object({ advance_s: z.number().min(0).max(10 * 365 * 24 * 3600) }).strict();
const resetSchema = z.object({ reset_config: z.boolean().default(false) }).strict();

export function controlRoutes(emulator: Emulator, controlAccess: ControlAccess) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.setErrorHandler(controlErrorHandler);
    app.addHook('onRequest', async (request) => {
      if (!controlAccess(request)) {
        throw new ControlError(403, 'emulator/forbidden', 'The emulator control API answers only loopback clients or the admin token.');
      }
    });

    registerUserRoutes(app, emulator);

    app.get('/config', async () => configView(emulator.config));

    app.put('/config', async (request) => {
      const before = emulator.config;
      const { config, template_events } = emulator.updateConfig(request.body ?? {});
      let verification: HandshakeResult | undefined;
      const changed = config.webhook_url !== before.webhook_url || config.verify_token !== before.verify_token;
      if (changed && config.webhook_url && config.webhooks) verification = await emulator.verifyWebhook();
      return { config: configView(config), template_events, ...(verification ? { webhook_verification: verification } : {}) };
    });

    app.get('/clock', async () => ({ now: emulator.clock.now().toISOString() }));

    app.post('/clock', async (request) => {
      const { advance_s } = clockSchema.parse(request.body ?? {});
      await emulator.advanceClock(advance_s);
      return { now: emulator.clock.now().toISOString() };
    });

    app.post('/reset', async (request) => {
      const { reset_config } = resetSchema.parse(request.body ?? {});
      emulator.reset(reset_config);
      return { ok: true, config_reset: reset_config };
    });

    app.get('/stats', async () => {
      const store = emulator.store;
      const now = emulator.nowMs();
      return {
        now: new Date(now).toISOString(),
        ...store.stats,
        users: store.users.size,
        messages: store.messages.size,
        media: store.media.size,
        throughput_window: store.throughput?.count(now) ?? null,
        messaging_limit_used: store.messagingLimit.size(now),
        pending_statuses: emulator.scheduler.pending,
        pending_webhooks: emulator.sender.pending,
      };
    });

    app.get('/billing', async () => {
      // Meta charges delivered messages: `delivered` counts those that reached delivered or read.
      const rows = new Map<string, { market: string; category: string; type: string; messages: number; delivered: number }>();
      for (const record of emulator.store.messages.values()) {
        if (record.direction !== 'out' || !record.pricing) continue;
        const key = `${record.market}|${record.pricing.category}|${record.pricing.type}`;
        const row = rows.get(key) ?? { market: record.market, category: record.pricing.category, type: record.pricing.type, messages: 0, delivered: 0 };
        row.messages++;
        if (record.status === 'delivered' || record.status === 'read') row.delivered++;
        rows.set(key, row);
      }
      return { rows: [...rows.values()] };
    });

    app.get('/webhooks', async () => ({ pending: emulator.sender.pending, log: emulator.sender.log }));

    app.post('/webhooks/verify', async () => emulator.verifyWebhook());

    // Anything else under /_control is a control 404 (not a Cloud API path).
    app.all('/*', async (request) => {
      throw new ControlError(404, 'emulator/not_found', `No control route ${request.method} ${request.url.split('?')[0] ?? ''}.`);
    });

    app.get<{ Params: { id: string } }>('/media/:id', async (request, reply) => {
      const media = emulator.store.media.get(request.params.id);
      if (!media) throw new ControlError(404, 'emulator/media_not_found', `No media ${request.params.id}.`);
      return reply.header('content-type', media.mime_type).header('cache-control', 'no-store').send(media.data);
    });
  };
}

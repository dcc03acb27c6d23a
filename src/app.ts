/**
 * Builds the HTTP application from a container: plugins, the error handler and every module's
 * routes. Tests call this with a test container and use `app.inject`.
 */
import helmet from '@fastify/helmet';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { whatsappWebhookRoutes } from './channels/whatsapp/whatsapp.webhook.routes.js';
import type { Container } from './container.js';
import { registerErrorHandler } from './http/error-handler.js';
import { healthRoutes } from './http/health.routes.js';
import { inboundRoutes } from './modules/inbound/inbound.routes.js';
import { hasAdminToken } from './http/admin-auth.js';
import { isLoopbackAddress } from './http/loopback.js';
import { webRoutes } from './http/web.routes.js';
import { mountEmulator } from './http/emulator.mount.js';
import { tileSources } from './http/csp.js';
import { townRepository } from './modules/town/town.repository.js';
import type { Town } from './modules/town/town.seed.js';

export interface BuildOptions {
  /** true: close drops open connections at once (tests); default: idle ones only. */
  forceCloseConnections?: boolean;
}

export async function buildApp(container: Container, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: container.log as FastifyBaseLogger,
    forceCloseConnections: options.forceCloseConnections ?? 'idle',
    trustProxy: false,
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  await app.register(helmet, { global: true, contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:', 'blob:', ...tileSources(container.config.maps.tileUrl)] } } });

  await app.register(healthRoutes, { container });
  await app.register(inboundRoutes, { container });
  await app.register(whatsappWebhookRoutes, {
    appSecret: container.config.whatsapp.appSecret,
    verifyToken: container.config.whatsapp.verifyToken,
    sink: container.inboundSink,
    now: () => container.clock.now(),
  });
  const emulatorMode = container.config.whatsapp.mode === 'emulator';
  if (emulatorMode) await mountEmulator(app, container);
  await app.register(webRoutes, {
    simulator: emulatorMode,
    map: { tileUrl: container.config.maps.tileUrl, attribution: container.config.maps.attribution },
    townCenter: async () => (await townRepository.getSetting<Town>(container.db, 'town'))?.center ?? null,
    simulatorAccess: (request) => isLoopbackAddress(request.socket.remoteAddress) || hasAdminToken(request, container.config.admin.token),
  });
  return app;
}

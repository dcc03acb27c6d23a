/**
 * Builds the HTTP application from a container: plugins, the error handler and every module's
 * routes. Tests call this with a test container and use `app.inject`.
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
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
// staff side (issue 7): guard, OpenAPI, routes
import { AppError } from './errors.js';
import { registerAuthGuard } from './http/auth.js';
import { registerOpenApi } from './http/openapi.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { sessionRoutes } from './modules/auth/session.routes.js';
import { tokenRoutes } from './modules/auth/token.routes.js';
import { categoryRoutes } from './modules/categories/category.routes.js';
import { departmentRoutes } from './modules/departments/department.routes.js';
import { holidayRoutes } from './modules/holidays/holiday.routes.js';
import { notificationRoutes } from './modules/notifications/notification.routes.js';
import { settingsRoutes } from './modules/settings/settings.routes.js';
import { templateRoutes } from './modules/templates/template.routes.js';
import { topicRoutes } from './modules/topics/topic.routes.js';
import { userRoutes } from './modules/users/user.routes.js';
import { privacyRoutes } from './modules/privacy/privacy.routes.js'; // issue 9
import { subscriberRoutes } from './modules/subscribers/subscriber.routes.js'; // issue 9
import { touristAnswerRoutes } from './modules/tourist-answers/tourist-answer.routes.js'; // issue 9
import { broadcastRoutes } from './modules/broadcasts/broadcast.routes.js'; // issue 10
import { mediaRoutes } from './modules/media/media.routes.js'; // issue 10
import { noticesPage } from './modules/broadcasts/notices.page.js'; // issue 10: /public/notices
import { caseRoutes } from './modules/cases/case.routes.js'; // issue 12
import { webformRoutes } from './modules/public/webform.routes.js'; // issue 14: the web form
import { publicRoutes } from './modules/public/public.routes.js'; // issue 14: /public, cases, widget

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
  // Staff side (issue 7): rate limits for public routes (opt-in per route), the /api guard and
  // the OpenAPI document — all before any route, so that each route is seen.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new AppError('request/rate_limited', `Too many requests; try again in ${context.after}`, 429),
  });
  await registerAuthGuard(app, {
    db: container.db,
    auth: container.auth,
    adminToken: container.config.admin.token,
    secureCookies: container.config.publicUrl.startsWith('https:'),
  });
  await registerOpenApi(app, { publicUrl: container.config.publicUrl, version: '0.1.0' });
  for (const routes of [sessionRoutes, userRoutes, tokenRoutes, topicRoutes, departmentRoutes, categoryRoutes, holidayRoutes, settingsRoutes, templateRoutes, notificationRoutes, auditRoutes, broadcastRoutes, mediaRoutes]) {
    await app.register(routes, { container });
  }
  for (const routes of [touristAnswerRoutes, subscriberRoutes, privacyRoutes]) await app.register(routes, { container }); // issue 9
  await app.register(caseRoutes, { container }); // issue 12

  await app.register(healthRoutes, { container });
  await app.register(noticesPage, { container }); // issue 10
  await app.register(webformRoutes, { container, webform: container.webform }); // issue 14
  await app.register(publicRoutes, { container }); // issue 14
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


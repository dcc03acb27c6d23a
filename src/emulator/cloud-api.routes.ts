/**
 * The Cloud API surface under `/{version}/…` (whatsapp-cloud-api.md §1, §2): messages
 * (sends and mark-as-read), media upload / URL / delete, the phone number object. Bearer token
 * required; answers and errors in Meta's shapes; configured latency and faults applied first.
 */
import type { FastifyInstance } from 'fastify';
import { checkBearer, checkVersion, sleep } from './api.guards.js';
import type { Emulator } from './emulator.core.js';
import { MetaApiError, metaError, unknownObjectError } from './emulator.errors.js';
import { checkThroughput } from './emulator.rules.js';
import { isObj } from './validate.helpers.js';
import { validateMessagesBody } from './emulator.validate.js';
import { registerMediaRoutes } from './media.routes.js';
import { handleMarkRead, handleSend } from './send.service.js';

function countRejection(emulator: Emulator, code: number): void {
  const rejected = emulator.store.stats.rejected;
  rejected[code] = (rejected[code] ?? 0) + 1;
}

export function cloudApiRoutes(emulator: Emulator) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.setErrorHandler((error, request, reply) => {
      let meta: MetaApiError;
      if (error instanceof MetaApiError) meta = error;
      else {
        const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
        if (status >= 500) request.log.error({ err: error }, 'emulator: unexpected error');
        meta = status < 500 ? metaError(100, error instanceof Error ? error.message : 'Invalid request') : metaError(131000);
      }
      countRejection(emulator, meta.body.error.code);
      void reply.code(meta.httpStatus).send(meta.body);
    });

    app.addHook('onRequest', async (request) => {
      const config = emulator.config;
      emulator.store.stats.requests++;
      let delay = config.latency_ms;
      if (config.faults.slow_rate > 0 && emulator.random() < config.faults.slow_rate) delay += config.faults.slow_ms;
      if (delay > 0) await sleep(delay);
      if (config.faults.error_rate > 0 && emulator.random() < config.faults.error_rate) throw metaError(131000);
      checkBearer(emulator, request);
    });

    app.post<{ Params: { version: string; phoneNumberId: string } }>('/:version/:phoneNumberId/messages', async (request) => {
      checkVersion(request.params.version, request.url);
      if (request.params.phoneNumberId !== emulator.config.phone_number_id) {
        throw unknownObjectError('post', request.params.phoneNumberId);
      }
      const body = request.body;
      if (!(isObj(body) && body.status !== undefined)) {
        const limited = checkThroughput(emulator.store.throughput, emulator.nowMs());
        if (limited) throw limited;
      }
      const parsed = validateMessagesBody(body);
      if (parsed instanceof MetaApiError) throw parsed;
      return parsed.kind === 'read' ? handleMarkRead(emulator, parsed) : handleSend(emulator, parsed);
    });

    // Template management (read): what the registry sync asks for.
    app.get<{ Params: { version: string; wabaId: string } }>('/:version/:wabaId/message_templates', async (request) => {
      checkVersion(request.params.version, request.url);
      if (request.params.wabaId !== emulator.config.waba_id) throw unknownObjectError('get', request.params.wabaId);
      const data = emulator.config.templates.map((t, i) => ({
        id: t.id ?? String(9_000_000_000_000 + i),
        name: t.name,
        language: t.language,
        status: t.status,
        category: t.billed_category ?? t.category,
        components: [
          ...(t.header ? [{ type: 'HEADER', ...t.header }] : []),
          { type: 'BODY', text: t.body },
          ...(t.footer ? [{ type: 'FOOTER', text: t.footer }] : []),
          ...(t.quick_replies?.length ? [{ type: 'BUTTONS', buttons: t.quick_replies.map((text) => ({ type: 'QUICK_REPLY', text })) }] : []),
        ],
      }));
      return { data, paging: { cursors: { before: 'MAZDZD', after: 'MjQZD' } } };
    });

    registerMediaRoutes(app, emulator);
  };
}

/**
 * `GET` and `POST /webhooks/whatsapp` (decision 4): verify, store, answer, then process.
 * The signature is checked over the raw bytes before anything is stored; a correctly signed
 * JSON payload always gets 200 and is stored (parts the product cannot use are kept with a
 * reason); 401 without or with a wrong signature, 400 for a body that is not JSON, 415 for a
 * wrong content type, 413 over 3 MB.
 */
import type { FastifyInstance } from 'fastify';
import type { InboundSink } from '../channel.js';
import { normalizeWebhook, verifyHandshake, verifySignature } from './whatsapp.inbound.js';

/** Meta's payloads are at most 3 MB (whatsapp-cloud-api.md §3.3). */
export const WEBHOOK_BODY_LIMIT = 3 * 1024 * 1024;

export interface WebhookRouteOptions {
  appSecret: string;
  verifyToken: string;
  sink: InboundSink;
  /** The product's clock: the time of parts that carry none. */
  now: () => Date;
}

export async function whatsappWebhookRoutes(app: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  // Raw bytes for the signature; only JSON is accepted (anything else → 415).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.get('/webhooks/whatsapp', async (request, reply) => {
    const challenge = verifyHandshake(request.query as Record<string, unknown>, options.verifyToken);
    if (challenge === null) {
      return reply.status(403).send({ error: { code: 'webhook/verify_token_mismatch', message: 'Verification failed' } });
    }
    return reply.status(200).type('text/plain').send(challenge);
  });

  // Meta sends thousands of these per second in a large broadcast: no access-log line per request
  // (warnings and errors still are); counts are in /metrics.
  app.post('/webhooks/whatsapp', { bodyLimit: WEBHOOK_BODY_LIMIT, logLevel: 'warn' }, async (request, reply) => {
    const raw = request.body as Buffer;
    const signature = request.headers['x-hub-signature-256'];
    if (!verifySignature(raw, typeof signature === 'string' ? signature : undefined, options.appSecret)) {
      return reply.status(401).send({ error: { code: 'webhook/invalid_signature', message: 'Missing or invalid X-Hub-Signature-256' } });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply.status(400).send({ error: { code: 'webhook/invalid_json', message: 'Body is not JSON' } });
    }
    const events = normalizeWebhook(payload, options.now());
    const result = await options.sink.accept('whatsapp', events);
    request.log.debug({ stored: result.stored, duplicates: result.duplicates }, 'webhook stored');
    return reply.status(200).send({ status: 'ok' });
  });
}

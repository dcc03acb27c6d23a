/**
 * The one-time export link of MY DATA: no login, only the unguessable token (32 random bytes;
 * stored as its hash). The first visit spends it; afterwards, or once expired, 410 Gone.
 * Rate-limited; never cached, never indexed, no referrer.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { escapeHtml } from './privacy.render.js';
import { DEFAULT_TEXTS } from '../dialogue/catalogue/index.js';

export async function privacyRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/privacy/export/:token',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { hide: true, params: z.object({ token: z.string().max(200) }) },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex').type('text/html; charset=utf-8');
      const document = await container.privacy.openExport(container.db, request.params.token);
      if (!document) {
        const text = DEFAULT_TEXTS.text('de', 'data.link.gone');
        const en = DEFAULT_TEXTS.text('en', 'data.link.gone');
        const nl = DEFAULT_TEXTS.text('nl', 'data.link.gone');
        return reply
          .status(410)
          .send(`<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>410</title></head><body><main><h1>${escapeHtml(text)}</h1><p lang="en">${escapeHtml(en)}</p><p lang="nl">${escapeHtml(nl)}</p></main></body></html>`);
      }
      return reply.send(document.html);
    },
  );
}

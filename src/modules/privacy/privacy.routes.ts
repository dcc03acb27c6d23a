/**
 * The one-time export link of MY DATA: no login, only the unguessable token (32 random bytes;
 * stored as its hash). GET shows a button and spends nothing (link scanners and previews may
 * fetch it); the button's POST spends the link and shows the document. Used, unknown or expired:
 * 410 Gone. Rate-limited; never cached, never indexed, no referrer; requests to these URLs are
 * not logged (the token is in the path).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { DEFAULT_TEXTS } from '../dialogue/catalogue/index.js';
import { escapeHtml } from './privacy.render.js';

const params = z.object({ token: z.string().max(200) });
const config = { rateLimit: { max: 20, timeWindow: '1 minute' } };

function page(language: string, title: string, content: string): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}button{font-size:1.1rem;padding:.6rem 1rem;background:#0b5394;color:#fff;border:0;border-radius:.3rem;cursor:pointer}</style></head><body><main>${content}</main></body></html>`;
}

function gone(reply: FastifyReply) {
  const [de, en, nl] = (['de', 'en', 'nl'] as const).map((l) => escapeHtml(DEFAULT_TEXTS.text(l, 'data.link.gone')));
  return reply.status(410).send(page('de', de!, `<h1>${de}</h1><p lang="en">${en}</p><p lang="nl">${nl}</p>`));
}

export async function privacyRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  // The page's form posts an empty urlencoded body; its content is not needed (this plugin's scope only).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, _body, done) => done(null, {}));
  const r = app.withTypeProvider<ZodTypeProvider>();
  const headers = (reply: FastifyReply) => reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex').type('text/html; charset=utf-8');

  r.get('/privacy/export/:token', { config, logLevel: 'warn', schema: { hide: true, params } }, async (request, reply) => {
    headers(reply);
    const language = await container.privacy.peekExport(container.db, request.params.token);
    if (!language) return gone(reply);
    const town = DEFAULT_TEXTS.text(language, 'data.document.open');
    return reply.send(
      page(
        language,
        town,
        `<h1>${escapeHtml(town)}</h1><p>${escapeHtml(DEFAULT_TEXTS.text(language, 'data.document.open.text'))}</p><form method="post"><button type="submit">${escapeHtml(town)}</button></form>`,
      ),
    );
  });

  r.post('/privacy/export/:token', { config, logLevel: 'warn', schema: { hide: true, params } }, async (request, reply) => {
    headers(reply);
    const document = await container.privacy.openExport(container.db, request.params.token);
    return document ? reply.send(document.html) : gone(reply);
  });
}

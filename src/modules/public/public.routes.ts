/**
 * The public side's routes (issue 14): `/public`, `/public/cases/{reference}`, the figures in
 * `/public`, the scripts `/public/map.js` and `/public/widget.js` with its data
 * `/public/widget.json`, released photos `/public/photos/{id}` (and `/thumb`). All rate-limited, cacheable for a minute, no personal data. Only the
 * widget's script and data may be used from another origin (CORP cross-origin; CORS `*` on the
 * data, no credentials) — nothing else is loosened (D75).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import QRCode from 'qrcode';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Container } from '../../container.js';
import { AppError } from '../../errors.js';
import { categoryRepository } from '../categories/category.repository.js';
import type { Town } from '../town/town.seed.js';
import { townRepository } from '../town/town.repository.js';
import { languageOf } from './public.layout.js';
import { categoryNames, chatLink, placeOf, publicTexts, renderCase, renderHome, renderNotFound, STATUS_NAMES } from './public.page.js';
import { figuresOf, publicRepository } from './public.repository.js';
import { MAP_SCRIPT, WIDGET_SCRIPT } from './public.scripts.js';

const LIST_LIMIT = 100;
const WIDGET_LIMIT = 5;
const limit = { rateLimit: { max: 120, timeWindow: '1 minute' } };
const leafletDir = path.dirname(createRequire(import.meta.url).resolve('leaflet/dist/leaflet.js'));

const html = (reply: FastifyReply, status: number, body: string) => reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'public, max-age=60').send(body);
/** Readable by a page on another origin (a script tag in the town's CMS). */
const crossOrigin = (reply: FastifyReply) => reply.header('cross-origin-resource-policy', 'cross-origin');

export async function publicRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const { db, config } = container;
  const town = async () => {
    const t = await townRepository.getSetting<Town>(db, 'town');
    if (!t) throw new AppError('public/not_set_up', 'Not set up yet', 503);
    return t;
  };
  const activeCategories = async () => categoryRepository.list(db);

  app.get('/public', { config: limit }, async (request, reply) => {
    const language = languageOf((request.query as Record<string, unknown>).lang);
    const t = publicTexts(language);
    const chat = chatLink(config.whatsapp.displayNumber, `${t.prefilled} ${(await town()).service_name}`);
    const qrSvg = chat ? await QRCode.toString(chat, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }) : null;
    const [cases, categories, timings] = await Promise.all([publicRepository.listReleased(db, LIST_LIMIT), activeCategories(), publicRepository.timings(db)]);
    const body = renderHome({ town: await town(), language, timeZone: config.townTimezone, chat, qrSvg, cases, categories, figures: figuresOf(timings), mapTiles: config.maps.tileUrl !== null });
    return html(reply, 200, body.replace('<div id="map"', `<div id="map" data-tiles="${escapeAttr(config.maps.tileUrl ?? '')}" data-attribution="${escapeAttr(config.maps.attribution ?? '')}"`));
  });

  app.get('/public/cases/:reference', { config: limit }, async (request, reply) => {
    const language = languageOf((request.query as Record<string, unknown>).lang);
    const reference = String((request.params as { reference: string }).reference).slice(0, 40);
    const c = await publicRepository.findReleased(db, reference);
    if (!c) return html(reply, 404, renderNotFound({ town: await town(), language }));
    const [history, categories, photoIds] = await Promise.all([publicRepository.statusHistory(db, c.id), activeCategories(), publicRepository.releasedPhotoIds(db, c.id)]);
    return html(reply, 200, renderCase({ town: await town(), language, timeZone: config.townTimezone, c, history, categories, photoIds }));
  });

  // A photo staff released with its case (re-encoded without EXIF/GPS when it arrived); 404 otherwise.
  for (const variant of ['full', 'thumb'] as const) {
    app.get(variant === 'full' ? '/public/photos/:id' : '/public/photos/:id/thumb', { config: limit }, async (request, reply) => {
      const id = Number((request.params as { id: string }).id);
      const photo = Number.isSafeInteger(id) && id > 0 ? await publicRepository.findReleasedPhoto(db, id) : undefined;
      if (!photo) throw new AppError('public/photo_not_found', 'No such published photo', 404);
      const bytes = await readFile(container.reports.photos.resolve(variant === 'full' ? photo.path : photo.thumb_path));
      return reply.type('image/jpeg').header('cache-control', 'public, max-age=300').send(bytes);
    });
  }

  app.get('/public/map.js', { config: limit }, async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(MAP_SCRIPT));
  const types: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', png: 'image/png' };
  for (const file of ['leaflet.js', 'leaflet.css', 'images/marker-icon.png', 'images/marker-icon-2x.png', 'images/marker-shadow.png', 'images/layers.png', 'images/layers-2x.png']) {
    app.get(`/public/leaflet/${file}`, { config: limit }, async (_request, reply) =>
      reply.type(types[file.split('.').pop()!]!).header('cache-control', 'public, max-age=86400').send(await readFile(path.join(leafletDir, file))),
    );
  }

  // The widget: its URL and embedding never change (architecture.md, pages).
  app.get('/public/widget.js', { config: limit }, async (_request, reply) => crossOrigin(reply).type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(WIDGET_SCRIPT));

  app.get('/public/widget.json', { config: limit }, async (request, reply) => {
    const language = languageOf((request.query as Record<string, unknown>).lang);
    const t = publicTexts(language);
    const s = await town();
    const base = config.publicUrl;
    const q = language === 'en' ? '?lang=en' : '';
    const chat = chatLink(config.whatsapp.displayNumber, `${t.prefilled} ${s.service_name}`);
    const [cases, categories] = await Promise.all([publicRepository.listReleased(db, WIDGET_LIMIT), activeCategories()]);
    const names = categoryNames(categories, language);
    crossOrigin(reply).header('access-control-allow-origin', '*').header('vary', 'origin').header('cache-control', 'public, max-age=60');
    return {
      title: `${s.service_name}: ${t.title}`,
      entries: [...(chat ? [{ label: t.whatsapp, url: chat }] : []), { label: t.form, url: `${base}/public/report${q}` }, { label: t.notices, url: `${base}/public/notices${q}` }],
      latest_title: t.released,
      none: t.noneReleased,
      cases: cases.map((c) => ({ reference: c.reference, category: names.get(c.category_id) ?? '', status: STATUS_NAMES[language][c.status] ?? c.status, place: placeOf(c), url: `${base}/public/cases/${encodeURIComponent(c.reference)}${q}` })),
      more: { label: t.back, url: `${base}/public${q}` },
    };
  });
}

const escapeAttr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

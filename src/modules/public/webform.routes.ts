/**
 * The web form's routes (issue 14 item 3): `GET /public/report` (the form), `POST /public/report`
 * (multipart; a browser gets the receipt page or the form again with the error, an API client
 * `{"data":{"reference"}}` or the error JSON), `GET /public/email/confirm?token=` (the one-time
 * link). Rate-limited per address; nothing is stored unless every field is right.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Container } from '../../container.js';
import { AppError } from '../../errors.js';
import { MAX_PHOTO_BYTES } from '../cases/photo.store.js';
import { categoryRepository } from '../categories/category.repository.js';
import type { Town } from '../town/town.seed.js';
import { townRepository } from '../town/town.repository.js';
import { languageOf } from './public.layout.js';
import { renderConfirmation, renderForm, renderReceipt } from './webform.page.js';
import { MAX_WEB_PHOTOS, type WebFormService, type WebReportInput } from './webform.service.js';

const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

async function readForm(request: FastifyRequest): Promise<WebReportInput> {
  if (!request.isMultipart()) throw new AppError('webform/not_multipart', 'Send the form as multipart/form-data', 415);
  const fields: Record<string, string> = {};
  const photos: WebReportInput['photos'] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.filename === '' && bytes.length === 0) continue;
        if (part.fieldname !== 'photos') continue;
        photos.push({ bytes, mimeType: part.mimetype });
      } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('webform/photo_too_large', 'A photo is larger than 5 MB', 413, 'photos');
    if (code === 'FST_FILES_LIMIT') throw new AppError('webform/too_many_photos', `At most ${MAX_WEB_PHOTOS} photos`, 422, 'photos');
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw new AppError('webform/too_many_fields', 'The form has too many fields', 422);
    throw new AppError('webform/bad_form', 'The form could not be read', 400);
  }
  return { fields, photos };
}

export async function webformRoutes(app: FastifyInstance, { container, webform }: { container: Container; webform: WebFormService }): Promise<void> {
  await app.register(multipart, { limits: { files: MAX_WEB_PHOTOS + 1, fileSize: MAX_PHOTO_BYTES, fields: 20, fieldSize: 8 * 1024, parts: 30 } });
  const mailEnabled = container.config.smtp.url !== null;
  const town = async () => {
    const t = await townRepository.getSetting<Town>(container.db, 'town');
    if (!t) throw new AppError('public/not_set_up', 'Not set up yet', 503);
    return t;
  };
  const map = async () => (container.config.maps.tileUrl ? { tiles: container.config.maps.tileUrl, attribution: container.config.maps.attribution, center: (await townRepository.getSetting<Town>(container.db, 'town'))?.center ?? null } : undefined);
  const categories = async () => (await categoryRepository.list(container.db)).filter((c) => c.active === 1);

  app.get('/public/report', { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (request, reply) => {
    const language = languageOf((request.query as Record<string, unknown>).lang);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(renderForm({ town: await town(), language, categories: await categories(), formToken: webform.formToken(), mailEnabled, map: await map() }));
  });

  // Floods from one address: 5 reports per 10 minutes (a family at one router can still send several).
  app.post('/public/report', { bodyLimit: MAX_WEB_PHOTOS * MAX_PHOTO_BYTES + 256 * 1024, config: { rateLimit: { max: 5, timeWindow: '10 minutes' } } }, async (request, reply) => {
    const html = wantsHtml(request);
    let input: WebReportInput | undefined;
    try {
      input = await readForm(request);
      const result = await webform.submit(container.db, input);
      container.dispatcher.nudge();
      const language = languageOf(input.fields.language);
      if (html) return reply.status(201).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderReceipt({ town: await town(), language, ...result }));
      return reply.status(201).send({ data: { reference: result.reference, email_confirmation_sent: result.emailPending } });
    } catch (error) {
      if (!html || !(error instanceof AppError)) throw error;
      const values = { ...(input?.fields ?? {}) };
      delete values.form_token;
      delete values.website;
      return reply
        .status(error.status)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(renderForm({ town: await town(), language: languageOf(values.language), categories: await categories(), formToken: webform.formToken(), mailEnabled, map: await map(), error: { message: error.message, field: error.field }, values }));
    }
  });

  app.get('/public/email/confirm', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const confirmed = typeof query.token === 'string' && (await webform.confirm(container.db, query.token));
    return reply
      .status(confirmed ? 200 : 404)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(renderConfirmation({ town: await town(), language: languageOf(query.lang), confirmed }));
  });
}

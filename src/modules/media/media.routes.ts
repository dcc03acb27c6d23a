/**
 * `POST /api/media` (multipart, one file field): an image or PDF to attach to a notice; returns
 * its id. `GET /api/media/{id}`: the stored file (the editor's preview).
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { AppError } from '../../errors.js';
import { contextOf } from '../../http/auth.js';
import { errorSchema, guardedErrors, idParam } from '../../http/schemas.js';
import { MAX_PDF_BYTES } from './media.service.js';

const mediaSchema = z.object({ id: z.number(), kind: z.string().describe('image | document'), mime_type: z.string(), filename: z.string(), size_bytes: z.number(), created_at: z.string() });

export async function mediaRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  await app.register(multipart, { limits: { files: 1, fields: 5, fileSize: MAX_PDF_BYTES + 1, fieldSize: 1024 } });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/media',
    {
      config: { access: 'broadcasts.write' },
      schema: {
        summary: 'Upload an image (JPEG/PNG, ≤ 5 MB) or a PDF for a notice (multipart/form-data, field `file`)',
        tags: ['broadcasts'],
        consumes: ['multipart/form-data'],
        response: { 201: z.object({ data: mediaSchema }), ...guardedErrors, 413: errorSchema, 415: errorSchema, 422: errorSchema },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new AppError('media/not_multipart', 'Send the file as multipart/form-data in the field "file"', 415, 'file');
      const file = await request.file();
      if (!file || file.fieldname !== 'file') throw new AppError('media/missing_file', 'No file in the field "file"', 422, 'file');
      let bytes: Buffer;
      try {
        bytes = await file.toBuffer();
      } catch {
        throw new AppError('media/too_large', 'The file is too large (images ≤ 5 MB, PDF ≤ 16 MB)', 413, 'file');
      }
      const data = await container.media.upload(container.db, contextOf(request), { filename: file.filename, declaredType: file.mimetype, bytes });
      return reply.status(201).send({ data });
    },
  );

  r.get(
    '/api/media/:id',
    {
      config: { access: 'broadcasts.write' },
      schema: { summary: 'The stored file of a notice’s attachment', tags: ['broadcasts'], params: idParam, response: { 200: z.any().describe('the file (image/jpeg, image/png or application/pdf)'), ...guardedErrors, 404: errorSchema } },
    },
    async (request, reply) => {
      const row = await container.media.get(container.db, request.params.id);
      return reply
        .header('content-type', row.mime_type)
        .header('content-disposition', `inline; filename="${encodeURIComponent(row.filename)}"`)
        .header('x-content-type-options', 'nosniff')
        .send(await container.media.bytes(row));
    },
  );
}

/**
 * Media (whatsapp-cloud-api.md §2): multipart upload → `{id}`; `GET /{version}/{media-id}` →
 * url (valid 5 minutes by the clock), mime_type, sha256, file_size, id; download with a bearer
 * token only (401 without, 404 once expired or deleted); `DELETE` → `{success: true}`.
 * `GET /{version}/{phone-number-id}` answers the phone number object.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkBearer, checkVersion } from './api.guards.js';
import type { Emulator } from './emulator.core.js';
import { MetaApiError, fbtraceId, metaError, unknownObjectError } from './emulator.errors.js';

export const MEDIA_URL_TTL_S = 300;
const MB = 1024 * 1024;

/** Supported MIME types and their size limits (bytes). */
export const MEDIA_LIMITS: Readonly<Record<string, number>> = {
  'image/jpeg': 5 * MB,
  'image/png': 5 * MB,
  'image/webp': 500 * 1024,
  'text/plain': 100 * MB,
  'application/pdf': 100 * MB,
  'application/msword': 100 * MB,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 100 * MB,
  'application/vnd.ms-excel': 100 * MB,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 100 * MB,
  'application/vnd.ms-powerpoint': 100 * MB,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 100 * MB,
  'audio/aac': 16 * MB,
  'audio/amr': 16 * MB,
  'audio/mpeg': 16 * MB,
  'audio/mp4': 16 * MB,
  'audio/ogg': 16 * MB,
  'video/mp4': 16 * MB,
  'video/3gpp': 16 * MB,
};

async function readUpload(request: FastifyRequest): Promise<{ fields: Record<string, string>; file: { data: Buffer; mime: string; name: string } | null }> {
  if (!request.isMultipart()) throw metaError(100, 'The request must be multipart/form-data with messaging_product, file and type.');
  const fields: Record<string, string> = {};
  let file: { data: Buffer; mime: string; name: string } | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: 100 * MB, files: 1, fields: 10 } })) {
      if (part.type === 'file') file = { data: await part.toBuffer(), mime: part.mimetype, name: part.filename };
      else fields[part.fieldname] = String(part.value);
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw metaError(131053, 'File is larger than 100 MB.');
    throw metaError(100, `Invalid multipart body: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { fields, file };
}

function checkPhoneNumberParam(emulator: Emulator, request: FastifyRequest, method: 'get' | 'delete', id: string): void {
  const query = request.query as { phone_number_id?: string };
  if (query.phone_number_id !== undefined && query.phone_number_id !== emulator.config.phone_number_id) {
    throw unknownObjectError(method, id);
  }
}

export function registerMediaRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.post<{ Params: { version: string; phoneNumberId: string } }>('/:version/:phoneNumberId/media', async (request) => {
    checkVersion(request.params.version, request.url);
    if (request.params.phoneNumberId !== emulator.config.phone_number_id) throw unknownObjectError('post', request.params.phoneNumberId);
    const { fields, file } = await readUpload(request);
    if (fields.messaging_product !== 'whatsapp') throw metaError(100, 'The parameter messaging_product is required and must be whatsapp.');
    if (!file || file.data.length === 0) throw metaError(100, 'The parameter file is required.');
    const mime = (fields.type ?? file.mime).toLowerCase();
    const limit = MEDIA_LIMITS[mime];
    if (limit === undefined) {
      throw metaError(131053, `Param file must be a file with one of the following types: ${Object.keys(MEDIA_LIMITS).join(', ')}. Received file of type '${mime}'.`);
    }
    if (file.data.length > limit) throw metaError(131053, `File of type ${mime} is larger than the allowed ${limit} bytes.`);
    const record = emulator.store.addMedia({ data: file.data, mime_type: mime, filename: file.name || null, origin: 'business', now: emulator.nowMs() });
    return { id: record.id };
  });

  app.get<{ Params: { version: string; id: string } }>('/:version/:id', async (request) => {
    checkVersion(request.params.version, request.url);
    const { id } = request.params;
    const config = emulator.config;
    if (id === config.phone_number_id) {
      return {
        verified_name: config.verified_name,
        code_verification_status: 'VERIFIED',
        display_phone_number: `+${config.display_phone_number}`,
        quality_rating: 'GREEN',
        platform_type: 'CLOUD_API',
        throughput: { level: 'STANDARD' },
        id,
      };
    }
    checkPhoneNumberParam(emulator, request, 'get', id);
    const media = emulator.store.media.get(id);
    if (!media) throw unknownObjectError('get', id);
    const expires = Math.floor(emulator.nowMs() / 1000) + MEDIA_URL_TTL_S;
    const base = `${request.protocol}://${request.host}${app.prefix}`;
    return {
      messaging_product: 'whatsapp',
      url: `${base}/whatsapp_business/attachments/?mid=${id}&ext=${expires}&hash=${emulator.mediaUrlHash(id, expires)}`,
      mime_type: media.mime_type,
      sha256: media.sha256_hex,
      file_size: String(media.file_size),
      id,
    };
  });

  app.delete<{ Params: { version: string; id: string } }>('/:version/:id', async (request) => {
    checkVersion(request.params.version, request.url);
    const { id } = request.params;
    checkPhoneNumberParam(emulator, request, 'delete', id);
    if (!emulator.store.media.delete(id)) throw unknownObjectError('delete', id);
    return { success: true };
  });
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).send({ error: { message: 'Media not found or URL expired', type: 'OAuthException', code: 100, fbtrace_id: fbtraceId() } });
}

/** The download host (Meta's lookaside): bearer required, the signed URL valid until `ext` by the clock. */
export function attachmentRoutes(emulator: Emulator) {
  return async function register(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { mid?: string; ext?: string; hash?: string } }>('/whatsapp_business/attachments/', async (request, reply) => {
      try {
        checkBearer(emulator, request);
      } catch (error) {
        if (error instanceof MetaApiError) return reply.code(error.httpStatus).send(error.body);
        throw error;
      }
      const { mid, ext, hash } = request.query;
      const expires = Number(ext);
      if (!mid || !hash || !Number.isInteger(expires)) return notFound(reply);
      if (hash !== emulator.mediaUrlHash(mid, expires) || emulator.nowMs() >= expires * 1000) return notFound(reply);
      const media = emulator.store.media.get(mid);
      if (!media) return notFound(reply);
      return reply
        .header('content-type', media.mime_type)
        .header('content-length', String(media.file_size))
        .header('cache-control', 'no-store')
        .send(media.data);
    });
  };
}

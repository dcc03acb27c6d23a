/**
 * Media for notices (`POST /api/media`): a JPEG or PNG image of at most 5 MB, or a PDF. The
 * content decides, not the declared type: the first bytes must be the format's signature and
 * images must decode (they are re-encoded, which drops EXIF and GPS data). Files are stored
 * content-addressed under MEDIA_DIR; the channel gets them when a notice goes out (decision D38).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { ChannelPort } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { MediaRow } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditService } from '../audit/audit.service.js';
import { describeActor, type RequestContext } from '../auth/principal.js';
import { mediaRepository } from './media.repository.js';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_PDF_BYTES = 16 * 1024 * 1024;
/** Meta keeps uploaded media 30 days; one day of margin. */
const CHANNEL_MEDIA_TTL_MS = 29 * 24 * 3600_000;

type Detected = { kind: 'image'; mime: 'image/jpeg' | 'image/png'; ext: 'jpg' | 'png' } | { kind: 'document'; mime: 'application/pdf'; ext: 'pdf' };

/** The format by its signature (magic bytes), or null. */
export function sniff(bytes: Buffer): Detected | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { kind: 'image', mime: 'image/jpeg', ext: 'jpg' };
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { kind: 'image', mime: 'image/png', ext: 'png' };
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') return { kind: 'document', mime: 'application/pdf', ext: 'pdf' };
  return null;
}

export interface MediaDto {
  id: number;
  kind: string;
  mime_type: string;
  filename: string;
  size_bytes: number;
  created_at: string;
}

export const toMediaDto = (row: MediaRow): MediaDto => ({
  id: row.id,
  kind: row.kind,
  mime_type: row.mime_type,
  filename: row.filename,
  size_bytes: row.size_bytes,
  created_at: new Date(row.created_at).toISOString(),
});

const unsupported = (message: string) => new AppError('media/unsupported_type', message, 415, 'file');

export function createMediaService(deps: { clock: Clock; audit: AuditService; mediaDir: string }) {
  const fileOf = (row: Pick<MediaRow, 'sha256' | 'mime_type'>) => path.join(deps.mediaDir, 'broadcasts', `${row.sha256}.${row.mime_type === 'application/pdf' ? 'pdf' : row.mime_type === 'image/png' ? 'png' : 'jpg'}`);

  return {
    async upload(db: Database, ctx: RequestContext, file: { filename: string; declaredType: string; bytes: Buffer }): Promise<MediaDto> {
      const detected = sniff(file.bytes);
      if (!detected) throw unsupported('Only JPEG or PNG images and PDF documents can be attached (the file is none of them)');
      const declared = file.declaredType.toLowerCase().split(';')[0]!.trim();
      const declaredOk = declared === detected.mime || (detected.mime === 'image/jpeg' && declared === 'image/jpg') || declared === 'application/octet-stream';
      if (!declaredOk) throw unsupported(`The file is declared as ${declared.slice(0, 60)} but its content is ${detected.mime}`);
      let bytes = file.bytes;
      if (detected.kind === 'image') {
        if (bytes.length > MAX_IMAGE_BYTES) throw new AppError('media/too_large', 'An image may have at most 5 MB (WhatsApp’s limit)', 413, 'file');
        try {
          const image = sharp(bytes, { failOn: 'error' }).rotate();
          bytes = detected.mime === 'image/png' ? await image.png().toBuffer() : await image.jpeg({ quality: 88 }).toBuffer();
        } catch {
          throw unsupported('The image cannot be read (damaged or not really a JPEG/PNG)');
        }
        if (bytes.length > MAX_IMAGE_BYTES) throw new AppError('media/too_large', 'An image may have at most 5 MB (WhatsApp’s limit)', 413, 'file');
      } else if (bytes.length > MAX_PDF_BYTES) {
        throw new AppError('media/too_large', 'A PDF may have at most 16 MB', 413, 'file');
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const target = fileOf({ sha256, mime_type: detected.mime });
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes, { mode: 0o600 });
      await rename(temporary, target);
      const filename = (path.basename(file.filename || `anhang.${detected.ext}`).replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 200) || `anhang.${detected.ext}`);
      return db.transaction().execute(async (trx) => {
        const now = deps.clock.now().getTime();
        const id = await mediaRepository.insert(trx, {
          kind: detected.kind,
          mime_type: detected.mime,
          filename,
          size_bytes: bytes.length,
          sha256,
          channel_media_id: null,
          channel_uploaded_at: null,
          created_by: describeActor(ctx.principal).label,
          created_at: now,
        });
        await deps.audit.record(trx, { ctx, action: 'media.upload', subject_type: 'media', subject_id: id, detail: { kind: detected.kind, size_bytes: bytes.length } });
        return toMediaDto((await mediaRepository.findById(trx, id))!);
      });
    },

    async get(db: Database, id: number): Promise<MediaRow> {
      const row = await mediaRepository.findById(db, id);
      if (!row) throw notFound('media/not_found', 'No media with this id');
      return row;
    },

    async bytes(row: MediaRow): Promise<Buffer> {
      return readFile(fileOf(row));
    },

    /** The channel's media id, uploading the file when it has none or it is about to expire at Meta. */
    async ensureUploaded(db: Database, channel: ChannelPort, id: number): Promise<{ channelMediaId: string; row: MediaRow }> {
      const row = await this.get(db, id);
      const now = deps.clock.now().getTime();
      if (row.channel_media_id && row.channel_uploaded_at !== null && now - row.channel_uploaded_at < CHANNEL_MEDIA_TTL_MS) return { channelMediaId: row.channel_media_id, row };
      const result = await channel.uploadMedia(await this.bytes(row), row.mime_type, row.filename);
      if (!result.ok) throw new AppError('media/channel_upload_failed', `The channel refused the attachment (${result.error.code}: ${result.error.title})`, 502, 'media_id');
      await mediaRepository.setChannelMedia(db, id, result.mediaId, now);
      return { channelMediaId: result.mediaId, row };
    },
  };
}

export type MediaService = ReturnType<typeof createMediaService>;

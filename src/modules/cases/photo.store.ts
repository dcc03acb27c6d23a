/**
 * Photos from citizens (architecture decision 14): checked (an image, at most 5 MB), decoded and
 * re-encoded as JPEG with sharp — which applies the EXIF orientation and writes no metadata, so
 * EXIF fields and GPS coordinates are gone — plus a thumbnail, stored content-addressed under
 * MEDIA_DIR (`photos/<2 hex>/<sha256>.jpg`, `….thumb.jpg`). Writing the same photo twice is a no-op.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type OutputInfo } from 'sharp';

/** Largest accepted upload (WhatsApp's own image limit is 5 MB). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Longest edge of the stored photo and of its thumbnail. */
const MAX_EDGE = 2560;
const THUMB_EDGE = 320;

export interface StoredPhoto {
  sha256: string;
  mime_type: 'image/jpeg';
  byte_size: number;
  width: number;
  height: number;
  /** Relative to MEDIA_DIR. */
  path: string;
  thumb_path: string;
}

export type PhotoRejection = 'not_image' | 'too_large';

export type PhotoResult = { ok: true; photo: StoredPhoto } | { ok: false; reason: PhotoRejection };

export interface PhotoStore {
  /** Checks, re-encodes and stores a photo. */
  store(bytes: Buffer, mimeType: string): Promise<PhotoResult>;
  /** The absolute path of a stored file. */
  resolve(relative: string): string;
  /** Deletes a stored file (a photo of an erased citizen); nothing when it is gone already. */
  remove(relative: string): Promise<void>;
}

const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'image/gif', 'image/tiff', 'image/avif']);

export function isImageType(mimeType: string | undefined): boolean {
  return mimeType !== undefined && IMAGE_TYPES.has(mimeType.split(';')[0]!.trim().toLowerCase());
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Writes atomically (temporary file, then rename), unless the file exists. */
async function put(file: string, bytes: Buffer): Promise<void> {
  if (await exists(file)) return;
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, bytes, { mode: 0o640 });
  await rename(temporary, file);
}

export function createPhotoStore(mediaDir: string): PhotoStore {
  const root = path.resolve(mediaDir);
  return {
    resolve: (relative) => path.join(root, relative),
    async remove(relative) {
      const file = path.resolve(root, relative);
      if (!file.startsWith(root + path.sep)) throw new Error('a media path outside MEDIA_DIR');
      await rm(file, { force: true });
    },

    async store(bytes, mimeType) {
      if (!isImageType(mimeType)) return { ok: false, reason: 'not_image' };
      if (bytes.length > MAX_PHOTO_BYTES) return { ok: false, reason: 'too_large' };
      let encoded: { data: Buffer; info: OutputInfo };
      let thumb: Buffer;
      try {
        const base = sharp(bytes, { failOn: 'error', limitInputPixels: 100_000_000 }).rotate();
        encoded = await base.clone().resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 85, mozjpeg: true }).toBuffer({ resolveWithObject: true });
        thumb = await base.clone().resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
      } catch {
        return { ok: false, reason: 'not_image' };
      }
      const sha256 = createHash('sha256').update(encoded.data).digest('hex');
      const dir = path.join('photos', sha256.slice(0, 2));
      const photo: StoredPhoto = {
        sha256,
        mime_type: 'image/jpeg',
        byte_size: encoded.data.length,
        width: encoded.info.width,
        height: encoded.info.height,
        path: path.join(dir, `${sha256}.jpg`),
        thumb_path: path.join(dir, `${sha256}.thumb.jpg`),
      };
      await put(path.join(root, photo.path), encoded.data);
      await put(path.join(root, photo.thumb_path), thumb);
      return { ok: true, photo };
    },
  };
}

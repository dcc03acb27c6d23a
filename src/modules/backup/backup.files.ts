/**
 * The files of a backup: the manifest, checksums, and the copy of MEDIA_DIR.
 *
 *   <backup>/manifest.json          what is inside (format, schema, row counts, every file's sha256)
 *   <backup>/database.sqlite        SQLite: the online backup of the database file
 *   <backup>/tables/<table>.jsonl   PostgreSQL: one JSON object per row, tables in dependency order
 *   <backup>/media/…                MEDIA_DIR as it was
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const BACKUP_FORMAT = 'stadtbote-backup';
export const BACKUP_FORMAT_VERSION = 1;

const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  format_version: z.literal(BACKUP_FORMAT_VERSION),
  app_version: z.string(),
  created_at: z.string(),
  dialect: z.enum(['sqlite', 'postgres']),
  /** The migrations applied to the database when it was backed up. */
  migrations: z.array(z.string()),
  /** Tables in dependency order with their row counts at the backup's moment. */
  tables: z.array(z.object({ name: z.string(), rows: z.number().int().min(0) })),
  /** Every other file of the backup, relative to its directory. */
  files: z.array(z.object({ path: z.string(), bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});
export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFile = Manifest['files'][number];

export class BackupError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** The entry of a file already in the backup directory. */
export async function describeFile(dir: string, relative: string): Promise<ManifestFile> {
  const absolute = path.join(dir, relative);
  return { path: relative.split(path.sep).join('/'), bytes: (await stat(absolute)).size, sha256: await sha256File(absolute) };
}

/** Every regular file below `root` (relative paths), leaving out unfinished writes (`*.tmp`). */
export async function listFiles(root: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.tmp'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

/** Copies MEDIA_DIR into `<backup>/media`; returns the manifest entries. */
export async function copyMediaIn(mediaDir: string, backupDir: string): Promise<ManifestFile[]> {
  const out: ManifestFile[] = [];
  for (const relative of await listFiles(mediaDir)) {
    const target = path.join(backupDir, 'media', relative);
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await copyFile(path.join(mediaDir, relative), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed meanwhile (an erasure)
      throw error;
    }
    out.push(await describeFile(backupDir, path.join('media', relative)));
  }
  return out;
}

/** Copies `<backup>/media` into MEDIA_DIR. */
export async function copyMediaOut(manifest: Manifest, backupDir: string, mediaDir: string): Promise<number> {
  let n = 0;
  for (const f of manifest.files) {
    if (!f.path.startsWith('media/')) continue;
    const target = path.join(mediaDir, f.path.slice('media/'.length));
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(path.join(backupDir, f.path), target);
    n++;
  }
  return n;
}

export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
}

/** Reads the manifest and checks every file against its checksum; throws naming the first that differs. */
export async function readVerifiedManifest(dir: string): Promise<Manifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
  } catch {
    throw new BackupError('backup/no_manifest', `${dir} holds no readable manifest.json; is it a Stadtbote backup?`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new BackupError('backup/bad_manifest', `manifest.json is not a Stadtbote backup manifest (format ${BACKUP_FORMAT} version ${BACKUP_FORMAT_VERSION})`);
  const manifest = parsed.data;
  for (const f of manifest.files) {
    if (f.path.split('/').includes('..') || path.isAbsolute(f.path)) throw new BackupError('backup/bad_manifest', `manifest names a file outside the backup: ${f.path}`);
    let actual: ManifestFile;
    try {
      actual = await describeFile(dir, f.path);
    } catch {
      throw new BackupError('backup/file_missing', `the backup lacks ${f.path}`);
    }
    if (actual.sha256 !== f.sha256 || actual.bytes !== f.bytes) throw new BackupError('backup/checksum_mismatch', `${f.path} does not match its checksum: the backup is damaged`);
  }
  return manifest;
}

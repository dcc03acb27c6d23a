/**
 * `npm run cli -- backup` and `restore` (docs/operations.md "Backup and restore", decision D65).
 *
 * Backup, while the service runs: SQLite through its online backup API (a consistent copy of
 * the database file, WAL included); PostgreSQL as a logical export in one snapshot; then
 * MEDIA_DIR; then a manifest with the schema's migrations, every table's row count and every
 * file's checksum.
 *
 * Restore, with the service stopped: checks every checksum, refuses a backup from a newer schema
 * (a migration this version does not know) and a target that holds data (unless `force`), then
 * rebuilds the database as the backup had it and migrates it to this version.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../../db/database.js';
import { migrations as knownMigrations } from '../../db/migrations/index.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BackupError,
  copyMediaIn,
  copyMediaOut,
  describeFile,
  listFiles,
  readVerifiedManifest,
  writeManifest,
  type Manifest,
} from './backup.files.js';
import { dropAllTables, exportPostgres, importPostgres } from './backup.postgres.js';
import { appliedMigrations, rowCounts, tablesInDependencyOrder } from './backup.tables.js';

export { BackupError } from './backup.files.js';

/** Where a restore writes: the database (as DATABASE_URL names it, opened by `open`) and MEDIA_DIR. */
export interface BackupTarget {
  databaseUrl: string;
  open(): Promise<DatabaseHandle>;
  mediaDir: string;
}

function sqliteFile(databaseUrl: string): string {
  const file = databaseUrl.slice('sqlite:'.length);
  if (file === '' || file === ':memory:') throw new BackupError('backup/memory_database', 'an in-memory SQLite database cannot be backed up or restored');
  return path.resolve(file);
}

const stamp = (now: Date) => now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** Takes a backup into a new directory below `outDir`; returns its path and manifest. */
export async function createBackup(o: { handle: DatabaseHandle; databaseUrl: string; mediaDir: string; outDir: string; now: Date; appVersion: string }): Promise<{ dir: string; manifest: Manifest }> {
  const dir = path.resolve(o.outDir, `stadtbote-backup-${stamp(o.now)}-${randomBytes(3).toString('hex')}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  let migrations: string[];
  let tables: { name: string; rows: number }[];
  const dataFiles: string[] = [];
  if (o.handle.dialect === 'sqlite') {
    const source = new SQLite(sqliteFile(o.databaseUrl), { fileMustExist: true });
    try {
      await source.backup(path.join(dir, 'database.sqlite'));
    } finally {
      source.close();
    }
    const copy = await openDatabase(`sqlite:${path.join(dir, 'database.sqlite')}`);
    try {
      migrations = await appliedMigrations(copy.db, 'sqlite');
      const names = (await tablesInDependencyOrder(copy.db, 'sqlite')).map((t) => t.name);
      const counts = await rowCounts(copy.db, names);
      tables = names.map((name) => ({ name, rows: counts[name]! }));
    } finally {
      await copy.close();
    }
    await rm(path.join(dir, 'database.sqlite-wal'), { force: true });
    await rm(path.join(dir, 'database.sqlite-shm'), { force: true });
    dataFiles.push('database.sqlite');
  } else {
    const exported = await exportPostgres(o.handle.db, dir);
    migrations = exported.migrations;
    tables = exported.tables;
    dataFiles.push(...exported.files);
  }
  // After the database: every file its rows name exists unless it was erased meanwhile.
  const media = await copyMediaIn(o.mediaDir, dir);
  const files = [...(await Promise.all(dataFiles.map((f) => describeFile(dir, f)))), ...media];
  const manifest: Manifest = {
    format: BACKUP_FORMAT,
    format_version: BACKUP_FORMAT_VERSION,
    app_version: o.appVersion,
    created_at: o.now.toISOString(),
    dialect: o.handle.dialect,
    migrations,
    tables,
    files,
  };
  await writeManifest(dir, manifest);
  return { dir, manifest };
}

export interface RestoreOutcome {
  tables: number;
  rows: number;
  mediaFiles: number;
  migrated: string[];
}

/** True when any table holds a row, apart from the clock's own (written by the first migration). */
async function hasData(handle: DatabaseHandle): Promise<boolean> {
  const names = (await tablesInDependencyOrder(handle.db, handle.dialect)).map((t) => t.name).filter((n) => n !== 'clock_state');
  const counts = await rowCounts(handle.db, names);
  return Object.values(counts).some((n) => n > 0);
}

async function dirHasFiles(dir: string): Promise<boolean> {
  return (await listFiles(dir)).length > 0;
}

/** Restores `backupDir` into the target. Throws a `BackupError` before changing anything when it must refuse. */
export async function restoreBackup(backupDir: string, target: BackupTarget, o: { force?: boolean } = {}): Promise<RestoreOutcome> {
  const dir = path.resolve(backupDir);
  const manifest = await readVerifiedManifest(dir);
  const unknown = manifest.migrations.filter((name) => !(name in knownMigrations));
  if (unknown.length > 0) {
    throw new BackupError('backup/newer_schema', `the backup was taken with a newer version of Stadtbote (migrations ${unknown.join(', ')} are unknown here); upgrade first, then restore`);
  }
  const targetDialect = target.databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  if (targetDialect !== manifest.dialect) {
    throw new BackupError('backup/other_database', `the backup is of a ${manifest.dialect} database; DATABASE_URL names a ${targetDialect} database`);
  }

  const handle = await target.open();
  try {
    if (!o.force && (await hasData(handle))) throw new BackupError('backup/target_not_empty', 'the target database holds data; restore into an empty database, or pass --force to replace it');
  } catch (error) {
    await handle.close();
    throw error;
  }
  if (!o.force && (await dirHasFiles(target.mediaDir))) {
    await handle.close();
    throw new BackupError('backup/media_not_empty', `MEDIA_DIR (${target.mediaDir}) holds files; restore into an empty directory, or pass --force to replace them`);
  }

  if (handle.dialect === 'sqlite') {
    await handle.close();
    const file = sqliteFile(target.databaseUrl);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.restore-${randomBytes(4).toString('hex')}.tmp`;
    await copyFile(path.join(dir, 'database.sqlite'), temporary);
    for (const suffix of ['', '-wal', '-shm']) await rm(`${file}${suffix}`, { force: true });
    await rename(temporary, file);
  } else {
    try {
      await handle.db.connection().execute(async (connection) => dropAllTables(connection));
      await migrateToLatest(handle.db, manifest.migrations);
      await importPostgres(handle.db, dir, manifest.tables);
    } finally {
      await handle.close();
    }
  }

  const after = await target.open();
  let migrated: string[];
  try {
    const atBackup = new Set(manifest.migrations);
    await migrateToLatest(after.db);
    migrated = (await appliedMigrations(after.db, after.dialect)).filter((name) => !atBackup.has(name));
  } finally {
    await after.close();
  }

  if (o.force) await clearDir(target.mediaDir);
  const mediaFiles = await copyMediaOut(manifest, dir, target.mediaDir);
  return { tables: manifest.tables.length, rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0), mediaFiles, migrated };
}

async function clearDir(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  for (const entry of entries) await rm(path.join(dir, entry), { recursive: true, force: true });
}

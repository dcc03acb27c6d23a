/**
 * `npm run cli -- backup` and `restore` as an administrator runs them, on SQLite and PostgreSQL:
 * the backup's directory is printed, the restore fills an empty database and refuses a second
 * time into the now filled one.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { DbClock } from '../../db/db-clock.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../test/databases.js';
import { testConfig } from '../../test/test-app.js';
import { readSeed, seedTown } from '../town/town.seed.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');

describeEachDatabase('npm run cli -- backup / restore', (dialect) => {
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    for (const d of databases.splice(0)) await d.drop();
  });

  const cli = async (database: TestDatabase, mediaDir: string, args: string[]) => {
    const url = database.schema ? `${database.url}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}` : database.url;
    const env = { ...process.env, DATABASE_URL: url, MEDIA_DIR: mediaDir, WHATSAPP_MODE: 'emulator', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'stadtbote-cli-')), LOG_LEVEL: 'silent' };
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), ...args], { env, cwd: root });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('backs up a seeded town and restores it into an empty database; a second restore is refused', async () => {
    const source = await createTestDatabase(dialect);
    const target = await createTestDatabase(dialect);
    databases.push(source, target);
    await seedTown(source.db, await DbClock.load(source.db, { canAdvance: true }), readSeed(testConfig().townSeedFile));
    const topics = await source.db.selectFrom('topic').select(['key']).orderBy('key').execute();
    expect(topics.length).toBeGreaterThan(0);

    const out = mkdtempSync(path.join(os.tmpdir(), 'stadtbote-backups-'));
    const backup = await cli(source, mkdtempSync(path.join(os.tmpdir(), 'media-')), ['backup', '--out', out]);
    expect(backup.code, backup.stderr).toBe(0);
    const dir = /Backup written to (\S+)/.exec(backup.stdout)?.[1];
    expect(dir).toBe(path.join(out, readdirSync(out)[0]!));

    const media = mkdtempSync(path.join(os.tmpdir(), 'media-'));
    const restore = await cli(target, media, ['restore', dir!]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/Restored \d+ tables/);
    const reopened = await target.openAnother(); // SQLite: the restored file replaced the old one
    try {
      expect(await reopened.db.selectFrom('topic').select(['key']).orderBy('key').execute()).toEqual(topics);
    } finally {
      await reopened.close();
    }

    const again = await cli(target, media, ['restore', dir!]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('backup/target_not_empty');
    expect(again.stderr).toContain('--force');
    const missing = await cli(target, media, ['restore']);
    expect(missing.stderr).toContain('exactly one backup directory');
  });
});

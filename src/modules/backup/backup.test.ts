/**
 * Backup and restore on SQLite and PostgreSQL: citizens report through the emulator (cases with
 * photos, subscriptions), a backup is taken while the service runs, and restored into an empty
 * database and a fresh MEDIA_DIR — every case, subscription and photo file is there. A damaged
 * backup, one from a newer schema and a target with data are refused, nothing changed.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../test/databases.js';
import { dumpAllTables } from '../../test/dump.js';
import { fileReport } from '../../test/reports.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createBackup, restoreBackup, type BackupTarget } from './backup.service.js';

const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r, Object.keys(r as object).sort())).sort();

describeEachDatabase('backup and restore', (dialect) => {
  let t: TestApp;
  let empty: TestDatabase;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    empty = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await t.close();
    await empty.drop().catch(() => undefined);
  });

  const targetOf = (database: TestDatabase, mediaDir: string): BackupTarget => ({
    databaseUrl: database.url,
    open: () => (database.schema ? openDatabase(database.url, { schema: database.schema }) : openDatabase(database.url)),
    mediaDir,
  });

  it('restores every case, subscription and photo into an empty database and a fresh media directory', async () => {
    const a = await fileReport(t, { phone: '+4921525552001', text: 'Laterne Burgstraße 12 ist aus', colour: '#c33', subscribe: true });
    const b = await fileReport(t, { phone: '+4921525552002', text: 'Laterne am Buttermarkt flackert', colour: '#3c3', subscribe: true, north: 300 });
    const c = await fileReport(t, { phone: '+31612345202', text: 'Lamp bij de Kuhstraße is kapot', colour: '#33c', north: 600 });
    const db = t.database.db;
    const cases = await db.selectFrom('case_file').select(['reference', 'description', 'contact_id']).orderBy('reference').execute();
    expect(cases.map((x) => x.reference).sort()).toEqual([a.reference, b.reference, c.reference].sort());
    const subscriptions = await db.selectFrom('subscription').innerJoin('contact', 'contact.id', 'subscription.contact_id').select(['contact.phone', 'subscription.topic_id']).orderBy('contact.phone').execute();
    expect(subscriptions.map((s) => s.phone)).toEqual(['4921525552001', '4921525552002']);
    const media = await db.selectFrom('case_media').select(['path', 'thumb_path', 'sha256']).execute();
    expect(media).toHaveLength(3);
    const before = await dumpAllTables(db, dialect);

    // the service keeps running (its workers, its open handle) while the backup is taken
    const out = mkdtempSync(path.join(os.tmpdir(), 'stadtbote-backups-'));
    const { dir, manifest } = await createBackup({ handle: t.database, databaseUrl: t.database.url, mediaDir: t.config.mediaDir, outDir: out, now: t.container.clock.now(), appVersion: '0.1.0' });
    expect(manifest.dialect).toBe(dialect);
    expect(manifest.migrations).toContain('0007-cases');
    expect(manifest.tables.find((x) => x.name === 'case_file')?.rows).toBe(3);
    expect(manifest.tables.find((x) => x.name === 'subscription')?.rows).toBe(2);
    const order = manifest.tables.map((x) => x.name);
    expect(order.indexOf('contact')).toBeLessThan(order.indexOf('case_file'));
    expect(order.indexOf('category')).toBeLessThan(order.indexOf('case_file'));
    expect(order.indexOf('case_file')).toBeLessThan(order.indexOf('case_media'));
    expect(manifest.files.filter((f) => f.path.startsWith('media/')).map((f) => f.path)).toEqual(expect.arrayContaining(media.flatMap((m) => [`media/${m.path}`, `media/${m.thumb_path}`])));

    const freshMedia = mkdtempSync(path.join(os.tmpdir(), 'stadtbote-restored-media-'));
    const outcome = await restoreBackup(dir, targetOf(empty, freshMedia));
    expect(outcome.rows).toBe(manifest.tables.reduce((n, x) => n + x.rows, 0));
    expect(outcome.migrated).toEqual([]);

    const restored = await (empty.schema ? openDatabase(empty.url, { schema: empty.schema }) : openDatabase(empty.url));
    try {
      // every table holds what the backup counted; the citizen's data is identical row by row
      // (others, such as the webhook events of late delivery statuses, went on while the backup ran)
      const after = await dumpAllTables(restored.db, dialect);
      for (const { name, rows } of manifest.tables) expect(after[name]?.length, name).toBe(rows);
      expect(Object.keys(after).filter((name) => !name.startsWith('kysely_')).sort()).toEqual(manifest.tables.map((x) => x.name).sort());
      for (const table of ['contact', 'case_file', 'case_media', 'case_follower', 'case_history', 'subscription', 'consent', 'topic', 'category', 'staff_user']) {
        expect(sorted(after[table]!), table).toEqual(sorted(before[table]!));
      }
      const restoredCases = await restored.db.selectFrom('case_file').select(['reference', 'description', 'contact_id']).orderBy('reference').execute();
      expect(restoredCases).toEqual(cases);
      for (const m of media) {
        expect(readFileSync(path.join(freshMedia, m.path))).toEqual(readFileSync(path.join(t.config.mediaDir, m.path)));
        expect(existsSync(path.join(freshMedia, m.thumb_path))).toBe(true);
      }
      // the restored database goes on: a new row gets a fresh id, not one of the restored ones
      const contact = await restored.db.insertInto('contact').values({ phone: '4900000000001', created_at: 1, updated_at: 1 }).returning('id').executeTakeFirstOrThrow();
      expect(contact.id).toBeGreaterThan(Math.max(...(before.contact as { id: number }[]).map((x) => x.id)));
    } finally {
      await restored.close();
    }

    // a second restore into the now filled database is refused, unless forced
    await expect(restoreBackup(dir, targetOf(empty, mkdtempSync(path.join(os.tmpdir(), 'm-'))))).rejects.toMatchObject({ code: 'backup/target_not_empty' });
    await expect(restoreBackup(dir, targetOf(empty, freshMedia), { force: true })).resolves.toMatchObject({ mediaFiles: media.length * 2 });
  });

  it('refuses a damaged backup, one from a newer schema and a target with data, and changes nothing', async () => {
    await fileReport(t, { phone: '+4921525552011', text: 'Laterne Ellenstraße ist aus' });
    const out = mkdtempSync(path.join(os.tmpdir(), 'stadtbote-backups-'));
    const { dir } = await createBackup({ handle: t.database, databaseUrl: t.database.url, mediaDir: t.config.mediaDir, outDir: out, now: t.container.clock.now(), appVersion: '0.1.0' });
    const freshMedia = mkdtempSync(path.join(os.tmpdir(), 'stadtbote-restored-media-'));

    // the target holds data (the running app's own database)
    await expect(restoreBackup(dir, targetOf(t.database, freshMedia))).rejects.toMatchObject({ code: 'backup/target_not_empty' });

    // a newer schema: the manifest names a migration this version does not know
    const manifestFile = path.join(dir, 'manifest.json');
    const original = readFileSync(manifestFile, 'utf8');
    const manifest = JSON.parse(original);
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, migrations: [...manifest.migrations, '0099-from-the-future'] }));
    await expect(restoreBackup(dir, targetOf(empty, freshMedia))).rejects.toMatchObject({ code: 'backup/newer_schema', message: expect.stringContaining('0099-from-the-future') });
    writeFileSync(manifestFile, original);

    // a damaged file: one photo's bytes changed
    const photo = manifest.files.find((f: { path: string }) => f.path.startsWith('media/'));
    const bytes = readFileSync(path.join(dir, photo.path));
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(path.join(dir, photo.path), bytes);
    await expect(restoreBackup(dir, targetOf(empty, freshMedia))).rejects.toMatchObject({ code: 'backup/checksum_mismatch', message: expect.stringContaining(photo.path) });

    const untouched = await dumpAllTables(empty.db, dialect);
    for (const [table, rows] of Object.entries(untouched)) if (!table.startsWith('kysely_') && table !== 'clock_state') expect(rows, table).toEqual([]);
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { DbClock } from './db/db-clock.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from './test/databases.js';
import { verifyPassword, sha256Hex } from './modules/auth/password.js';
import { userRepository } from './modules/users/user.repository.js';
import { readSeed, seedTown } from './modules/town/town.seed.js';
import { testConfig } from './test/test-app.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

describeEachDatabase('npm run cli', (dialect) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database.drop();
  });

  const cli = async (args: string[], stdin?: string) => {
    const url = database.schema ? `${database.url}?options=${encodeURIComponent(`-c search_path=${database.schema}`)}` : database.url;
    const env = { ...process.env, DATABASE_URL: url, WHATSAPP_MODE: 'emulator', DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'stadtbote-cli-')), LOG_LEVEL: 'silent' };
    const child = run(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), ...args], { env, cwd: root });
    if (stdin !== undefined) {
      child.child.stdin?.end(stdin);
    }
    try {
      const { stdout, stderr } = await child;
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('user:create, user:reset-password, token:create — secrets printed once, stored hashed', async () => {
    database = await createTestDatabase(dialect);
    await seedTown(database.db, await DbClock.load(database.db, { canAdvance: true }), readSeed(testConfig().townSeedFile));

    const created = await cli(['user:create', '--email', 'Leitung@Kempen.de', '--name', 'Lea Leitung', '--role', 'approver', '--department', 'tiefbau']);
    expect(created.code, created.stderr).toBe(0);
    const password = /Password \(shown once\): (\S+)/.exec(created.stdout)![1]!;
    const user = (await userRepository.findByEmail(database.db, 'leitung@kempen.de'))!;
    expect(await verifyPassword(user.password_hash, password)).toBe(true);
    expect((await userRepository.departmentsOf(database.db, [user.id])).get(user.id)).toHaveLength(1);

    const reset = await cli(['user:reset-password', '--email', 'leitung@kempen.de', '--password-stdin'], 'ein neues langes passwort\n');
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).not.toContain('shown once');
    expect(await verifyPassword((await userRepository.findById(database.db, user.id))!.password_hash, 'ein neues langes passwort')).toBe(true);

    const token = await cli(['token:create', '--name', 'Website', '--role', 'integration']);
    expect(token.code, token.stderr).toBe(0);
    const secret = /Token \(shown once\): (sbt_\S+)/.exec(token.stdout)![1]!;
    const row = await database.db.selectFrom('api_token').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Website', role: 'integration', token_hash: sha256Hex(secret) });

    const bad = await cli(['user:create', '--email', 'x@kempen.de', '--name', 'X', '--role', 'integration']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown role integration');
    const short = await cli(['user:create', '--email', 'y@kempen.de', '--name', 'Y', '--role', 'editor', '--password-stdin'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('password:');
    expect(await userRepository.findByEmail(database.db, 'y@kempen.de')).toBeUndefined();
  }, 60_000);
});

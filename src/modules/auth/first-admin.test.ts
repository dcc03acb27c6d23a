import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DbClock } from '../../db/db-clock.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../test/databases.js';
import { testConfig } from '../../test/test-app.js';
import { createAuditService } from '../audit/audit.service.js';
import { userRepository } from '../users/user.repository.js';
import { ensureFirstAdmin, INITIAL_PASSWORD_FILE } from './first-admin.js';
import { verifyPassword } from './password.js';

describeEachDatabase('first administrator', (dialect) => {
  let database: TestDatabase;
  afterEach(async () => {
    await database.drop();
  });

  it('from STADTBOTE_ADMIN_EMAIL/PASSWORD, without a file; never overwritten later', async () => {
    database = await createTestDatabase(dialect);
    const clock = await DbClock.load(database.db, { canAdvance: true });
    const audit = createAuditService({ clock });
    const config = testConfig({ STADTBOTE_ADMIN_EMAIL: 'Admin@Kempen.de', STADTBOTE_ADMIN_PASSWORD: 'a long admin password' });
    expect(await ensureFirstAdmin(database.db, config, clock, audit)).toEqual({ outcome: 'created', email: 'admin@kempen.de', passwordFile: null });
    expect(existsSync(path.join(config.dataDir, INITIAL_PASSWORD_FILE))).toBe(false);
    const user = (await userRepository.findByEmail(database.db, 'admin@kempen.de'))!;
    expect(await verifyPassword(user.password_hash, 'a long admin password')).toBe(true);
    expect((await userRepository.rolesOf(database.db, [user.id])).get(user.id)).toEqual(['admin']);
    const again = testConfig({ STADTBOTE_ADMIN_EMAIL: 'admin@kempen.de', STADTBOTE_ADMIN_PASSWORD: 'another password!!' });
    expect(await ensureFirstAdmin(database.db, again, clock, audit)).toEqual({ outcome: 'exists' });
    expect(await verifyPassword((await userRepository.findById(database.db, user.id))!.password_hash, 'a long admin password')).toBe(true);
  });

  it('in cloud mode without them: no account, a hint', async () => {
    database = await createTestDatabase(dialect);
    const clock = await DbClock.load(database.db, { canAdvance: false });
    const config = testConfig({
      WHATSAPP_MODE: 'cloud',
      WHATSAPP_ACCESS_TOKEN: 't',
      WHATSAPP_PHONE_NUMBER_ID: '1',
    });
    const result = await ensureFirstAdmin(database.db, config, clock, createAuditService({ clock }));
    expect(result.outcome).toBe('missing');
    expect(await userRepository.count(database.db)).toBe(0);
  });
});

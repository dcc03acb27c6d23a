/**
 * The first administrator (decision 17, "Interfaces others rely on"): when no account exists,
 * `STADTBOTE_ADMIN_EMAIL` + `STADTBOTE_ADMIN_PASSWORD` create it; in emulator mode without a
 * password, a generated one is written once to `$DATA_DIR/initial-admin-password` (mode 0600)
 * and never logged — the start only says where the file is. An existing account is never
 * touched (a changed password stays changed).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import type { AuditService } from '../audit/audit.service.js';
import { userRepository } from '../users/user.repository.js';
import { normaliseEmail } from './auth.service.js';
import { generatePassword, hashPassword } from './password.js';
import { SYSTEM_CONTEXT } from './principal.js';

export const DEFAULT_EMULATOR_ADMIN_EMAIL = 'admin@stadtbote.local';
export const INITIAL_PASSWORD_FILE = 'initial-admin-password';

export type FirstAdminResult =
  | { outcome: 'exists' }
  | { outcome: 'created'; email: string; passwordFile: string | null }
  | { outcome: 'missing'; hint: string };

export async function ensureFirstAdmin(db: Database, config: Config, clock: Clock, audit: AuditService): Promise<FirstAdminResult> {
  if ((await userRepository.count(db)) > 0) return { outcome: 'exists' };
  const emulator = config.whatsapp.mode === 'emulator';
  const email = normaliseEmail(config.admin.email ?? (emulator ? DEFAULT_EMULATOR_ADMIN_EMAIL : ''));
  let password = config.admin.password;
  let passwordFile: string | null = null;
  if (!email || (!password && !emulator)) {
    return {
      outcome: 'missing',
      hint: 'No staff account exists yet: set STADTBOTE_ADMIN_EMAIL and STADTBOTE_ADMIN_PASSWORD, or run `npm run cli -- user:create --email … --role admin`.',
    };
  }
  if (!password) {
    passwordFile = path.join(config.dataDir, INITIAL_PASSWORD_FILE);
    if (existsSync(passwordFile)) {
      password = readFileSync(passwordFile, 'utf8').trim();
    } else {
      password = generatePassword();
      mkdirSync(config.dataDir, { recursive: true });
      writeFileSync(passwordFile, `${password}\n`, { mode: 0o600, flag: 'wx' });
    }
  }
  const now = clock.now().getTime();
  const passwordHash = await hashPassword(password);
  const created = await db.transaction().execute(async (trx) => {
    const id = await userRepository.insertIfAbsent(trx, {
      email,
      name: 'Administrator',
      password_hash: passwordHash,
      language: 'de',
      active: 1,
      email_notifications: 1,
      absent_from: null,
      absent_until: null,
      password_changed_at: now,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    });
    if (id === null) return false;
    await userRepository.insertRoles(trx, id, ['admin']);
    await audit.record(trx, { ctx: SYSTEM_CONTEXT, action: 'user.create', subject_type: 'user', subject_id: id, detail: { email, roles: ['admin'], source: passwordFile ? 'generated' : 'environment' } });
    return true;
  });
  return created ? { outcome: 'created', email, passwordFile } : { outcome: 'exists' };
}

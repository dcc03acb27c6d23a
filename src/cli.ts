/**
 * `npm run cli -- <command>`: administration from the shell, with the same configuration as
 * `npm start` (DATABASE_URL, DATA_DIR, …). Secrets are printed once to stdout, never logged.
 *
 *   user:create --email E --name N --role R [--role R …] [--department KEY …] [--language de|en] [--password-stdin]
 *   user:reset-password --email E [--password-stdin]
 *   token:create --name N --role R
 *   backup [--out DIR]
 *   restore <backup-directory> [--force]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { DbClock } from './db/db-clock.js';
import { migrateToLatest, openDatabase } from './db/database.js';
import { AppError } from './errors.js';
import { silentLogger } from './lib/log.js';
import { ROLES, USER_ROLES, type Role, type UserRole } from './modules/auth/auth.policy.js';
import { normaliseEmail } from './modules/auth/auth.service.js';
import { SYSTEM_CONTEXT } from './modules/auth/principal.js';
import { BackupError, createBackup, restoreBackup } from './modules/backup/backup.service.js';
import { departmentRepository } from './modules/departments/department.repository.js';
import { userRepository } from './modules/users/user.repository.js';
import { createStaffServices } from './staff.container.js';

const USAGE = `Usage: npm run cli -- <command> [options]

  user:create          --email E --name N --role R [--role R …] [--department KEY …] [--language de|en] [--password-stdin]
                       Creates a staff account. Roles: ${USER_ROLES.join(', ')}.
                       Without --password-stdin a password is generated and printed once.
  user:reset-password  --email E [--password-stdin]
                       Sets a new password (generated and printed once unless read from stdin) and ends the person's sessions.
  token:create         --name N --role R
                       Creates an API token (roles: ${ROLES.join(', ')}); the token is printed once.
  backup               [--out DIR]
                       Backs up the database and MEDIA_DIR into a new directory below DIR (default $DATA_DIR/backups),
                       while the service runs. Prints the directory.
  restore              <backup-directory> [--force]
                       Restores a backup into DATABASE_URL and MEDIA_DIR (stop the service first). Refuses a damaged
                       backup, one from a newer version, and a target that holds data unless --force (which replaces it).
`;

class UsageError extends Error {}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function one(values: Record<string, unknown>, key: string): string {
  const value = values[key];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${key} is required`);
  return value.trim();
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
      department: { type: 'string', multiple: true },
      language: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      out: { type: 'string' },
      force: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: command === 'restore',
  });

  const config = loadConfig();
  if (command === 'backup') return backup(config, values.out);
  if (command === 'restore') {
    if (positionals.length !== 1) throw new UsageError('restore needs exactly one backup directory');
    return restore(config, positionals[0]!, values.force === true);
  }
  const database = await openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database.db);
    const clock = await DbClock.load(database.db, { canAdvance: config.whatsapp.mode === 'emulator' });
    const services = createStaffServices({ config, db: database.db, dialect: database.dialect, clock, log: silentLogger() });
    const db = database.db;

    switch (command) {
      case 'user:create': {
        const roles = (values.role ?? []) as string[];
        if (roles.length === 0) throw new UsageError('--role is required (at least one)');
        for (const role of roles) if (!(USER_ROLES as readonly string[]).includes(role)) throw new UsageError(`unknown role ${role}; one of ${USER_ROLES.join(', ')}`);
        const departmentIds: number[] = [];
        for (const key of (values.department ?? []) as string[]) {
          const department = await departmentRepository.findByKey(db, key);
          if (!department) throw new UsageError(`unknown department ${key}`);
          departmentIds.push(department.id);
        }
        const language = values.language ?? 'de';
        if (language !== 'de' && language !== 'en') throw new UsageError('--language must be de or en');
        const password = values['password-stdin'] ? await readStdin() : undefined;
        const result = await services.users.create(db, SYSTEM_CONTEXT, {
          email: one(values, 'email'),
          name: one(values, 'name'),
          roles: roles as UserRole[],
          department_ids: departmentIds,
          language,
          password,
        });
        console.log(`Created ${result.user.email} (${result.user.roles.join(', ')}), id ${result.user.id}.`);
        if (result.password) console.log(`Password (shown once): ${result.password}`);
        return 0;
      }
      case 'user:reset-password': {
        const user = await userRepository.findByEmail(db, normaliseEmail(one(values, 'email')));
        if (!user) throw new UsageError('no account with this e-mail address');
        const password = values['password-stdin'] ? await readStdin() : undefined;
        const result = await services.users.resetPassword(db, SYSTEM_CONTEXT, user.id, password);
        console.log(`New password set for ${user.email}; their sessions have ended.`);
        if (result.password) console.log(`Password (shown once): ${result.password}`);
        return 0;
      }
      case 'token:create': {
        const role = values.role?.length === 1 ? values.role[0]! : '';
        if (!role) throw new UsageError('--role is required (exactly one)');
        if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`unknown role ${role}; one of ${ROLES.join(', ')}`);
        const token = await services.tokens.create(db, SYSTEM_CONTEXT, { name: one(values, 'name'), role: role as Role });
        console.log(`Created API token "${token.name}" (${token.role}), id ${token.id}.`);
        console.log(`Token (shown once): ${token.token}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } finally {
    await database.close();
  }
}

function appVersion(): string {
  const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/** A backup while the service runs; the database is not migrated or otherwise changed. */
async function backup(config: Config, out: string | undefined): Promise<number> {
  const database = await openDatabase(config.databaseUrl);
  try {
    const clock = await DbClock.load(database.db, { canAdvance: false });
    const { dir, manifest } = await createBackup({ handle: database, databaseUrl: config.databaseUrl, mediaDir: config.mediaDir, outDir: out ?? path.join(config.dataDir, 'backups'), now: clock.now(), appVersion: appVersion() });
    const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
    const media = manifest.files.filter((f) => f.path.startsWith('media/')).length;
    console.log(`Backup written to ${dir}`);
    console.log(`${manifest.tables.length} tables, ${rows} rows, ${media} media files, schema ${manifest.migrations.at(-1) ?? '(none)'}.`);
    return 0;
  } finally {
    await database.close();
  }
}

async function restore(config: Config, dir: string, force: boolean): Promise<number> {
  const outcome = await restoreBackup(dir, { databaseUrl: config.databaseUrl, open: () => openDatabase(config.databaseUrl), mediaDir: config.mediaDir }, { force });
  console.log(`Restored ${outcome.tables} tables (${outcome.rows} rows) and ${outcome.mediaFiles} media files.`);
  if (outcome.migrated.length > 0) console.log(`Migrated to this version: ${outcome.migrated.join(', ')}.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      console.error(`${error.message}\n\n${USAGE}`);
    } else if (error instanceof BackupError) {
      console.error(`Refused: ${error.message} (${error.code})`);
    } else if (error instanceof ConfigError) {
      console.error(`Cannot run: ${error.message}`);
    } else if (error instanceof AppError) {
      console.error(`${error.field ? `${error.field}: ` : ''}${error.message} (${error.code})`);
    } else {
      console.error(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  },
);

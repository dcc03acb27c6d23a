/**
 * Configuration from the environment: the only module that reads `process.env`.
 * Names follow docs/architecture.md ("Interfaces others rely on"). Every bad key is named in
 * one line of its own; `loadConfig` throws a `ConfigError` listing them and the start stops.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export type WhatsAppMode = 'emulator' | 'cloud';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  dataDir: string;
  mediaDir: string;
  publicUrl: string;
  /** How this process reaches itself (the built-in emulator's webhooks, the adapter's API URL). */
  internalUrl: string;
  townTimezone: string;
  townSeedFile: string;
  logLevel: string;
  whatsapp: {
    mode: WhatsAppMode;
    apiUrl: string;
    apiVersion: string;
    phoneNumberId: string;
    displayNumber: string | null;
    accessToken: string;
    appSecret: string;
    verifyToken: string;
    businessAccountId: string | null;
    mps: number;
    messagingLimit: number | 'unlimited';
  };
  admin: { email: string | null; password: string | null; token: string | null };
  smtp: { url: string | null; from: string | null };
  maps: { tileUrl: string | null; attribution: string | null; geocoderUrl: string | null };
  /** Data rights (issue 9): the salt of the erasure proofs' hashes (PRIVACY_HASH_SALT, else generated and kept in $DATA_DIR). */
  privacy: { hashSalt: string };
  /** Broadcasts (issue 10). */
  broadcasts: { fourEyes: boolean };
  /** Warnings to log at start (e.g. an old API version). */
  warnings: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const CURRENT_API_VERSION = 'v23.0';
const DEFAULT_GRAPH_URL = 'https://graph.facebook.com';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const optionalInt = (min: number, max: number) =>
  optionalString.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max), {
    message: `must be a whole number from ${min} to ${max}`,
  });

const urlString = (protocols: string[]) =>
  optionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(' or ')})` },
  );

const envSchema = z.object({
  PORT: optionalInt(0, 65535),
  HOST: optionalString,
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^(sqlite:|postgres(ql)?:\/\/)/.test(v), {
    message: 'must start with sqlite: or postgres://',
  }),
  DATA_DIR: optionalString,
  MEDIA_DIR: optionalString,
  PUBLIC_URL: urlString(['http:', 'https:']),
  TOWN_TIMEZONE: optionalString.refine((v) => v === undefined || isTimeZone(v), {
    message: 'must be an IANA time zone such as Europe/Berlin',
  }),
  TOWN_SEED_FILE: optionalString,
  LOG_LEVEL: optionalString.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
  WHATSAPP_MODE: optionalString.pipe(z.enum(['emulator', 'cloud']).optional()),
  WHATSAPP_API_URL: urlString(['http:', 'https:']),
  WHATSAPP_API_VERSION: optionalString.refine((v) => v === undefined || /^v\d+\.\d+$/.test(v), {
    message: 'must look like v23.0',
  }),
  WHATSAPP_PHONE_NUMBER_ID: optionalString.refine((v) => v === undefined || /^\d{1,32}$/.test(v), {
    message: 'must be the numeric phone-number id from Meta',
  }),
  WHATSAPP_DISPLAY_NUMBER: optionalString.refine((v) => v === undefined || /^\+?[\d ()-]{6,20}$/.test(v), {
    message: 'must be a phone number such as +49 2152 917-0',
  }),
  WHATSAPP_ACCESS_TOKEN: optionalString,
  WHATSAPP_APP_SECRET: optionalString,
  WHATSAPP_VERIFY_TOKEN: optionalString,
  WHATSAPP_BUSINESS_ACCOUNT_ID: optionalString.refine((v) => v === undefined || /^\d{1,32}$/.test(v), {
    message: 'must be the numeric WhatsApp Business Account id',
  }),
  WHATSAPP_MPS: optionalInt(1, 1000),
  BROADCAST_FOUR_EYES: optionalString.pipe(z.enum(['on', 'off']).optional()), // issue 10
  WHATSAPP_MESSAGING_LIMIT: optionalString.refine((v) => v === undefined || v === 'unlimited' || /^\d+$/.test(v), {
    message: 'must be a whole number or "unlimited"',
  }),
  STADTBOTE_ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  STADTBOTE_ADMIN_PASSWORD: optionalString.refine((v) => v === undefined || v.length >= 12, {
    message: 'must have at least 12 characters',
  }),
  STADTBOTE_ADMIN_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 24, {
    message: 'must have at least 24 characters',
  }),
  SMTP_URL: urlString(['smtp:', 'smtps:']),
  MAIL_FROM: optionalString.pipe(z.email().optional()),
  MAP_TILE_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/.*\{z\}.*\{x\}.*\{y\}/.test(v), {
    message: 'must be an http(s) URL template with {z}, {x} and {y}',
  }),
  MAP_ATTRIBUTION: optionalString,
  GEOCODER_URL: urlString(['http:', 'https:']),
  PRIVACY_HASH_SALT: optionalString.refine((v) => v === undefined || v.length >= 32, {
    message: 'must have at least 32 characters',
  }),
});

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * Reads and validates the configuration. Throws `ConfigError` naming every bad key.
 * In emulator mode, a missing app secret / verify token is generated once and kept in
 * `$DATA_DIR/emulator-secrets.json` (mode 0600) so that restarts keep them.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'environment');
      return `${key}: ${issue.message}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  const e = parsed.data;
  const problems: string[] = [];
  const warnings: string[] = [];

  const port = e.PORT === undefined ? 3000 : Number(e.PORT);
  const host = e.HOST ?? '127.0.0.1';
  const dataDir = path.resolve(e.DATA_DIR ?? './data');
  const publicUrl = (e.PUBLIC_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
  const publicHost = new URL(publicUrl).hostname;
  const reachableHost = ['0.0.0.0', '::', '', 'localhost'].includes(host) || isLoopbackHost(host) ? '127.0.0.1' : host;
  const internalUrl = `http://${reachableHost.includes(':') ? `[${reachableHost}]` : reachableHost}:${port}`;

  let mode: WhatsAppMode;
  let modeKnown = true;
  if (e.WHATSAPP_MODE) {
    mode = e.WHATSAPP_MODE;
  } else if (e.WHATSAPP_ACCESS_TOKEN) {
    mode = 'cloud';
  } else if (isLoopbackHost(publicHost)) {
    mode = 'emulator';
  } else {
    problems.push(
      'WHATSAPP_MODE: not set, no WHATSAPP_ACCESS_TOKEN, and PUBLIC_URL is not a loopback address; ' +
        'set WHATSAPP_MODE=cloud with the Meta credentials, or WHATSAPP_MODE=emulator to try Stadtbote without WhatsApp',
    );
    mode = 'cloud';
    modeKnown = false;
  }

  if (mode === 'cloud' && modeKnown) {
    for (const key of ['WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN'] as const) {
      if (!e[key]) problems.push(`${key}: required when WHATSAPP_MODE=cloud`);
    }
  }

  const apiVersion = e.WHATSAPP_API_VERSION ?? CURRENT_API_VERSION;
  if (versionNumber(apiVersion) < versionNumber(CURRENT_API_VERSION)) {
    warnings.push(`WHATSAPP_API_VERSION ${apiVersion} is older than ${CURRENT_API_VERSION}; Meta retires old versions, plan an upgrade`);
  }

  let messagingLimit: number | 'unlimited' = 250;
  if (e.WHATSAPP_MESSAGING_LIMIT) {
    messagingLimit = e.WHATSAPP_MESSAGING_LIMIT === 'unlimited' ? 'unlimited' : Number(e.WHATSAPP_MESSAGING_LIMIT);
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const secrets = mode === 'emulator' ? emulatorSecrets(dataDir, e.WHATSAPP_APP_SECRET, e.WHATSAPP_VERIFY_TOKEN) : null;

  return Object.freeze({
    port,
    host,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'stadtbote.sqlite')}`,
    dataDir,
    mediaDir: path.resolve(e.MEDIA_DIR ?? path.join(dataDir, 'media')),
    publicUrl,
    internalUrl,
    townTimezone: e.TOWN_TIMEZONE ?? 'Europe/Berlin',
    townSeedFile: path.resolve(e.TOWN_SEED_FILE ?? 'seeds/kempen.json'),
    logLevel: e.LOG_LEVEL ?? 'info',
    whatsapp: {
      mode,
      apiUrl: (e.WHATSAPP_API_URL ?? (mode === 'emulator' ? `${internalUrl}/emulator` : DEFAULT_GRAPH_URL)).replace(/\/+$/, ''),
      apiVersion,
      phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID ?? (mode === 'emulator' ? '100000000000001' : ''),
      displayNumber: e.WHATSAPP_DISPLAY_NUMBER ?? null,
      accessToken: e.WHATSAPP_ACCESS_TOKEN ?? (mode === 'emulator' ? 'emulator-access-token' : ''),
      appSecret: e.WHATSAPP_APP_SECRET ?? secrets?.appSecret ?? '',
      verifyToken: e.WHATSAPP_VERIFY_TOKEN ?? secrets?.verifyToken ?? '',
      // The built-in emulator plays this account in emulator mode.
      businessAccountId: e.WHATSAPP_BUSINESS_ACCOUNT_ID ?? (mode === 'emulator' ? '210200300400502' : null),
      mps: e.WHATSAPP_MPS === undefined ? 80 : Number(e.WHATSAPP_MPS),
      messagingLimit,
    },
    admin: {
      email: e.STADTBOTE_ADMIN_EMAIL ?? null,
      password: e.STADTBOTE_ADMIN_PASSWORD ?? null,
      token: e.STADTBOTE_ADMIN_TOKEN ?? null,
    },
    smtp: { url: e.SMTP_URL ?? null, from: e.MAIL_FROM ?? null },
    maps: { tileUrl: e.MAP_TILE_URL ?? null, attribution: e.MAP_ATTRIBUTION ?? null, geocoderUrl: e.GEOCODER_URL ?? null },
    privacy: { hashSalt: e.PRIVACY_HASH_SALT ?? keptSalt(dataDir) },
    /** Broadcasts (issue 10): four-eyes approval before sending (default on). */
    broadcasts: { fourEyes: e.BROADCAST_FOUR_EYES !== 'off' },
    warnings,
  });
}

function versionNumber(version: string): number {
  const [major = '0', minor = '0'] = version.slice(1).split('.');
  return Number(major) * 1000 + Number(minor);
}

function emulatorSecrets(dataDir: string, appSecret?: string, verifyToken?: string): { appSecret: string; verifyToken: string } {
  if (appSecret && verifyToken) return { appSecret, verifyToken };
  const file = path.join(dataDir, 'emulator-secrets.json');
  let stored: { appSecret?: string; verifyToken?: string } = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as typeof stored;
    } catch {
      stored = {};
    }
  }
  const result = {
    appSecret: appSecret ?? stored.appSecret ?? randomBytes(24).toString('hex'),
    verifyToken: verifyToken ?? stored.verifyToken ?? randomBytes(16).toString('hex'),
  };
  if (result.appSecret !== stored.appSecret || result.verifyToken !== stored.verifyToken) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(result), { mode: 0o600 });
  }
  return result;
}

/**
 * The erasure proofs' salt when PRIVACY_HASH_SALT is not set: generated once and kept in
 * `$DATA_DIR/privacy-salt` (0600), like the emulator secrets (D7). Kept outside the database, so
 * a database dump alone does not allow testing numbers against the proofs.
 */
function keptSalt(dataDir: string): string {
  const file = path.join(dataDir, 'privacy-salt');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  const salt = randomBytes(32).toString('hex');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, salt, { mode: 0o600 });
  return salt;
}

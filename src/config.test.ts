import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, isLoopbackHost, loadConfig } from './config.js';

const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'stadtbote-config-'));

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('starts with defaults in emulator mode on a loopback address', () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.publicUrl).toBe('http://127.0.0.1:3000');
    expect(config.databaseUrl).toBe(`sqlite:${path.join(dir, 'stadtbote.sqlite')}`);
    expect(config.mediaDir).toBe(path.join(dir, 'media'));
    expect(config.townTimezone).toBe('Europe/Berlin');
    expect(config.whatsapp.mode).toBe('emulator');
    expect(config.whatsapp.apiUrl).toBe('http://127.0.0.1:3000/emulator');
    expect(config.whatsapp.apiVersion).toBe('v23.0');
    expect(config.whatsapp.mps).toBe(80);
    expect(config.whatsapp.messagingLimit).toBe(250);
  });

  it('generates the emulator secrets once, keeps them 0600 and reuses them on restart', () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.whatsapp.appSecret).toMatch(/^[0-9a-f]{48}$/);
    expect(second.whatsapp.appSecret).toBe(first.whatsapp.appSecret);
    expect(second.whatsapp.verifyToken).toBe(first.whatsapp.verifyToken);
    const file = path.join(dir, 'emulator-secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).appSecret).toBe(first.whatsapp.appSecret);
  });

  it('names every bad key in a line of its own', () => {
    const problems = problemsOf({
      DATA_DIR: dataDir(),
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      TOWN_TIMEZONE: 'Mars/Olympus',
      WHATSAPP_MPS: '5000',
      WHATSAPP_MESSAGING_LIMIT: 'lots',
      WHATSAPP_API_VERSION: '23',
      MAP_TILE_URL: 'https://tiles.example/osm.png',
    });
    const keys = problems.map((p) => p.split(':')[0]);
    expect(keys).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_URL', 'TOWN_TIMEZONE', 'WHATSAPP_MPS', 'WHATSAPP_MESSAGING_LIMIT', 'WHATSAPP_API_VERSION', 'MAP_TILE_URL']),
    );
    expect(problems).toHaveLength(7);
    for (const line of problems) expect(line).not.toContain('\n');
  });

  it('refuses to start without a Meta token when PUBLIC_URL is not loopback (decision 13)', () => {
    const problems = problemsOf({ DATA_DIR: dataDir(), PUBLIC_URL: 'https://buergerservice.kempen.de' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^WHATSAPP_MODE: .*WHATSAPP_MODE=cloud.*WHATSAPP_MODE=emulator/);
  });

  it('defaults to cloud mode with a token and then requires the Meta credentials', () => {
    const problems = problemsOf({ DATA_DIR: dataDir(), PUBLIC_URL: 'https://buergerservice.kempen.de', WHATSAPP_ACCESS_TOKEN: 'EAAG…' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['WHATSAPP_APP_SECRET', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_VERIFY_TOKEN']);
  });

  it('accepts a complete cloud configuration and warns about an old API version', () => {
    const config = loadConfig({
      DATA_DIR: dataDir(),
      PUBLIC_URL: 'https://buergerservice.kempen.de/',
      WHATSAPP_MODE: 'cloud',
      WHATSAPP_ACCESS_TOKEN: 'token',
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_APP_SECRET: 'secret',
      WHATSAPP_VERIFY_TOKEN: 'verify',
      WHATSAPP_API_VERSION: 'v21.0',
      WHATSAPP_MESSAGING_LIMIT: 'unlimited',
      DATABASE_URL: 'postgres://stadtbote@db/stadtbote',
    });
    expect(config.publicUrl).toBe('https://buergerservice.kempen.de');
    expect(config.whatsapp.apiUrl).toBe('https://graph.facebook.com');
    expect(config.whatsapp.messagingLimit).toBe('unlimited');
    expect(config.warnings.join()).toMatch(/v21\.0 is older than v23\.0/);
  });

  it('allows an explicit emulator mode on a public address (control API stays loopback/admin-token only)', () => {
    const config = loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: 'https://demo.example.org', WHATSAPP_MODE: 'emulator' });
    expect(config.whatsapp.mode).toBe('emulator');
  });

  it('recognises loopback hosts', () => {
    expect(['127.0.0.1', '127.8.0.3', 'localhost', '[::1]', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['10.0.0.1', 'kempen.de', '128.0.0.1', '::2'].some(isLoopbackHost)).toBe(false);
  });
});

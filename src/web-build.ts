/**
 * Builds the web pages (web/ → dist/web) when the build is missing or stale. Staleness is a
 * hash over web/'s sources and the lockfile, kept in dist/web/.build-hash.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WEB_SOURCE = path.join(PROJECT_ROOT, 'web');
export const WEB_DIST = path.join(PROJECT_ROOT, 'dist', 'web');
const HASH_FILE = path.join(WEB_DIST, '.build-hash');

/** Hash of everything the build reads. */
export function webSourceHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name.endsWith('.test.ts')) continue;
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else hash.update(path.relative(WEB_SOURCE, file)).update(readFileSync(file));
    }
  };
  walk(WEB_SOURCE);
  const lock = path.join(PROJECT_ROOT, 'package-lock.json');
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest('hex');
}

/** True when dist/web matches the sources. */
export function webBuildIsCurrent(): boolean {
  return existsSync(HASH_FILE) && readFileSync(HASH_FILE, 'utf8') === webSourceHash();
}

/** Builds the pages unless the build is current. Returns true when it built. */
export async function ensureWebBuild(options: { force?: boolean } = {}): Promise<boolean> {
  if (!options.force && webBuildIsCurrent()) return false;
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_SOURCE, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(HASH_FILE, webSourceHash());
  return true;
}

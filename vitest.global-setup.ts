/** Runs once before all tests: builds the web pages when missing or stale (browser tests need them). */
import { ensureWebBuild } from './src/web-build.js';

export default async function setup(): Promise<void> {
  await ensureWebBuild();
}

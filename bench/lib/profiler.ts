/**
 * In a child: a V8 CPU profile of the measured part only (not start-up), written to
 * $BENCH_CPU_PROF_DIR/<name>.cpuprofile when that variable is set. Summarise with
 * `tsx bench/profile-summary.ts <file>`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

let session: Session | null = null;

export async function startProfile(): Promise<void> {
  if (!process.env.BENCH_CPU_PROF_DIR || session) return;
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
}

export async function stopProfile(name: string): Promise<string | null> {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  if (!dir || !session) return null;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  session = null;
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${process.pid}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

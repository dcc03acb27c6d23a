/**
 * Runs the standalone emulator exactly as `npm run emulator` does (src/emulator/main.ts, same
 * flags), and ends it when the benchmark runner goes away, so that no emulator outlives a run.
 * With BENCH_CPU_PROF_DIR set, the runner can profile a stretch of it ('profile-start'/'-stop').
 */
import { startProfile, stopProfile } from '../lib/profiler.js';

process.on('disconnect', () => process.exit(0));
process.on('message', (raw) => {
  const message = raw as { type: string; name?: string };
  if (message.type === 'profile-start') void startProfile();
  if (message.type === 'profile-stop') void stopProfile(message.name ?? 'emulator').then((file) => process.send?.({ type: 'profile-stopped', file }));
});
await import('../../src/emulator/main.js');

/**
 * Runs the standalone emulator exactly as `npm run emulator` does (src/emulator/main.ts, same
 * flags), and ends it when the benchmark runner goes away, so that no emulator outlives a run.
 * The runner can ask for the emulator's event-loop delay since the last ask ('loop-delay': its
 * own stalls delay when requests are counted, which matters to Meta's sliding-window rule), and
 * with BENCH_CPU_PROF_DIR set it can profile a stretch of it ('profile-start'/'-stop').
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startProfile, stopProfile } from '../lib/profiler.js';

const loop = monitorEventLoopDelay({ resolution: 2 });
loop.enable();
process.on('disconnect', () => process.exit(0));
process.on('message', (raw) => {
  const message = raw as { type: string; name?: string };
  if (message.type === 'profile-start') void startProfile();
  if (message.type === 'profile-stop') void stopProfile(message.name ?? 'emulator').then((file) => process.send?.({ type: 'profile-stopped', file }));
  if (message.type === 'loop-delay') {
    process.send?.({ type: 'loop-delay', p99Ms: loop.percentile(99) / 1e6, maxMs: loop.max / 1e6 });
    loop.reset();
  }
});
// BENCH_EMULATOR_MAIN: another checkout's emulator, to measure a change against (A/B).
await import(process.env.BENCH_EMULATOR_MAIN ?? '../../src/emulator/main.js');

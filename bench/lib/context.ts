/** What every scenario gets from the runner. */
import type { Dialect } from '../../src/db/sql.js';
import type { EmulatorProcess } from './emulator.js';

export interface BenchContext {
  smoke: boolean;
  /** The databases this run covers (PostgreSQL when reachable). */
  dialects: Dialect[];
  pgUrl?: string;
  /** The one emulator process of the run (reset by each scenario). */
  emulator(): Promise<EmulatorProcess>;
  log(line: string): void;
}

/** Picks the smoke or the full size. */
export function size<T>(ctx: BenchContext, full: T, smoke: T): T {
  return ctx.smoke ? smoke : full;
}

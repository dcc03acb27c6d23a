/** Small statistics and the shape of a scenario's result (bench/results/latest.json). */
import os from 'node:os';

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Rounds for the report (3 significant decimals for ratios, whole numbers for big figures). */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const MB = 1024 * 1024;

/** One pass/fail criterion: a measured value against its target. */
export interface Check {
  name: string;
  measured: number | null;
  /** e.g. ">= 0.5" or "<= 10 s" or "== 0" */
  target: string;
  ok: boolean;
  /** Reported but not required (e.g. PostgreSQL figures). */
  informational?: boolean;
}

export interface ScenarioResult {
  id: string;
  title: string;
  ok: boolean;
  seconds: number;
  checks: Check[];
  /** Everything measured, per database or variant (absolute figures). */
  figures: Record<string, unknown>;
  notes: string[];
  error?: string;
}

export function check(name: string, measured: number | null, op: '>=' | '<=' | '==', bound: number, unit = '', informational = false): Check {
  const ok = measured !== null && Number.isFinite(measured) && (op === '>=' ? measured >= bound : op === '<=' ? measured <= bound : measured === bound);
  return { name, measured: measured === null ? null : round(measured, 4), target: `${op} ${bound}${unit ? ` ${unit}` : ''}`, ok, ...(informational ? { informational } : {}) };
}

export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gb: round(os.totalmem() / 1024 ** 3, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    load_average_at_start: os.loadavg().map((l) => round(l, 2)),
  };
}

/** CPU seconds (user + system) of this process so far. */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * `npm run bench -- --smoke` as part of `npm test`: every benchmark scenario runs at a tiny size
 * in its own processes (emulator, product, comparisons), and its correctness checks must hold —
 * nothing lost, every row sent and accepted, no webhook refused, every event applied. Speed is
 * not judged here (the figures of a smoke run are noise); `npm run bench` does that.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScenarioResult } from './lib/stats.js';

const SCENARIOS = ['fanout', 'dispatch', 'rate', 'ingest', 'crash', 'memory'];

interface Report {
  kind: string;
  ok: boolean;
  scenarios: ScenarioResult[];
}

describe('npm run bench -- --smoke', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stadtbote-bench-smoke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every scenario at a tiny size and each one produces sane results', async () => {
    const out = path.join(dir, 'smoke.json');
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', out],
        { cwd: path.resolve(import.meta.dirname, '..'), timeout: 280_000, maxBuffer: 10 * 1024 * 1024 },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    const context = `${run.stdout}\n${run.stderr}`.slice(-6000);
    expect(report.kind).toBe('smoke');
    expect(report.scenarios.map((s) => s.id), context).toEqual(SCENARIOS);
    for (const scenario of report.scenarios) {
      expect(scenario.error, `${scenario.id}: ${scenario.error}\n${context}`).toBeUndefined();
      expect(scenario.checks.length, scenario.id).toBeGreaterThan(0);
      const missed = scenario.checks.filter((c) => !c.ok && !c.informational);
      expect(missed, `${scenario.id}\n${context}`).toEqual([]);
      // Every figure a check reports is a number (no NaN from an empty measurement).
      for (const c of scenario.checks) expect(Number.isFinite(c.measured), `${scenario.id}: ${c.name}`).toBe(true);
    }
    const byId = Object.fromEntries(report.scenarios.map((s) => [s.id, s]));
    const value = (id: string, name: string) => byId[id]!.checks.find((c) => c.name.includes(name))?.measured;
    expect(value('crash', 'recipients lost')).toBe(0);
    expect(value('memory', 'rows sent')).toBeGreaterThan(0);
    expect(report.ok, context).toBe(true);
    expect(run.code, context).toBe(0);
  }, 300_000);
});

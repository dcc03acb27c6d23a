/**
 * The figures section of docs/performance.md, written from a run's results so that the page
 * always shows the latest full run (`npm run bench` rewrites the part between the markers;
 * `tsx bench/lib/report.ts [results.json]` does it again from a stored result).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioResult } from './stats.js';

export const BEGIN = '<!-- bench:figures:begin (written by npm run bench; do not edit by hand) -->';
export const END = '<!-- bench:figures:end -->';

export interface RunReport {
  kind: string;
  started_at: string;
  seconds: number;
  machine: Record<string, unknown>;
  databases: Record<string, string>;
  notes: string[];
  ok: boolean;
  scenarios: ScenarioResult[];
}

function verdict(c: ScenarioResult['checks'][number]): string {
  if (c.ok) return 'met';
  return c.informational ? 'reported (not required)' : '**missed**';
}

/** The markdown of the figures section. */
export function renderFigures(report: RunReport): string {
  const m = report.machine;
  const lines = [
    BEGIN,
    '',
    `Run of ${report.started_at.slice(0, 16).replace('T', ' ')} UTC, ${Math.round(report.seconds / 60)} minutes; ` +
      `${String(m.cores)} × ${String(m.cpu)}, ${String(m.memory_gb)} GB, ${String(m.os)}, Node ${String(m.node)}; ` +
      `SQLite ${report.databases.sqlite ?? '?'}, PostgreSQL ${report.databases.postgres ?? 'not run'}; ` +
      `load average at the start ${Array.isArray(m.load_average_at_start) ? m.load_average_at_start.join(' / ') : '?'}.`,
    '',
    '| scenario | check | measured | target | |',
    '|---|---|---|---|---|',
  ];
  for (const s of report.scenarios) {
    if (s.error) lines.push(`| ${s.title} | the scenario failed: ${s.error.replace(/\|/g, '\\|')} | | | **missed** |`);
    for (const c of s.checks) lines.push(`| ${s.title} | ${c.name} | ${c.measured ?? '–'} | ${c.target} | ${verdict(c)} |`);
  }
  for (const note of report.notes) lines.push('', `Note: ${note}`);
  lines.push('', END);
  return lines.join('\n');
}

/** Replaces the figures section of `file` (which must hold both markers). */
export function writeFigures(file: string, report: RunReport): void {
  const page = readFileSync(file, 'utf8');
  const begin = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${file} lacks the bench figure markers`);
  writeFileSync(file, page.slice(0, begin) + renderFigures(report) + page.slice(end + END.length));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const results = process.argv[2] ?? path.join(root, 'bench', 'results', 'latest.json');
  writeFigures(path.join(root, 'docs', 'performance.md'), JSON.parse(readFileSync(results, 'utf8')) as RunReport);
}

/**
 * Reference numbers (decision D46): the town's format with `{prefix}`, `{year}` and `{number}`
 * (six digits) or `{number:N}` (N digits), e.g. `{prefix}-{year}-{number}` → KE-2026-000123.
 * The number counts per year when the format names the year, else over all time. Pure.
 */
export const DEFAULT_REFERENCE_FORMAT = '{prefix}-{year}-{number}';

const NUMBER = /\{number(?::(\d))?\}/;

/** True for a usable format: one `{number}` (1–9 digits), only known placeholders, ≤ 40 characters. */
export function isReferenceFormat(format: string): boolean {
  if (format.length > 40 || (format.match(/\{number(?::\d)?\}/g) ?? []).length !== 1) return false;
  return format.replace(/\{(prefix|year|number(?::[1-9])?)\}/g, '').match(/[{}]/) === null && /^[A-Za-z0-9{}:/._-]+$/.test(format);
}

/** The counter's scope for a format at a year: the year when the format shows it, else `all`. */
export function referenceScope(format: string, year: number): string {
  return format.includes('{year}') ? String(year) : 'all';
}

export function formatReference(format: string, o: { prefix: string; year: number; number: number }): string {
  const digits = Number(NUMBER.exec(format)?.[1] ?? 6);
  return format
    .replace('{prefix}', o.prefix)
    .replace('{year}', String(o.year))
    .replace(NUMBER, String(o.number).padStart(digits, '0'));
}

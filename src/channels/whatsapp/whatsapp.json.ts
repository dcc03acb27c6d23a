/**
 * Small readers for untrusted JSON (webhooks, HTTP responses) and the hashing used for
 * dedupe keys. Nothing here throws on odd input.
 */
import { createHash } from 'node:crypto';

export type JsonObject = Record<string, unknown>;

/** The value as a plain object, else undefined. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** The value as an array, else an empty one. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A string with some non-blank content (returned unchanged), else undefined. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Only the digits of a phone-like string; undefined when none. */
export function digitsOf(value: unknown): string | undefined {
  const digits = typeof value === 'string' ? value.replace(/\D/g, '') : '';
  return digits !== '' ? digits : undefined;
}

/** A finite number, also from a numeric string. */
export function asNumber(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** An id Meta sends as number or string, as a string. */
export function idString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return nonEmpty(value);
}

/** Unix seconds (string or number, as Meta sends them) → Date; undefined when not a positive number. */
export function parseUnixSeconds(value: unknown): Date | undefined {
  const seconds = asNumber(value);
  return seconds !== undefined && seconds > 0 ? new Date(seconds * 1000) : undefined;
}

/**
 * A Meta identifier (a field name, a message type) fit to appear in a reason: short word
 * characters only. Anything else is shown as "(unrecognised)" so that no payload text leaks.
 */
export function safeName(value: unknown): string {
  if (value === undefined || value === null) return '(missing)';
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : '(unrecognised)';
}

/** JSON with object keys sorted at every level, so equal content hashes equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const object = asObject(value);
  if (object !== undefined) {
    const keys = Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 hex of the canonical JSON of a value. */
export function hashJson(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

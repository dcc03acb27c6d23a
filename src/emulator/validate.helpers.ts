/** Small helpers shared by the request validators. */
import type { MetaApiError } from './emulator.errors.js';
import { metaError } from './emulator.errors.js';

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A required string field inside a type's object. */
export function requireString(obj: Obj, key: string, path: string): string | MetaApiError {
  const value = obj[key];
  if (value === undefined || value === null || value === '') return metaError(131008, `The parameter ${path} is required.`);
  if (typeof value !== 'string') return metaError(100, `Param ${path} must be a string.`);
  return value;
}

/** An optional string with a maximum length. */
export function optionalString(obj: Obj, key: string, path: string, max: number, label?: string): MetaApiError | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return metaError(100, `Param ${path} must be a string.`);
  if (value.length > max) return metaError(131009, `${label ?? `Param ${path}`} length invalid. Max length: ${max}`);
  return null;
}


/**
 * Zod pieces shared by the `/api` routes: ids, texts in every language, dates, the error shape
 * (REST conventions in ../shared/docs/architecture.md). Unknown fields in bodies are stripped.
 */
import { z } from 'zod';
import { isIsoDate } from '../modules/holidays/working-days.js';

export const idParam = z.object({ id: z.coerce.number().int().positive() });

/** A name: trimmed, not empty, at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** A text in each of the product's languages (de, en, nl). */
export const localized = (max: number) => z.object({ de: text(max), en: text(max), nl: text(max) });

/** A stable key: lower case letters, digits, `_` and `-`. */
export const key = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, _ and - (at most 64)');

/** A calendar date, YYYY-MM-DD. */
export const isoDate = z.string().refine(isIsoDate, 'a date as YYYY-MM-DD');

/** A reference to a user (null: none). */
export const userRef = z.number().int().positive().nullable();

export const email = z.string().trim().max(254).pipe(z.email());

/** The error shape of every `/api` answer that is not 2xx. */
export const errorSchema = z.object({
  error: z.looseObject({ code: z.string(), message: z.string(), field: z.string().optional() }),
});

/** Errors a guarded route may answer with. */
export const guardedErrors = { 401: errorSchema, 403: errorSchema } as const;

/** … and one that validates input and may find nothing. */
export const writeErrors = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema } as const;

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

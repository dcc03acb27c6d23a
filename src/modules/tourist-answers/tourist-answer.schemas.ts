/** The shape of a tourist answer (API and seed file alike). */
import type { Insertable } from 'kysely';
import { z } from 'zod';
import type { TouristAnswerTable } from '../../db/schema.js';

const keywordList = z.array(z.string().trim().min(2).max(60)).max(30);
const https = z.url({ protocol: /^https$/, error: 'an https URL' }).max(1024);

export const touristAnswerFields = {
  titles: z.object({ de: z.string().trim().min(1).max(24), en: z.string().trim().min(1).max(24), nl: z.string().trim().min(1).max(24) }),
  keywords: z.object({ de: keywordList, en: keywordList, nl: keywordList }),
  /** At most 900 characters: the answer must fit an image caption (1,024) with its link. */
  answers: z.object({ de: z.string().trim().min(1).max(900), en: z.string().trim().min(1).max(900), nl: z.string().trim().min(1).max(900) }),
  image_url: https.nullable().optional(),
  link_url: https.nullable().optional(),
  sort_order: z.int().min(0).max(10_000).optional(),
  active: z.boolean().optional(),
};

export const touristKey = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, _ and - (at most 64)');

export const touristAnswerInput = z.object({ key: touristKey, ...touristAnswerFields });
export type TouristAnswerInput = z.infer<typeof touristAnswerInput>;
export const touristAnswerPatch = z.object(touristAnswerFields).partial();
export type TouristAnswerPatch = z.infer<typeof touristAnswerPatch>;

/** A new row from the input (API or seed). */
export function touristRow(input: TouristAnswerInput, sortOrder: number, now: number): Insertable<TouristAnswerTable> {
  return {
    key: input.key,
    titles: JSON.stringify(input.titles),
    keywords: JSON.stringify(input.keywords),
    answers: JSON.stringify(input.answers),
    image_url: input.image_url ?? null,
    link_url: input.link_url ?? null,
    sort_order: input.sort_order ?? sortOrder,
    active: input.active === false ? 0 : 1,
    created_at: now,
    updated_at: now,
  };
}

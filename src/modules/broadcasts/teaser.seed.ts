/**
 * The teaser templates of a town's seed file (issue 10, decision D36): one per content class and
 * language, fixed wording with three short parameters (topic, title, date) and the quick reply
 * "Lesen / Read / Lezen". They are written to the template registry once, as `pending` and
 * mapped to their class; Meta's approval arrives with the registry sync or the status webhook.
 * In emulator mode the built-in emulator holds them as approved, as Meta would after review.
 */
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { LANGUAGES } from '../../lib/language.js';
import { templateRepository } from '../templates/template.repository.js';
import { townRepository } from '../town/town.repository.js';
import { CONTENT_CLASSES, teaserKind } from './content-classes.js';

const text = z.object({ body: z.string().min(1).max(1024), button: z.string().min(1).max(20) });

export const teaserSeedShape = {
  teaser_templates: z
    .array(
      z.object({
        content_class: z.enum(CONTENT_CLASSES),
        name: z.string().regex(/^[a-z0-9_]{1,512}$/),
        category: z.enum(['UTILITY', 'MARKETING']),
        texts: z.object({ de: text, en: text, nl: text }),
      }),
    )
    .optional(),
};

export type TeaserSeed = z.infer<z.ZodObject<typeof teaserSeedShape>>;

const parameterCount = (body: string) => new Set(body.match(/\{\{\d+\}\}/g) ?? []).size;

/** Writes the seed's teaser templates to the registry once (marker `seeded_teasers_at`); true when it did. */
export async function seedTeaserTemplates(db: Database, now: number, seed: TeaserSeed): Promise<boolean> {
  if (!seed.teaser_templates) return false;
  return db.transaction().execute(async (trx) => {
    if (!(await townRepository.claimMarker(trx, 'seeded_teasers_at', now))) return false;
    for (const t of seed.teaser_templates!) {
      for (const language of LANGUAGES) {
        const body = t.texts[language].body;
        await templateRepository.insertIfAbsent(trx, {
          name: t.name,
          language,
          category: t.category.toLowerCase(),
          status: 'pending',
          body,
          parameter_count: parameterCount(body),
          serves: [teaserKind(t.content_class)],
          updated_at: now,
        });
      }
    }
    return true;
  });
}

/** The seed's teaser templates as the emulator's approved templates (emulator mode). */
export function emulatorTeaserTemplates(seed: TeaserSeed): { name: string; language: string; category: 'UTILITY' | 'MARKETING'; status: 'APPROVED'; body: string; quick_replies: string[] }[] {
  return (seed.teaser_templates ?? []).flatMap((t) =>
    LANGUAGES.map((language) => ({ name: t.name, language, category: t.category, status: 'APPROVED' as const, body: t.texts[language].body, quick_replies: [t.texts[language].button] })),
  );
}

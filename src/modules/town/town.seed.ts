/**
 * Town data is data (decision 20): on first start the seed file (`seeds/kempen.json` by
 * default) fills the settings and topics; afterwards the database is the truth and the staff
 * app edits it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { isReferenceFormat } from '../cases/case.reference.js';
import { seedStaffData, staffSeedShape } from '../settings/staff.seed.js';
import { seedTeaserTemplates, teaserSeedShape } from '../broadcasts/teaser.seed.js'; // broadcasts (issue 10)
import { townRepository } from './town.repository.js';
import { seedTouristAnswers, touristSeedShape } from '../tourist-answers/tourist-answer.seed.js'; // issue 9

const localized = z.object({ de: z.string().min(1), en: z.string().min(1), nl: z.string().min(1) });

export const townSchema = z.object({
  name: z.string().min(1),
  service_name: z.string().min(1),
  reference_prefix: z.string().regex(/^[A-Z]{1,6}$/),
  privacy_url: z.url(),
  imprint_url: z.url(),
  accessibility_url: z.url().optional(),
  contact_phone: z.string().optional(),
  contact_email: z.email().optional(),
  center: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  // Reports (issue 11, docs/dialogue.md "The report flow"):
  /** The town's boundary: [latitude, longitude] corners; a location outside is flagged. */
  boundary: z.array(z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)])).min(3).max(5000).optional(),
  /** e.g. `{prefix}-{year}-{number}` → KE-2026-000123 (`{number:N}` for N digits). */
  reference_format: z.string().refine(isReferenceFormat, 'must contain {number} once and only {prefix}, {year}, {number} or {number:N}').optional(),
  /** An unfinished report draft expires after this many minutes (below 24 hours). */
  report_draft_minutes: z.number().int().min(5).max(1439).optional(),
});

export type Town = z.infer<typeof townSchema>;

const seedSchema = z.object({
  town: townSchema,
  topics: z.array(
    z.object({
      key: z.string().regex(/^[a-z0-9_-]{1,64}$/),
      urgent: z.boolean().optional(),
      names: localized,
      descriptions: localized,
    }),
  ),
  /** Departments, categories, holidays, retention, rate card (issue 7); seeded once, separately. */
  ...staffSeedShape,
  /** Tourist answers (issue 9); seeded once, separately. */
  ...touristSeedShape,
  /** Teaser templates per content class (issue 10); seeded once, separately. */
  ...teaserSeedShape,
});

export type TownSeed = z.infer<typeof seedSchema>;

/** Reads and validates a seed file; the error names the file and the bad field. */
export function readSeed(file: string): TownSeed {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`seed file ${file}: ${error instanceof Error ? error.message : 'unreadable'}`, { cause: error });
  }
  const parsed = seedSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new Error(`seed file ${file}: ${first.path.join('.')}: ${first.message}`);
  }
  return parsed.data;
}

/**
 * Applies the seed once (a database that has town data is left alone). Returns true when seeded.
 * The staff part (departments, categories, …) has a marker of its own, so a database seeded
 * before it existed receives it on the next start — once.
 */
export async function seedTown(db: Database, clock: Clock, seed: TownSeed): Promise<boolean> {
  const now = clock.now().getTime();
  const town = await seedTownAndTopics(db, now, seed);
  const staff = await seedStaffData(db, now, seed);
  const tourist = await seedTouristAnswers(db, now, seed);
  const teasers = await seedTeaserTemplates(db, now, seed); // issue 10
  return town || staff || tourist || teasers;
}

async function seedTownAndTopics(db: Database, now: number, seed: TownSeed): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const claimed = await townRepository.claimSeed(trx, now);
    if (!claimed) return false;
    await townRepository.putSetting(trx, 'town', seed.town, now);
    for (const [index, topic] of seed.topics.entries()) {
      await townRepository.insertTopic(trx, {
        key: topic.key,
        names: JSON.stringify(topic.names),
        descriptions: JSON.stringify(topic.descriptions),
        sort_order: index,
        active: 1,
        urgent: topic.urgent ? 1 : 0,
        created_at: now,
        updated_at: now,
      });
    }
    return true;
  });
}

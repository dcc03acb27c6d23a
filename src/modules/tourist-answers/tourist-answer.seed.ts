/** The tourist answers of a town's seed file: applied once, under their own marker. */
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { townRepository } from '../town/town.repository.js';
import { touristAnswerRepository } from './tourist-answer.repository.js';
import { touristAnswerInput } from './tourist-answer.schemas.js';

export const touristSeedShape = { tourist_answers: z.array(touristAnswerInput).optional() };
export type TouristSeed = z.infer<z.ZodObject<typeof touristSeedShape>>;

export async function seedTouristAnswers(db: Database, now: number, seed: TouristSeed): Promise<boolean> {
  if (!seed.tourist_answers || seed.tourist_answers.length === 0) return false;
  return db.transaction().execute(async (trx) => {
    if (!(await townRepository.claimMarker(trx, 'seeded_tourist_answers_at', now))) return false;
    for (const [index, a] of (seed.tourist_answers ?? []).entries()) {
      await touristAnswerRepository.insert(trx, {
        key: a.key,
        titles: JSON.stringify(a.titles),
        keywords: JSON.stringify(a.keywords),
        answers: JSON.stringify(a.answers),
        image_url: a.image_url ?? null,
        link_url: a.link_url ?? null,
        sort_order: a.sort_order ?? index,
        active: a.active === false ? 0 : 1,
        created_at: now,
        updated_at: now,
      });
    }
    return true;
  });
}

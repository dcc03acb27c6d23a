/** The tourist answers of a town's seed file: applied once, under their own marker. */
import { z } from 'zod';
import type { Database } from '../../db/database.js';
import { townRepository } from '../town/town.repository.js';
import { touristAnswerRepository } from './tourist-answer.repository.js';
import { touristAnswerInput, touristRow } from './tourist-answer.schemas.js';

export const touristSeedShape = { tourist_answers: z.array(touristAnswerInput).optional() };
export type TouristSeed = z.infer<z.ZodObject<typeof touristSeedShape>>;

export async function seedTouristAnswers(db: Database, now: number, seed: TouristSeed): Promise<boolean> {
  if (!seed.tourist_answers || seed.tourist_answers.length === 0) return false;
  return db.transaction().execute(async (trx) => {
    if (!(await townRepository.claimMarker(trx, 'seeded_tourist_answers_at', now))) return false;
    for (const [index, a] of (seed.tourist_answers ?? []).entries()) {
      await touristAnswerRepository.insert(trx, touristRow(a, index, now));
    }
    return true;
  });
}

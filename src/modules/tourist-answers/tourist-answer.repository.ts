/** Tourist answers (issue 9). One query per method; the transaction comes first. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { DB, TouristAnswerRow, TouristAnswerTable } from '../../db/schema.js';
import type { Language } from '../../lib/language.js';
import type { TouristAnswerInfo } from './tourist-answers.dialogue.js';

type Executor = Kysely<DB>;

export const touristAnswerRepository = {
  async list(db: Executor): Promise<TouristAnswerRow[]> {
    return db.selectFrom('tourist_answer').selectAll().orderBy('sort_order').orderBy('id').execute();
  },

  async listActive(db: Executor): Promise<TouristAnswerRow[]> {
    return db.selectFrom('tourist_answer').selectAll().where('active', '=', 1).orderBy('sort_order').orderBy('id').execute();
  },

  async findById(db: Executor, id: number): Promise<TouristAnswerRow | undefined> {
    return db.selectFrom('tourist_answer').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async findByKey(db: Executor, key: string): Promise<TouristAnswerRow | undefined> {
    return db.selectFrom('tourist_answer').selectAll().where('key', '=', key).executeTakeFirst();
  },

  async insert(db: Executor, row: Insertable<TouristAnswerTable>): Promise<number> {
    const { id } = await db.insertInto('tourist_answer').values(row).returning('id').executeTakeFirstOrThrow();
    return Number(id);
  },

  async update(db: Executor, id: number, patch: Updateable<TouristAnswerTable>): Promise<void> {
    await db.updateTable('tourist_answer').set(patch).where('id', '=', id).execute();
  },

  async delete(db: Executor, id: number): Promise<void> {
    await db.deleteFrom('tourist_answer').where('id', '=', id).execute();
  },

  async maxSortOrder(db: Executor): Promise<number> {
    const row = await db.selectFrom('tourist_answer').select((eb) => eb.fn.max<number>('sort_order').as('m')).executeTakeFirst();
    return row?.m == null ? -1 : Number(row.m);
  },
};

export function toTouristInfo(row: TouristAnswerRow): TouristAnswerInfo {
  return {
    key: row.key,
    titles: JSON.parse(row.titles) as Record<Language, string>,
    keywords: JSON.parse(row.keywords) as Record<Language, string[]>,
    answers: JSON.parse(row.answers) as Record<Language, string>,
    imageUrl: row.image_url,
    linkUrl: row.link_url,
  };
}

/** The active answers as the dialogue sees them. */
export async function activeTouristAnswers(db: Executor): Promise<TouristAnswerInfo[]> {
  return (await touristAnswerRepository.listActive(db)).map(toTouristInfo);
}

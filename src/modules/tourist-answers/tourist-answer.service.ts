/**
 * Tourist answers (Bürger- & Tourismusinformation without a subscription): key, titles,
 * keywords and answers in de/en/nl, an optional image or link, order, active. Edited by the
 * editor role (decision 17: "topics, templates, tourist answers"); every change audited.
 */
import type { Database } from '../../db/database.js';
import type { TouristAnswerRow } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { Language } from '../../lib/language.js';
import { changes, type AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/principal.js';
import { touristAnswerRepository } from './tourist-answer.repository.js';
import { touristRow, type TouristAnswerInput, type TouristAnswerPatch } from './tourist-answer.schemas.js';

export interface TouristAnswerDto {
  id: number;
  key: string;
  titles: Record<Language, string>;
  keywords: Record<Language, string[]>;
  answers: Record<Language, string>;
  image_url: string | null;
  link_url: string | null;
  sort_order: number;
  active: boolean;
}

export function toTouristDto(row: TouristAnswerRow): TouristAnswerDto {
  return {
    id: row.id,
    key: row.key,
    titles: JSON.parse(row.titles) as Record<Language, string>,
    keywords: JSON.parse(row.keywords) as Record<Language, string[]>,
    answers: JSON.parse(row.answers) as Record<Language, string>,
    image_url: row.image_url,
    link_url: row.link_url,
    sort_order: row.sort_order,
    active: row.active === 1,
  };
}

export type TouristAnswerService = ReturnType<typeof createTouristAnswerService>;

export function createTouristAnswerService({ clock, audit }: { clock: Clock; audit: AuditService }) {
  const load = async (trx: Database, id: number) => {
    const row = await touristAnswerRepository.findById(trx, id);
    if (!row) throw notFound('tourist_answer/not_found', 'No tourist answer with this id');
    return toTouristDto(row);
  };
  return {
    async list(db: Database): Promise<TouristAnswerDto[]> {
      return (await touristAnswerRepository.list(db)).map(toTouristDto);
    },

    async create(db: Database, ctx: RequestContext, input: TouristAnswerInput): Promise<TouristAnswerDto> {
      const now = clock.now().getTime();
      return db.transaction().execute(async (trx) => {
        if (await touristAnswerRepository.findByKey(trx, input.key)) throw new AppError('tourist_answer/key_taken', 'Another tourist answer has this key', 409, 'key');
        const id = await touristAnswerRepository.insert(trx, touristRow(input, (await touristAnswerRepository.maxSortOrder(trx)) + 1, now));
        const dto = await load(trx, id);
        await audit.record(trx, { ctx, action: 'settings.tourist_answer.create', subject_type: 'tourist_answer', subject_id: id, detail: { ...dto } });
        return dto;
      });
    },

    async update(db: Database, ctx: RequestContext, id: number, patch: TouristAnswerPatch): Promise<TouristAnswerDto> {
      return db.transaction().execute(async (trx) => {
        const before = await load(trx, id);
        const merged = { ...before, ...patch };
        await touristAnswerRepository.update(trx, id, {
          titles: JSON.stringify(merged.titles),
          keywords: JSON.stringify(merged.keywords),
          answers: JSON.stringify(merged.answers),
          image_url: merged.image_url ?? null,
          link_url: merged.link_url ?? null,
          sort_order: merged.sort_order,
          active: merged.active ? 1 : 0,
          updated_at: clock.now().getTime(),
        });
        const after = await load(trx, id);
        const diff = changes({ ...before }, { ...after });
        if (Object.keys(diff).length > 0) await audit.record(trx, { ctx, action: 'settings.tourist_answer.update', subject_type: 'tourist_answer', subject_id: id, detail: diff });
        return after;
      });
    },

    async remove(db: Database, ctx: RequestContext, id: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const before = await load(trx, id);
        await touristAnswerRepository.delete(trx, id);
        await audit.record(trx, { ctx, action: 'settings.tourist_answer.delete', subject_type: 'tourist_answer', subject_id: id, detail: { key: before.key } });
      });
    },
  };
}

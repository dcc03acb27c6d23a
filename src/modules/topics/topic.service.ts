/**
 * Topics (Themen): key (stable, used by the API and the dialogue), names and descriptions in
 * every language, order, active. The urgent-notices topic ("Eilmeldungen") comes from the seed;
 * its flag is not editable, so there is always exactly the one the seed named.
 */
import type { Database } from '../../db/database.js';
import type { TopicRow } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { Language } from '../../lib/language.js';
import { changes, type AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/principal.js';
import { topicRepository } from './topic.repository.js';

export interface TopicDto {
  id: number;
  key: string;
  names: Record<Language, string>;
  descriptions: Record<Language, string>;
  sort_order: number;
  active: boolean;
  urgent: boolean;
}

export interface TopicInput {
  key: string;
  names: Record<Language, string>;
  descriptions: Record<Language, string>;
  sort_order?: number;
  active?: boolean;
}

export type TopicPatch = Partial<Omit<TopicInput, 'key'>>;

export function toTopicDto(row: TopicRow): TopicDto {
  return {
    id: row.id,
    key: row.key,
    names: JSON.parse(row.names) as Record<Language, string>,
    descriptions: JSON.parse(row.descriptions) as Record<Language, string>,
    sort_order: row.sort_order,
    active: row.active === 1,
    urgent: row.urgent === 1,
  };
}

export interface TopicService {
  list(db: Database): Promise<TopicDto[]>;
  create(db: Database, ctx: RequestContext, input: TopicInput): Promise<TopicDto>;
  update(db: Database, ctx: RequestContext, id: number, patch: TopicPatch): Promise<TopicDto>;
}

export function createTopicService({ clock, audit }: { clock: Clock; audit: AuditService }): TopicService {
  return {
    async list(db) {
      return (await topicRepository.list(db)).map(toTopicDto);
    },

    async create(db, ctx, input) {
      const now = clock.now().getTime();
      return db.transaction().execute(async (trx) => {
        if (await topicRepository.findByKey(trx, input.key)) throw new AppError('topic/key_taken', 'Another topic has this key', 409, 'key');
        const id = await topicRepository.insert(trx, {
          key: input.key,
          names: JSON.stringify(input.names),
          descriptions: JSON.stringify(input.descriptions),
          sort_order: input.sort_order ?? (await topicRepository.maxSortOrder(trx)) + 1,
          active: input.active === false ? 0 : 1,
          urgent: 0,
          created_at: now,
          updated_at: now,
        });
        const dto = toTopicDto((await topicRepository.findById(trx, id))!);
        await audit.record(trx, { ctx, action: 'settings.topic.create', subject_type: 'topic', subject_id: id, detail: { ...dto } });
        return dto;
      });
    },

    async update(db, ctx, id, patch) {
      return db.transaction().execute(async (trx) => {
        const row = await topicRepository.findById(trx, id);
        if (!row) throw notFound('topic/not_found', 'No topic with this id');
        const before = toTopicDto(row);
        const merged = { ...before, ...patch };
        await topicRepository.update(trx, id, {
          names: JSON.stringify(merged.names),
          descriptions: JSON.stringify(merged.descriptions),
          sort_order: merged.sort_order,
          active: merged.active ? 1 : 0,
          updated_at: clock.now().getTime(),
        });
        const after = toTopicDto((await topicRepository.findById(trx, id))!);
        const diff = changes({ ...before }, { ...after });
        if (Object.keys(diff).length > 0) await audit.record(trx, { ctx, action: 'settings.topic.update', subject_type: 'topic', subject_id: id, detail: diff });
        return after;
      });
    },
  };
}

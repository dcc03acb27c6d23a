/**
 * Settings kept as JSON under a key: town data (`town`), retention periods (`retention`) and the
 * rate card (`rate_card`). Seeded on first start, then edited in the staff app; each change is
 * audited with the fields that changed.
 */
import { dialogueTextsSchema, type DialogueTextOverrides } from '../dialogue/catalogue/index.js';
import type { z } from 'zod';
import type { Database } from '../../db/database.js';
import { notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { changes, type AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/principal.js';
import { townSchema, type Town } from '../town/town.seed.js';
import { townRepository } from '../town/town.repository.js';
import { rateCardSchema, retentionSchema, type RateCard, type Retention } from './settings.schemas.js';

export const SETTING_SCHEMAS = { town: townSchema, retention: retentionSchema, rate_card: rateCardSchema, dialogue_texts: dialogueTextsSchema } as const;

/** Values of settings that need none to work (the dialogue's texts: no overrides). */
const SETTING_DEFAULTS: Partial<Record<keyof typeof SETTING_SCHEMAS, unknown>> = { dialogue_texts: {} };
export type SettingKey = keyof typeof SETTING_SCHEMAS;
export interface SettingValues {
  town: Town;
  retention: Retention;
  rate_card: RateCard;
  dialogue_texts: DialogueTextOverrides;
}

export interface SettingsService {
  get<K extends SettingKey>(db: Database, key: K): Promise<SettingValues[K]>;
  put<K extends SettingKey>(db: Database, ctx: RequestContext, key: K, value: SettingValues[K]): Promise<SettingValues[K]>;
}

export function createSettingsService({ clock, audit }: { clock: Clock; audit: AuditService }): SettingsService {
  return {
    async get(db, key) {
      const value = (await townRepository.getSetting<unknown>(db, key)) ?? SETTING_DEFAULTS[key];
      if (value === undefined) throw notFound('settings/not_set', `The setting ${key} has no value yet`);
      return (SETTING_SCHEMAS[key] as z.ZodType).parse(value) as SettingValues[typeof key];
    },

    async put(db, ctx, key, value) {
      return db.transaction().execute(async (trx) => {
        const before = (await townRepository.getSetting<Record<string, unknown>>(trx, key)) ?? {};
        await townRepository.putSetting(trx, key, value, clock.now().getTime());
        const diff = changes(before, value as unknown as Record<string, unknown>);
        if (Object.keys(diff).length > 0) await audit.record(trx, { ctx, action: `settings.${key}.update`, subject_type: 'setting', subject_id: key, detail: diff });
        return value;
      });
    },
  };
}

/**
 * The template registry for the staff side (issue 7, decision 17 "templates"): the list, which
 * message kinds each template stands in for outside the 24-hour window (the town's choice; a sync
 * keeps it), and a sync with the platform now. Changes are audited in their transaction.
 */
import type { Database } from '../../db/database.js';
import { AppError, conflict, notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { changes, type AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/principal.js';
import { CONTENT_CLASSES, teaserKind, type TeaserKind } from '../broadcasts/content-classes.js';
import { PRIORITY, type OutboxKind } from '../outbox/outbox.service.js';
import type { TemplateSyncJob } from './template-sync.job.js';
import { templateRepository, type TemplateRow } from './template.repository.js';

/** What a template can stand in for: an outbox kind (the dispatcher's priority table), or the teaser of a broadcast's content class (D36). */
export type TemplateKind = OutboxKind | TeaserKind;
export const TEMPLATE_KINDS = [...(Object.keys(PRIORITY) as OutboxKind[]), ...CONTENT_CLASSES.map(teaserKind)] as [TemplateKind, ...TemplateKind[]];

export interface TemplateDto {
  id: number;
  name: string;
  language: string;
  category: string;
  status: string;
  status_reason: string | null;
  body: string;
  parameter_count: number;
  serves: TemplateKind[];
  updated_at: string;
}

export function toTemplateDto(row: TemplateRow): TemplateDto {
  const serves = JSON.parse(row.serves) as unknown;
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    category: row.category,
    status: row.status,
    status_reason: row.status_reason,
    body: row.body,
    parameter_count: row.parameter_count,
    serves: Array.isArray(serves) ? serves.filter((k): k is TemplateKind => (TEMPLATE_KINDS as string[]).includes(k as string)) : [],
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export interface TemplateService {
  list(db: Database): Promise<TemplateDto[]>;
  /** Sets which kinds the template stands in for (known kinds, checked by the route's schema). */
  setServes(db: Database, ctx: RequestContext, id: number, serves: TemplateKind[]): Promise<TemplateDto>;
  /** Syncs the registry with the platform now; throws a coded error when that is not possible. */
  syncNow(ctx: RequestContext): Promise<{ synced: number }>;
}

export function createTemplateService({ clock, audit, syncJob }: { clock: Clock; audit: AuditService; syncJob: Pick<TemplateSyncJob, 'sync'> | null }): TemplateService {
  return {
    async list(db) {
      return (await templateRepository.list(db)).map(toTemplateDto);
    },

    async setServes(db, ctx, id, serves) {
      const wanted = TEMPLATE_KINDS.filter((kind) => serves.includes(kind)); // unique, in a stable order
      return db.transaction().execute(async (trx) => {
        const row = await templateRepository.findById(trx, id);
        if (!row) throw notFound('template/not_found', 'No template with this id');
        const before = toTemplateDto(row);
        await templateRepository.setServes(trx, id, wanted, clock.now().getTime());
        const after = toTemplateDto((await templateRepository.findById(trx, id))!);
        const diff = changes({ serves: before.serves }, { serves: after.serves });
        if (Object.keys(diff).length > 0) {
          await audit.record(trx, { ctx, action: 'settings.template.update', subject_type: 'template', subject_id: id, detail: { name: row.name, language: row.language, ...diff } });
        }
        return after;
      });
    },

    async syncNow(ctx) {
      if (!syncJob) throw conflict('template/sync_unavailable', 'Template sync needs WHATSAPP_BUSINESS_ACCOUNT_ID');
      const outcome = await syncJob.sync((trx, synced) => audit.record(trx, { ctx, action: 'settings.template.sync', subject_type: 'template', detail: { synced } }));
      if ('busy' in outcome) throw conflict('template/sync_busy', 'Another instance is syncing the templates right now; try again in a moment');
      if ('error' in outcome) {
        throw new AppError('template/sync_failed', `The platform refused the template list (${outcome.error})`, 502, undefined, { platform_error: outcome.error });
      }
      return outcome;
    },
  };
}

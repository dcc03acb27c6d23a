/**
 * The report flow's I/O around the pure dialogue (report.dialogue.ts), inside the inbound
 * event's transaction:
 *
 *  - `prefetch`, before the event's transaction, downloads and stores a message's photo, so that
 *    no transaction waits on the network;
 *  - `load` prepares the facts of a turn: the categories and the town's boundary; the photo of
 *    the message, downloaded through the channel port, checked and stored without EXIF/GPS; a
 *    typed address geocoded; on "send" the open cases nearby, or else a reference number and the
 *    routing (a number taken but not used is a gap — allowed);
 *  - `apply` carries out the flow's commands: file the case, or follow an existing one.
 */
import type { ChannelPort, InboundContent, InboundEvent } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { ContactRow } from '../../db/schema.js';
import { isLanguage } from '../../lib/language.js';
import type { Logger } from '../../lib/log.js';
import { categoryRepository } from '../categories/category.repository.js';
import { caseRepository } from '../cases/case.repository.js';
import { OPEN_STATUSES, type CaseService, type Filing } from '../cases/case.service.js';
import { isImageType, type PhotoStore } from '../cases/photo.store.js';
import { departmentRepository } from '../departments/department.repository.js';
import { IDLE, type DialogueInput, type DialogueState } from '../dialogue/dialogue.engine.js';
import { localDate } from '../holidays/working-days.js';
import type { Town } from '../town/town.seed.js';
import { townRepository } from '../town/town.repository.js';
import { boxAround, distanceM } from './geo.js';
import type { Geocoder } from './geocoder.js';
import { reportFlow } from './report.dialogue.js';
import { draftOf, fileIntent, wantsGeocoding, type Draft, type OfferedCase, type ReportCommand, type ReportFacts } from './report.draft.js';

/** About 50 m: a report this close, same category, still open, is offered as "is it this one?". */
export const DUPLICATE_RADIUS_M = 50;
export const DEFAULT_DRAFT_MINUTES = 120;

/** The facts with the service's own part (the full routing of a reference number taken). */
export interface LoadedFacts extends ReportFacts {
  prepared?: Filing;
}

export interface ReportHooks {
  plugin: typeof reportFlow;
  /** Before the event's transaction: downloads, checks and stores the photo of a message (kept for `load`). */
  prefetch(event: InboundEvent): Promise<void>;
  load(trx: Database, o: { contact: ContactRow; state: DialogueState; input: DialogueInput; now: number }): Promise<LoadedFacts>;
  apply(trx: Database, o: { contact: ContactRow; payload: unknown; facts: LoadedFacts | undefined }): Promise<void>;
}

export interface ReportDeps {
  channel: Pick<ChannelPort, 'name' | 'fetchMedia'>;
  photos: PhotoStore;
  geocoder: Geocoder;
  cases: CaseService;
  timeZone: string;
  log: Logger;
}

const isPhotoMessage = (c: InboundContent): c is Extract<InboundContent, { type: 'media' }> => c.type === 'media' && (c.media === 'image' || c.media === 'document');

/** Photos prefetched and not yet used, by media id (one instance's memory; a miss just downloads again). */
const PREFETCHED_MAX = 64;

export function createReportService(deps: ReportDeps): ReportHooks {
  const prefetched = new Map<string, NonNullable<ReportFacts['photo']>>();

  async function photoFact(content: Extract<InboundContent, { type: 'media' }>): Promise<ReportFacts['photo']> {
    if (content.media === 'document' && !isImageType(content.mimeType)) return { ok: false, reason: 'not_image' };
    const fetched = await deps.channel.fetchMedia(content.mediaId);
    // A download that fails is retried with the event (then a dead letter): the photo is not lost silently.
    if (!fetched.ok) throw new Error(`media download failed: ${fetched.error.reason} ${fetched.error.code}`);
    const mime = isImageType(content.mimeType) ? content.mimeType! : fetched.media.mimeType;
    const stored = await deps.photos.store(fetched.media.bytes, mime);
    if (!stored.ok) deps.log.info({ reason: stored.reason, bytes: fetched.media.bytes.length }, 'report photo rejected');
    return stored.ok ? { ok: true, photo: stored.photo } : stored;
  }

  async function duplicates(trx: Database, draft: Draft, categoryId: number, names: Record<string, string>, language: string): Promise<OfferedCase[]> {
    const l = draft.location;
    if (!l || l.latitude === null || l.longitude === null) return [];
    const here = { latitude: l.latitude, longitude: l.longitude };
    const rows = await caseRepository.inBox(trx, { categoryId, statuses: OPEN_STATUSES, ...boxAround(here, DUPLICATE_RADIUS_M) });
    return rows
      .map((row) => ({ row, distance: distanceM(here, { latitude: row.latitude!, longitude: row.longitude! }) }))
      .filter((x) => x.distance <= DUPLICATE_RADIUS_M)
      .sort((a, b) => a.distance - b.distance)
      .map(({ row, distance }) => ({
        id: row.id,
        reference: row.reference,
        category: names[language] ?? names.de ?? '',
        distance: Math.round(distance),
        date: localDate(row.created_at, deps.timeZone),
      }));
  }

  return {
    plugin: reportFlow,

    async prefetch(event) {
      if (event.kind !== 'message' || !isPhotoMessage(event.content) || prefetched.has(event.content.mediaId)) return;
      const fact = await photoFact(event.content);
      if (prefetched.size >= PREFETCHED_MAX) prefetched.delete(prefetched.keys().next().value!);
      prefetched.set(event.content.mediaId, fact!);
    },

    async load(trx, { contact, state: stored, input, now }) {
      const state = stored.expiresAt !== null && now > stored.expiresAt ? { ...stored, ...IDLE } : stored;
      const town = await townRepository.getSetting<Town>(trx, 'town');
      const categories = (await categoryRepository.list(trx)).filter((c) => c.active === 1);
      const facts: LoadedFacts = {
        categories: categories.map((c) => ({ id: c.id, key: c.key, names: JSON.parse(c.names) as Record<string, string> })),
        boundary: town?.boundary ?? null,
        draftTtlMs: (town?.report_draft_minutes ?? DEFAULT_DRAFT_MINUTES) * 60_000,
      };
      const content = input.content;
      if (isPhotoMessage(content)) {
        facts.photo = prefetched.get(content.mediaId) ?? (await photoFact(content));
        prefetched.delete(content.mediaId);
      }

      const query = wantsGeocoding(state, input);
      if (query) {
        const name = town?.name ?? '';
        facts.geocoded = await deps.geocoder.geocode(name && !query.toLowerCase().includes(name.toLowerCase()) ? `${query}, ${name}` : query);
      }

      const draft = draftOf(state);
      const intent = fileIntent(state, input);
      const category = draft && facts.categories.find((c) => c.key === draft.category);
      if (intent && draft && category) {
        const language = isLanguage(contact.language) ? contact.language : 'de';
        const nearby = intent === 'send' && !draft.offered ? await duplicates(trx, draft, category.id, category.names, language) : [];
        if (nearby.length > 0) facts.duplicates = nearby;
        else {
          const prepared = await deps.cases.prepare(trx, { categoryId: category.id, prefix: town?.reference_prefix ?? 'XX', format: town?.reference_format });
          const department = await departmentRepository.findById(trx, prepared.responsibility.department_id);
          facts.prepared = prepared;
          facts.filing = { reference: prepared.reference, deadlineDate: prepared.deadlineDate, department: department?.name ?? '' };
        }
      }

      if (content.type === 'choice' && content.id.startsWith('rep:send:')) {
        const key = content.id.slice('rep:send:'.length);
        if (!draft || draft.id !== key) {
          const filed = await caseRepository.findByDraft(trx, contact.id, key);
          if (filed) facts.filedCase = { reference: filed.reference };
        }
      }
      return facts;
    },

    async apply(trx, { contact, payload, facts }) {
      const command = payload as ReportCommand;
      if (command.action === 'follow') {
        await deps.cases.follow(trx, { caseId: command.caseId, contactId: contact.id, photos: command.photos });
        return;
      }
      const draft = command.draft;
      if (!facts?.prepared || !draft.kind || !draft.location) throw new Error('report flow: a case to file without its reference number');
      const l = draft.location;
      await deps.cases.file(trx, {
        filing: facts.prepared,
        contactId: contact.id,
        channel: deps.channel.name,
        language: isLanguage(contact.language) ? contact.language : 'de',
        kind: draft.kind,
        description: draft.description ?? '',
        location: { latitude: l.latitude, longitude: l.longitude, address: l.address, source: l.source, outsideBoundary: l.outside },
        photos: draft.photos,
        draftKey: draft.id,
      });
    },
  };
}

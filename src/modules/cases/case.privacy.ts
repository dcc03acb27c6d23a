/**
 * Cases in MY DATA and DELETE (GDPR Art. 15 and 17; decisions D30, D56). `collect` lists the
 * cases the contact reported (with their description and location: the citizen's own words) and
 * the ones they follow (reference, status and category only: the description is another
 * citizen's text). `erase` keeps each case for the public task but without the citizen: the
 * case loses its contact, its description and a typed address; the contact's follower rows go;
 * the photos the contact sent (rows and files under MEDIA_DIR, also those of an open draft) are
 * deleted; history rows keep what happened, not who. Idempotent: the second run finds nothing.
 */
import type { Database } from '../../db/database.js';
import type { DataSection, PersonalDataProvider } from '../privacy/privacy.registry.js';
import { caseRepository } from './case.repository.js';
import type { PhotoStore } from './photo.store.js';

const categoryName = (names: string) => (JSON.parse(names) as { de?: string }).de ?? '';

/** The stored photo files named by an open report draft (JSON of the dialogue state's data). */
function draftPhotoPaths(data: string | undefined): string[] {
  if (!data) return [];
  try {
    const draft = (JSON.parse(data) as { draft?: { photos?: { path?: unknown; thumb_path?: unknown }[] } }).draft;
    return (draft?.photos ?? []).flatMap((p) => [p.path, p.thumb_path]).filter((v): v is string => typeof v === 'string');
  } catch {
    return [];
  }
}

export function createCaseProvider(photos: PhotoStore): PersonalDataProvider {
  return {
    name: 'cases',
    async collect(trx: Database, contactId: number): Promise<DataSection[]> {
      const reported = await caseRepository.reportedBy(trx, contactId);
      const followed = await caseRepository.followedBy(trx, contactId);
      if (reported.length === 0 && followed.length === 0) return [];
      const media = await caseRepository.mediaSentBy(trx, contactId);
      const photoCount = (caseId: number) => media.filter((m) => m.case_id === caseId).length;
      return [
        {
          key: 'cases',
          title: { de: 'Ihre Meldungen', en: 'Your reports', nl: 'Uw meldingen' },
          rows: [
            ...reported.map((c) => ({
              reference: c.reference,
              role: 'reporter',
              status: c.status,
              category: categoryName(c.names),
              kind: c.kind,
              description: c.description,
              place: c.address ?? (c.latitude !== null && c.longitude !== null ? `${c.latitude.toFixed(5)}, ${c.longitude.toFixed(5)}` : null),
              photos: photoCount(c.id),
              created_at: { at: Number(c.created_at) },
              status_changed_at: { at: Number(c.status_changed_at) },
            })),
            ...followed.map((c) => ({
              reference: c.reference,
              role: 'follower',
              status: c.status,
              category: categoryName(c.names),
              kind: c.kind,
              photos: photoCount(c.id),
              since: { at: Number(c.since) },
              status_changed_at: { at: Number(c.status_changed_at) },
            })),
          ],
        },
      ];
    },
    async erase(trx: Database, contactId: number, now: number): Promise<void> {
      const reported = await caseRepository.reportedBy(trx, contactId);
      const media = await caseRepository.mediaSentBy(trx, contactId);
      const files = [...media.flatMap((m) => [m.path, m.thumb_path]), ...draftPhotoPaths(await caseRepository.draftData(trx, contactId))];
      await caseRepository.deleteMediaSentBy(trx, contactId);
      await caseRepository.anonymiseReportedBy(trx, contactId, now);
      await caseRepository.deleteFollowerRows(trx, contactId);
      await caseRepository.forgetCitizenActor(trx, contactId);
      for (const c of reported) {
        await caseRepository.addHistory(trx, { case_id: c.id, at: now, actor_type: 'system', actor_id: null, action: 'contact_erased', from_status: null, to_status: null, reason: null, detail: JSON.stringify({ photos_removed: media.filter((m) => m.case_id === c.id).length }) });
      }
      // Files last, and only those no other case uses (content-addressed: the same bytes may be another's).
      const inUse = await caseRepository.pathsInUse(trx, files);
      for (const file of new Set(files)) if (!inUse.has(file)) await photos.remove(file);
    },
  };
}

/**
 * Cases from reports (issue 11): a reference number, the routing (category → contact person,
 * the deputy during an absence, the head → department), the deadline in working days, the
 * reporter as the first follower, the photos, a `created` history row and the new-case
 * notification to the responsible person (in-app and e-mail) — all in the caller's transaction,
 * so the case, its history, the notification and the citizen's reply commit together.
 * The workflow (issue 12) moves `status` and adds history rows; see docs/dialogue.md.
 */
import type { Database } from '../../db/database.js';
import type { CaseKind, CaseStatus } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { Language } from '../../lib/language.js';
import type { Responsibility, ResponsibilityService } from '../categories/responsibility.service.js';
import { categoryRepository } from '../categories/category.repository.js';
import { endOfLocalDay, localDate } from '../holidays/working-days.js';
import type { NotificationService } from '../notifications/notification.service.js';
import { DEFAULT_REFERENCE_FORMAT, formatReference, referenceScope } from './case.reference.js';
import { caseRepository } from './case.repository.js';
import type { StoredPhoto } from './photo.store.js';

/** States in which a case is still open (duplicates are looked for among these). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'accepted', 'in_progress'];

export interface CaseLocation {
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  source: 'pin' | 'geocoded' | 'text' | 'none';
  outsideBoundary: boolean;
}

/** A reference number and the routing, taken before the case is written (a number not used is a gap). */
export interface Filing {
  reference: string;
  responsibility: Responsibility;
  deadlineDate: string;
  dueAt: number;
}

export interface NewCase {
  filing: Filing;
  contactId: number;
  channel: string;
  language: Language;
  kind: CaseKind;
  description: string;
  location: CaseLocation;
  photos: StoredPhoto[];
  draftKey: string;
}

export interface CaseService {
  /** Takes the next reference number and resolves who is responsible and by when. */
  prepare(trx: Database, o: { categoryId: number; prefix: string; format?: string }): Promise<Filing>;
  /** Writes the case (status `new`) and notifies the responsible person; returns its id. */
  file(trx: Database, input: NewCase): Promise<number>;
  /** Makes a contact a follower of a case and adds their photos to it; false when they followed already. */
  follow(trx: Database, o: { caseId: number; contactId: number; photos: StoredPhoto[] }): Promise<boolean>;
}

const KIND_NAMES: Record<CaseKind, { de: string; en: string }> = {
  idea: { de: 'Idee', en: 'Idea' },
  hint: { de: 'Hinweis', en: 'Hint' },
  complaint: { de: 'Beschwerde', en: 'Complaint' },
  praise: { de: 'Lob', en: 'Praise' },
};

export function createCaseService(o: { clock: Clock; timeZone: string; responsibility: ResponsibilityService; notifications: NotificationService }): CaseService {
  const addPhotos = async (trx: Database, caseId: number, contactId: number, photos: StoredPhoto[], now: number) => {
    let added = 0;
    for (const p of photos) {
      const fresh = await caseRepository.addMedia(trx, { case_id: caseId, contact_id: contactId, ...p, created_at: now });
      if (fresh) added++;
    }
    return added;
  };

  return {
    async prepare(trx, { categoryId, prefix, format }) {
      const now = o.clock.now();
      const responsibility = await o.responsibility.resolve(trx, categoryId, now);
      const fmt = format ?? DEFAULT_REFERENCE_FORMAT;
      const year = Number(localDate(now.getTime(), o.timeZone).slice(0, 4));
      const number = await caseRepository.nextNumber(trx, referenceScope(fmt, year));
      return {
        reference: formatReference(fmt, { prefix, year, number }),
        responsibility,
        deadlineDate: responsibility.deadline_date,
        dueAt: endOfLocalDay(responsibility.deadline_date, o.timeZone),
      };
    },

    async file(trx, c) {
      const now = o.clock.now().getTime();
      const r = c.filing.responsibility;
      const id = await caseRepository.insert(trx, {
        reference: c.filing.reference,
        kind: c.kind,
        status: 'new',
        category_id: r.category_id,
        department_id: r.department_id,
        assignee_user_id: r.responsible_user_id,
        assigned_via: r.via,
        contact_id: c.contactId,
        channel: c.channel,
        language: c.language,
        description: c.description,
        latitude: c.location.latitude,
        longitude: c.location.longitude,
        address: c.location.address,
        location_source: c.location.source,
        outside_boundary: c.location.outsideBoundary ? 1 : 0,
        deadline_date: c.filing.deadlineDate,
        due_at: c.filing.dueAt,
        draft_key: c.draftKey,
        created_at: now,
        updated_at: now,
        status_changed_at: now,
      });
      await caseRepository.addHistory(trx, {
        case_id: id,
        at: now,
        actor_type: 'citizen',
        actor_id: c.contactId,
        action: 'created',
        from_status: null,
        to_status: 'new',
        reason: null,
        detail: JSON.stringify({ channel: c.channel, assigned_via: r.via, assignee_user_id: r.responsible_user_id, photos: c.photos.length, outside_boundary: c.location.outsideBoundary }),
      });
      await caseRepository.addFollower(trx, { case_id: id, contact_id: c.contactId, role: 'reporter', created_at: now });
      await addPhotos(trx, id, c.contactId, c.photos, now);

      const category = await categoryRepository.findById(trx, r.category_id);
      const names = category ? (JSON.parse(category.names) as Record<string, string>) : {};
      const place = c.location.address ?? (c.location.latitude !== null ? `${c.location.latitude.toFixed(5)}, ${c.location.longitude!.toFixed(5)}` : null);
      const outside = c.location.outsideBoundary;
      await o.notifications.notify(trx, {
        ...(r.responsible_user_id !== null ? { user_ids: [r.responsible_user_id] } : { department_id: r.department_id }),
        kind: 'case.new',
        title: { de: `Neues Anliegen ${c.filing.reference}: ${names.de ?? ''}`, en: `New case ${c.filing.reference}: ${names.en ?? ''}` },
        body: {
          de: [`${KIND_NAMES[c.kind].de} · ${names.de ?? ''}`, `Ort: ${place ?? 'ohne Ortsangabe'}${outside ? ' (außerhalb des Stadtgebiets)' : ''}`, `Fotos: ${c.photos.length}`, `Antwort fällig bis ${c.filing.deadlineDate}`].join('\n'),
          en: [`${KIND_NAMES[c.kind].en} · ${names.en ?? ''}`, `Place: ${place ?? 'no location'}${outside ? ' (outside the town boundary)' : ''}`, `Photos: ${c.photos.length}`, `Answer due by ${c.filing.deadlineDate}`].join('\n'),
        },
        link: `/anliegen/${c.filing.reference}`,
      });
      return id;
    },

    async follow(trx, { caseId, contactId, photos }) {
      const now = o.clock.now().getTime();
      const fresh = await caseRepository.addFollower(trx, { case_id: caseId, contact_id: contactId, role: 'follower', created_at: now });
      const added = await addPhotos(trx, caseId, contactId, photos, now);
      if (fresh) await caseRepository.addHistory(trx, { case_id: caseId, at: now, actor_type: 'citizen', actor_id: contactId, action: 'follower_added', from_status: null, to_status: null, reason: null, detail: JSON.stringify({ photos: added }) });
      if (added > 0 || fresh) await caseRepository.touch(trx, caseId, now);
      return fresh;
    },
  };
}

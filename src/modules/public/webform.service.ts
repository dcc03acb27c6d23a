/**
 * The web form as a second channel (issue 14 item 3, D72): a report filed without WhatsApp.
 * Checks every field before anything is stored (kind, category, place, description, e-mail,
 * the honeypot and the form's signed time), re-encodes the photos EXIF-free through the photo
 * store, then in one transaction creates a contact for the web reporter, files the case through
 * the case service (reference number, routing, deadline, notification) and queues the e-mail
 * confirmation link. An address is used for updates only after its link was opened (D70).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import sharp from 'sharp';
import type { Database } from '../../db/database.js';
import type { CaseKind } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { CaseService } from '../cases/case.service.js';
import { isImageType, MAX_PHOTO_BYTES, type PhotoStore, type StoredPhoto } from '../cases/photo.store.js';
import { categoryRepository } from '../categories/category.repository.js';
import { contactRepository } from '../contacts/contact.repository.js';
import { mailRepository } from '../notifications/notification.repository.js';
import type { Geocoder } from '../reports/geocoder.js';
import { insidePolygon, isPoint } from '../reports/geo.js';
import type { Town } from '../town/town.seed.js';
import { townRepository } from '../town/town.repository.js';
import type { PublicLanguage } from './public.layout.js';

export const WEB_CHANNEL = 'web';
export const MAX_WEB_PHOTOS = 5;
export const MAX_DESCRIPTION = 2000;
/** A form sent back sooner than this after it was shown was not filled by a person. */
export const MIN_FILL_MS = 3_000;
const MAX_FORM_AGE_MS = 24 * 3_600_000;
const KINDS: readonly CaseKind[] = ['idea', 'hint', 'complaint', 'praise'];
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export interface WebReportInput {
  fields: Record<string, string>;
  photos: { bytes: Buffer; mimeType: string }[];
}

export interface WebFormService {
  /** A signed token holding the time the form was shown (the time check). */
  formToken(): string;
  submit(db: Database, input: WebReportInput): Promise<{ reference: string; emailPending: boolean }>;
  /** Confirms an e-mail address by its one-time link; false when the link is unknown or used. */
  confirm(db: Database, token: string): Promise<boolean>;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const fail = (code: string, message: string, field?: string, status = 422) => new AppError(`webform/${code}`, message, status, field);

export function createWebFormService(o: { clock: Clock; secret: string; photos: PhotoStore; geocoder: Geocoder; cases: CaseService; publicUrl: string; mailEnabled: boolean; onMailQueued?: () => void }): WebFormService {
  const sign = (issued: number) => createHmac('sha256', o.secret).update(`webform:${issued}`).digest('base64url');

  const checkFormToken = (token: string | undefined) => {
    const [issuedText, mac] = (token ?? '').split('.');
    const issued = Number(issuedText);
    const expected = Number.isFinite(issued) ? Buffer.from(sign(issued)) : Buffer.alloc(0);
    if (!mac || expected.length !== Buffer.byteLength(mac) || !timingSafeEqual(expected, Buffer.from(mac))) throw fail('form_expired', 'The form is not valid any more; reload the page and send it again', 'form_token');
    const age = o.clock.now().getTime() - issued;
    if (age < MIN_FILL_MS) throw fail('too_fast', 'The form was sent too quickly; please check your entries and send it again', 'form_token', 429);
    if (age > MAX_FORM_AGE_MS) throw fail('form_expired', 'The form is not valid any more; reload the page and send it again', 'form_token');
  };

  const checkPhotos = async (photos: WebReportInput['photos']) => {
    if (photos.length > MAX_WEB_PHOTOS) throw fail('too_many_photos', `At most ${MAX_WEB_PHOTOS} photos`, 'photos');
    for (const p of photos) {
      if (p.bytes.length > MAX_PHOTO_BYTES) throw fail('photo_too_large', 'A photo is larger than 5 MB', 'photos', 413);
      if (!isImageType(p.mimeType)) throw fail('photo_not_image', 'A file is not a photo (JPEG, PNG, WebP, HEIC …)', 'photos');
      try {
        const meta = await sharp(p.bytes, { failOn: 'error', limitInputPixels: 100_000_000 }).metadata();
        if (!meta.width || !meta.height) throw new Error('no size');
      } catch {
        throw fail('photo_not_image', 'A file is not a readable image', 'photos');
      }
    }
  };

  return {
    formToken() {
      const issued = o.clock.now().getTime();
      return `${issued}.${sign(issued)}`;
    },

    async submit(db, { fields, photos }) {
      if ((fields.website ?? '') !== '') throw fail('rejected', 'The form could not be accepted', 'website');
      checkFormToken(fields.form_token);
      const language: PublicLanguage = fields.language === 'en' ? 'en' : 'de';
      const kind = fields.kind as CaseKind;
      if (!KINDS.includes(kind)) throw fail('kind_missing', 'Choose what kind of report this is', 'kind');
      const category = fields.category ? await categoryRepository.findByKey(db, fields.category) : undefined;
      if (!category || category.active !== 1) throw fail('category_missing', 'Choose a category from the list', 'category');
      const description = (fields.description ?? '').trim();
      if (description.length === 0) throw fail('description_missing', 'Describe your report', 'description');
      if (description.length > MAX_DESCRIPTION) throw fail('description_too_long', `The description may have at most ${MAX_DESCRIPTION} characters`, 'description');
      const email = (fields.email ?? '').trim();
      if (email !== '' && (email.length > 254 || !EMAIL.test(email))) throw fail('email_invalid', 'The e-mail address is not valid', 'email');
      if (email !== '' && !o.mailEnabled) throw fail('email_unavailable', 'Updates by e-mail are not available', 'email');

      const town = await townRepository.getSetting<Town>(db, 'town');
      const address = (fields.address ?? '').trim().slice(0, 300);
      const hasPin = (fields.latitude ?? '') !== '' || (fields.longitude ?? '') !== '';
      let location: { latitude: number | null; longitude: number | null; address: string | null; source: 'pin' | 'geocoded' | 'text' };
      if (hasPin) {
        const latitude = Number(fields.latitude);
        const longitude = Number(fields.longitude);
        if (!isPoint(latitude, longitude)) throw fail('place_invalid', 'The place on the map is not valid', 'latitude');
        location = { latitude, longitude, address: address || null, source: 'pin' };
      } else if (address !== '') {
        const name = town?.name ?? '';
        const found = await o.geocoder.geocode(name && !address.toLowerCase().includes(name.toLowerCase()) ? `${address}, ${name}` : address);
        location = found ? { latitude: found.latitude, longitude: found.longitude, address, source: 'geocoded' } : { latitude: null, longitude: null, address, source: 'text' };
      } else throw fail('place_missing', 'Pick the place on the map or type an address', 'address');
      const outside = location.latitude !== null && !!town?.boundary && town.boundary.length >= 3 && !insidePolygon({ latitude: location.latitude, longitude: location.longitude! }, town.boundary);

      await checkPhotos(photos);
      const stored: StoredPhoto[] = [];
      for (const p of photos) {
        const result = await o.photos.store(p.bytes, p.mimeType);
        if (!result.ok) throw fail(result.reason === 'too_large' ? 'photo_too_large' : 'photo_not_image', 'A file is not a readable photo of at most 5 MB', 'photos');
        if (!stored.some((s) => s.sha256 === result.photo.sha256)) stored.push(result.photo);
      }

      const token = email !== '' ? randomBytes(24).toString('base64url') : null;
      const reference = await db.transaction().execute(async (trx) => {
        const now = o.clock.now().getTime();
        const contact = await contactRepository.insert(trx, {
          phone: null,
          user_id: null,
          name: null,
          username: null,
          country_code: null,
          language,
          created_at: now,
          updated_at: now,
          last_inbound_at: null,
          unreachable_since: null,
          marketing_stopped_at: null,
          email: email || null,
          email_token_hash: token ? sha256(token) : null,
        });
        const filing = await o.cases.prepare(trx, { categoryId: category.id, prefix: town?.reference_prefix ?? 'XX', format: town?.reference_format });
        await o.cases.file(trx, {
          filing,
          contactId: contact.id,
          channel: WEB_CHANNEL,
          language,
          kind,
          description,
          location: { ...location, outsideBoundary: outside },
          photos: stored,
          draftKey: `web:${randomBytes(8).toString('hex')}`,
        });
        if (token) await mailRepository.insert(trx, confirmationMail({ to: email, reference: filing.reference, link: `${o.publicUrl}/public/email/confirm?token=${token}`, language, service: town?.service_name ?? 'Stadtbote', now }));
        return filing.reference;
      });
      if (token) o.onMailQueued?.();
      return { reference, emailPending: token !== null };
    },

    async confirm(db, token) {
      if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return false;
      const now = o.clock.now().getTime();
      const result = await db
        .updateTable('contact')
        .set({ email_confirmed_at: now, email_token_hash: null, updated_at: now })
        .where('email_token_hash', '=', sha256(token))
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

function confirmationMail(o: { to: string; reference: string; link: string; language: PublicLanguage; service: string; now: number }) {
  const de = o.language === 'de';
  return {
    to_address: o.to,
    subject: de ? `${o.service}: Bitte bestätigen Sie Ihre E-Mail-Adresse (${o.reference})` : `${o.service}: please confirm your e-mail address (${o.reference})`,
    text_body: de
      ? `Sie haben das Anliegen ${o.reference} gemeldet und möchten Neuigkeiten dazu per E-Mail erhalten.\n\nBitte bestätigen Sie Ihre Adresse mit diesem Link:\n${o.link}\n\nOhne Bestätigung schicken wir Ihnen keine E-Mails. Wenn Sie nichts gemeldet haben, ignorieren Sie diese Nachricht.`
      : `You reported ${o.reference} and asked for updates by e-mail.\n\nPlease confirm your address with this link:\n${o.link}\n\nWithout confirmation we send you no e-mails. If you did not report anything, ignore this message.`,
    notification_id: null,
    state: 'queued' as const,
    attempts: 0,
    available_at: o.now,
    lease_owner: null,
    lease_until: null,
    last_error: null,
    created_at: o.now,
    sent_at: null,
  };
}

/**
 * Reports through the built-in emulator, over real HTTP and signed webhooks, on SQLite and
 * PostgreSQL: from the first message with a photo and a location to a case with a reference
 * number, in German (started by a photo), English (started by a text) and Dutch (started by a
 * pin) — at most seven citizen turns, counted. The stored photo carries neither EXIF nor GPS.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { body, CENTRE, Chat, choices, type OutItem } from '../../test/chat.js';
import { describeEachDatabase } from '../../test/databases.js';
import { EXIF_TAG, exifTags, phonePhoto } from '../../test/photos.js';
import { createPerson } from '../../test/staff.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { SYSTEM_CONTEXT } from '../auth/principal.js';
import { localDate } from '../holidays/working-days.js';

interface Script {
  language: 'de' | 'en' | 'nl';
  phone: string;
  start: 'photo' | 'text' | 'pin';
  text: string;
  kind: string;
  category: string;
  department: string;
  words: { kind: string; summary: string; filed: string; reference: string; offer: string };
}

const SCRIPTS: Script[] = [
  {
    language: 'de',
    phone: '+4921525551001',
    start: 'photo',
    text: 'Die Laterne vor der Burgstraße 12 ist seit Tagen aus',
    kind: 'hint',
    category: 'beleuchtung',
    department: 'tiefbau',
    words: { kind: 'Worum geht es?', summary: 'Bitte prüfen Sie Ihre Meldung', filed: 'Ihre Meldung ist angekommen', reference: 'Aktenzeichen', offer: 'Möchten Sie außerdem Mitteilungen' },
  },
  {
    language: 'en',
    phone: '+447700900201',
    start: 'text',
    text: 'There is a big pothole in front of my house',
    kind: 'complaint',
    category: 'strassenschaeden',
    department: 'tiefbau',
    words: { kind: 'What is it about?', summary: 'Please check your report', filed: 'Your report has arrived', reference: 'Reference', offer: 'Would you also like to receive' },
  },
  {
    language: 'nl',
    phone: '+31612345101',
    start: 'pin',
    text: 'Een bank bij de vijver in het park zou mooi zijn',
    kind: 'idea',
    category: 'gruenflaechen',
    department: 'gruen',
    words: { kind: 'Waar gaat het om?', summary: 'Controleer alstublieft uw melding', filed: 'Uw melding is aangekomen', reference: 'Kenmerk', offer: 'Wilt u ook berichten' },
  },
];

/** The last reply of a turn that offers the choice with the given id prefix. */
const offering = (items: OutItem[], prefix: string) => items.find((i) => choices(i).some((c) => c.id.startsWith(prefix)));
const choiceId = (item: OutItem | undefined, prefix: string) => choices(item).find((c) => c.id.startsWith(prefix))!.id;

describeEachDatabase('reports through the emulator', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect, { env: { SMTP_URL: 'smtp://127.0.0.1:2', MAIL_FROM: 'stadtbote@kempen.example' } });
  });
  afterEach(async () => {
    await t.close();
  });

  const db = () => t.database.db;
  const contactOf = (phone: string) => db().selectFrom('contact').selectAll().where('phone', '=', phone.replace(/\D/g, '')).executeTakeFirstOrThrow();

  /** A contact person for the department, who receives the new-case notification. */
  async function contactPerson(departmentKey: string) {
    const department = (await t.container.departments.list(db())).find((d) => d.key === departmentKey)!;
    const person = await createPerson(t.container, ['case_worker'], { department_ids: [department.id] });
    await t.container.departments.update(db(), SYSTEM_CONTEXT, department.id, { contact_user_id: person.id });
    return { ...person, department };
  }

  for (const s of SCRIPTS) {
    it(`${s.language}: a report started by a ${s.start}, with photo and location, becomes a case with a reference number in at most seven turns`, async () => {
      const person = await contactPerson(s.department);
      const chat = await Chat.create(t, s.phone);
      const photo = await phonePhoto();
      const input = await sharp(photo).metadata();
      expect(exifTags(input.exif)).toEqual(expect.arrayContaining([EXIF_TAG.make, EXIF_TAG.artist, EXIF_TAG.gps]));

      // the first message: a photo uploaded (with the description as caption), a text or a pin
      const first = s.start === 'photo' ? await chat.upload(photo, 'image/jpeg', 'IMG_2041.jpg', s.text) : s.start === 'text' ? await chat.say(s.text) : await chat.pin(CENTRE.latitude, CENTRE.longitude);
      const kindList = offering(first, 'rep:k:');
      expect(body(kindList)).toContain(s.words.kind);
      expect(body(kindList)).toContain('https://www.kempen.de/datenschutz');
      expect(first.some((m) => choices(m).some((c) => c.id.startsWith('optin:')))).toBe(false);

      const categories = offering(await chat.tap(kindList, `rep:k:${s.kind}`), 'rep:c:');
      expect(choices(categories)).toHaveLength(7);
      let replies = await chat.tap(categories, `rep:c:${s.category}`);
      if (s.start !== 'pin') {
        expect(replies[0]?.content?.type).toBe('location_request_message');
        replies = await chat.pin(CENTRE.latitude + 0.0002, CENTRE.longitude);
      }
      if (s.start !== 'photo') {
        expect(choices(replies[0]).map((c) => c.id)).toEqual(['rep:nophoto']);
        replies = await chat.photo(photo);
      }
      if (s.start === 'pin') {
        expect(replies[0]?.type).toBe('text');
        replies = await chat.say(s.text);
      }
      const summary = offering(replies, 'rep:send:');
      expect(body(summary)).toContain(s.words.summary);
      expect(body(summary)).toContain(s.text);
      const done = await chat.tap(summary, choiceId(summary, 'rep:send:'));
      expect(chat.turns).toBeLessThanOrEqual(7);

      // the reference number and the expected date, then the subscription offer (separate consent)
      const reference = /([A-Z]+-\d{4}-\d{6})/.exec(body(done[0]))?.[1];
      expect(reference, body(done[0])).toBeTruthy();
      expect(body(done[0])).toContain(s.words.filed);
      expect(body(done[0])).toContain(`${s.words.reference}: ${reference}`);
      expect(body(done[0])).toContain(person.department.name);
      expect(choices(done[1]).map((c) => c.id)).toContain(`optin:yes:information-v1-${s.language}`);
      expect(body(done[1])).toContain(s.words.offer);

      // the case: routing, deadline in working days, location, the reporter following it
      const contact = await contactOf(s.phone);
      const cases = await db().selectFrom('case_file').selectAll().execute();
      expect(cases).toHaveLength(1);
      const c = cases[0]!;
      const category = await db().selectFrom('category').selectAll().where('key', '=', s.category).executeTakeFirstOrThrow();
      const today = localDate(c.created_at, t.config.townTimezone);
      expect(c).toMatchObject({ reference, status: 'new', kind: s.kind, category_id: category.id, department_id: person.department.id, assignee_user_id: person.id, assigned_via: 'contact', contact_id: contact.id, language: s.language, outside_boundary: 0, channel: 'whatsapp' });
      expect(c.deadline_date).toBe(await t.container.holidays.addWorkingDays(db(), today, category.deadline_days));
      expect(c.description).toBe(s.text);
      expect(c.location_source).toBe('pin');
      expect(c.latitude).toBeCloseTo(s.start === 'pin' ? CENTRE.latitude : CENTRE.latitude + 0.0002, 6);
      expect(await db().selectFrom('case_follower').select(['contact_id', 'role']).execute()).toEqual([{ contact_id: contact.id, role: 'reporter' }]);
      const history = await db().selectFrom('case_history').selectAll().execute();
      expect(history.map((h) => [h.action, h.from_status, h.to_status, h.actor_type])).toEqual([['created', null, 'new', 'citizen']]);

      // the photo: stored re-encoded under MEDIA_DIR, with a thumbnail, without EXIF or GPS
      const media = await db().selectFrom('case_media').selectAll().execute();
      expect(media).toHaveLength(1);
      const stored = readFileSync(path.join(t.config.mediaDir, media[0]!.path));
      expect(media[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(media[0]!.path).toContain(media[0]!.sha256);
      const meta = await sharp(stored).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.exif).toBeUndefined();
      expect(exifTags(meta.exif)).not.toContain(EXIF_TAG.gps);
      expect(stored.includes('AcmeCam')).toBe(false);
      expect(stored.includes('Erika Mustermann')).toBe(false);
      expect(stored.includes('Exif')).toBe(false);
      expect(existsSync(path.join(t.config.mediaDir, media[0]!.thumb_path))).toBe(true);
      expect((await sharp(readFileSync(path.join(t.config.mediaDir, media[0]!.thumb_path))).metadata()).width).toBeLessThanOrEqual(320);

      // the contact person is told: in the app and by e-mail (queued for the mail worker)
      const notes = await db().selectFrom('notification').selectAll().where('user_id', '=', person.id).execute();
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ kind: 'case.new', link: `/anliegen/${reference}` });
      expect(notes[0]!.title).toContain(reference!);
      const mails = await db().selectFrom('mail_outbox').selectAll().where('to_address', '=', person.email).execute();
      expect(mails).toHaveLength(1);
      expect(mails[0]!.text_body).not.toContain(s.text);

      // no information consent was needed or recorded for reporting; the dialogue waits for the offer's answer
      expect(await db().selectFrom('consent').selectAll().execute()).toEqual([]);
      const state = await db().selectFrom('dialogue_state').selectAll().where('contact_id', '=', contact.id).executeTakeFirstOrThrow();
      expect(state.flow).toBe('consent');
      // the offer's "yes" is the information consent, given separately (double opt-in)
      const [topics] = await chat.tap(done[1], `optin:yes:information-v1-${s.language}`);
      expect(choices(topics)[0]?.id).toBe('t-:eilmeldungen');
      expect(await db().selectFrom('consent').select(['action', 'text_version']).execute()).toEqual([{ action: 'granted', text_version: `information-v1-${s.language}` }]);
      // every reply was accepted by the emulator's checks
      const rows = await db().selectFrom('outbox').select(['error_code']).execute();
      expect(rows.every((r) => r.error_code === null)).toBe(true);
    });
  }
});

/**
 * Reports beyond the straight path, through the emulator on SQLite and PostgreSQL: a duplicate
 * nearby that becomes a follower (and its photo added), the boundary (a pin in the sea), a typed
 * address geocoded through GEOCODER_URL (a local server) or kept as text, bad input (no image,
 * over 5 MB, ten photos at once, a voice note, a double tap on "send", ABBRECHEN) and drafts
 * that expire while the window is open (the clock advanced, never a sleep).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { body, CENTRE, Chat, choices, type OutItem } from '../../test/chat.js';
import { describeEachDatabase } from '../../test/databases.js';
import { phonePhoto } from '../../test/photos.js';
import { createPerson } from '../../test/staff.js';
import { createTestApp, eventually, type TestApp } from '../../test/test-app.js';
import { parseStoredEvent } from '../inbound/inbound.sink.js';
import { SYSTEM_CONTEXT } from '../auth/principal.js';
import { localDate } from '../holidays/working-days.js';

const offering = (items: OutItem[], prefix: string) => items.find((i) => choices(i).some((c) => c.id.startsWith(prefix)));
const choiceId = (item: OutItem | undefined, prefix: string) => choices(item).find((c) => c.id.startsWith(prefix))?.id ?? `${prefix}?`;

/** Drives a German report from a pin to the summary: kind, category, a photo, a description. */
async function toSummary(chat: Chat, o: { latitude: number; longitude: number; category: string; colour: string; text?: string }): Promise<OutItem | undefined> {
  const kinds = offering(await chat.pin(o.latitude, o.longitude), 'rep:k:');
  const categories = offering(await chat.tap(kinds, 'rep:k:hint'), 'rep:c:');
  await chat.tap(categories, `rep:c:${o.category}`);
  await chat.send({ type: 'image', media: { data_base64: (await phonePhoto(o.colour)).toString('base64'), mime_type: 'image/jpeg' } });
  return offering(await chat.say(o.text ?? 'Die Laterne ist aus'), 'rep:send:');
}

describeEachDatabase('reports: duplicates, boundary, geocoder, bad input, expiry', (dialect) => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  const db = () => t.database.db;
  const cases = () => db().selectFrom('case_file').selectAll().orderBy('id').execute();
  const contactOf = (phone: string) => db().selectFrom('contact').selectAll().where('phone', '=', phone.replace(/\D/g, '')).executeTakeFirstOrThrow();

  describe('without a geocoder', () => {
    beforeEach(async () => {
      t = await createTestApp(dialect);
    });

    it('a report close to an open one of the same category is offered as a duplicate; choosing it makes a follower and adds the photo', async () => {
      const first = await Chat.create(t, '+4921525552001', 'A');
      const summary = await toSummary(first, { ...CENTRE, category: 'beleuchtung', colour: '#c00' });
      await first.tap(summary, choiceId(summary, 'rep:send:'));
      const [original] = await cases();

      // 20 m away, same category: "is it this one?"
      const second = await Chat.create(t, '+4921525552002', 'B');
      const near = await toSummary(second, { latitude: CENTRE.latitude + 0.00018, longitude: CENTRE.longitude, category: 'beleuchtung', colour: '#00c' });
      const [offer] = await second.tap(near, choiceId(near, 'rep:send:'));
      expect(body(offer)).toContain('Ganz in der Nähe');
      expect(choices(offer).map((c) => [c.id, c.title])).toEqual([
        [`rep:dup:${original!.id}`, original!.reference],
        ['rep:dup:new', 'Nein, neue Meldung'],
      ]);
      expect(JSON.stringify(offer?.content)).not.toContain('Die Laterne ist aus'); // another citizen's words are not shown
      const [followed, subscribe] = await second.tap(offer, `rep:dup:${original!.id}`);
      expect(body(followed)).toContain(`Sie folgen jetzt der Meldung ${original!.reference}`);
      expect(choices(subscribe)[0]?.id).toBe('optin:yes:information-v1-de');

      expect(await cases()).toHaveLength(1);
      const followers = await db().selectFrom('case_follower').select(['contact_id', 'role']).orderBy('created_at').orderBy('role', 'desc').execute();
      expect(followers).toEqual([
        { contact_id: (await contactOf('+4921525552001')).id, role: 'reporter' },
        { contact_id: (await contactOf('+4921525552002')).id, role: 'follower' },
      ]);
      const media = await db().selectFrom('case_media').select(['case_id', 'contact_id']).orderBy('id').execute();
      expect(media).toEqual([
        { case_id: original!.id, contact_id: (await contactOf('+4921525552001')).id },
        { case_id: original!.id, contact_id: (await contactOf('+4921525552002')).id },
      ]);
      const history = await db().selectFrom('case_history').select('action').where('case_id', '=', original!.id).orderBy('id').execute();
      expect(history.map((h) => h.action)).toEqual(['created', 'follower_added']);

      // the same spot in another category, or 200 m away: no offer, a case of its own
      const other = await Chat.create(t, '+4921525552003', 'C');
      const litter = await toSummary(other, { ...CENTRE, category: 'muell', colour: '#0c0', text: 'Hier liegt Sperrmüll' });
      const [filed] = await other.tap(litter, choiceId(litter, 'rep:send:'));
      expect(body(filed)).toContain('Aktenzeichen');
      const far = await Chat.create(t, '+4921525552004', 'D');
      const away = await toSummary(far, { latitude: CENTRE.latitude + 0.0018, longitude: CENTRE.longitude, category: 'beleuchtung', colour: '#cc0' });
      expect(body((await far.tap(away, choiceId(away, 'rep:send:')))[0])).toContain('Aktenzeichen');
      // close by again, but "no, a new report": filed as a case of its own
      const fifth = await Chat.create(t, '+4921525552005', 'E');
      const again = await toSummary(fifth, { latitude: CENTRE.latitude, longitude: CENTRE.longitude + 0.0002, category: 'beleuchtung', colour: '#0cc' });
      const [offer2] = await fifth.tap(again, choiceId(again, 'rep:send:'));
      const [own] = await fifth.tap(offer2, 'rep:dup:new');
      expect(body(own)).toContain('Aktenzeichen');
      const all = await cases();
      expect(all).toHaveLength(4);
      expect(new Set(all.map((c) => c.reference)).size).toBe(4);
    });

    it('routing: while the contact person of the category is away the deputy takes the case and is told', async () => {
      const category = await db().selectFrom('category').selectAll().where('key', '=', 'spielplaetze').executeTakeFirstOrThrow();
      const contact = await createPerson(t.container, ['case_worker'], { department_ids: [category.department_id] });
      const deputy = await createPerson(t.container, ['case_worker'], { department_ids: [category.department_id] });
      const today = localDate(t.container.clock.now().getTime(), t.config.townTimezone);
      await t.container.users.update(db(), SYSTEM_CONTEXT, contact.id, { absent_from: today, absent_until: today });
      await t.container.categories.update(db(), SYSTEM_CONTEXT, category.id, { contact_user_id: contact.id, deputy_user_id: deputy.id });
      const chat = await Chat.create(t, '+4921525552050');
      const summary = await toSummary(chat, { ...CENTRE, category: 'spielplaetze', colour: '#963', text: 'Die Schaukel ist kaputt' });
      await chat.tap(summary, choiceId(summary, 'rep:send:'));
      const [c] = await cases();
      expect(c).toMatchObject({ assignee_user_id: deputy.id, assigned_via: 'deputy', department_id: category.department_id });
      const notified = await db().selectFrom('notification').select(['user_id', 'kind']).execute();
      expect(notified).toEqual([{ user_id: deputy.id, kind: 'case.new' }]);
    });

    it('a photo is downloaded before the event\'s transaction: the turn uses the prefetched photo', async () => {
      const chat = await Chat.create(t, '+4921525552060');
      const sent = await t.control('POST', `/users/${chat.userId}/messages`, { type: 'image', media: { data_base64: (await phonePhoto('#5a5')).toString('base64'), mime_type: 'image/jpeg' } });
      expect(sent.status).toBe(201);
      const row = await eventually(() => db().selectFrom('inbound_event').selectAll().where('kind', '=', 'message').executeTakeFirst(), 'the webhook');
      const event = parseStoredEvent(row.payload);
      if (event.kind !== 'message' || event.content.type !== 'media') throw new Error('not a photo message');
      await t.container.reports.hooks.prefetch(event);
      // gone from the platform now: only the prefetched copy can serve the turn
      expect((await t.container.channel.deleteMedia(event.content.mediaId)).ok).toBe(true);
      expect((await t.container.channel.fetchMedia(event.content.mediaId)).ok).toBe(false);
      await t.container.inboundProcessor.drain();
      const [kinds] = await chat.flush();
      expect(body(kinds)).toContain('Danke für das Foto');
      const state = await db().selectFrom('dialogue_state').selectAll().executeTakeFirstOrThrow();
      expect(JSON.parse(state.data).draft.photos).toHaveLength(1);
    });

    it('a pin in the sea: the citizen is told, may file anyway, and the case is flagged', async () => {
      const chat = await Chat.create(t, '+4921525552010');
      const kinds = offering(await chat.pin(54.3, 4.5), 'rep:k:');
      const categories = offering(await chat.tap(kinds, 'rep:k:hint'), 'rep:c:');
      const [outside] = await chat.tap(categories, 'rep:c:sonstiges');
      expect(body(outside)).toContain('außerhalb des Stadtgebiets von Kempen');
      expect(choices(outside).map((c) => c.id)).toEqual(['rep:out:yes', 'rep:out:no']);
      const [photoQuestion] = await chat.tap(outside, 'rep:out:yes');
      await chat.tap(photoQuestion, 'rep:nophoto');
      const [summary] = await chat.say('Treibgut am Strand');
      expect(body(summary)).toContain('(außerhalb von Kempen)');
      expect(body(summary)).toContain('Fotos: 0');
      const [filed] = await chat.tap(summary, choiceId(summary, 'rep:send:'));
      expect(body(filed)).toContain('außerhalb von Kempen');
      const [c] = await cases();
      expect(c).toMatchObject({ outside_boundary: 1, latitude: 54.3, longitude: 4.5, location_source: 'pin' });
    });

    it('bad input: no image, over 5 MB, ten photos at once, a voice note, "send" tapped twice, ABBRECHEN — each answered, nothing lost or doubled', async () => {
      const chat = await Chat.create(t, '+4921525552020');
      const [first] = await chat.send({ type: 'document', media: { data_base64: Buffer.from('%PDF-1.4 not a photo').toString('base64'), mime_type: 'application/pdf' }, filename: 'antrag.pdf' });
      expect(body(first)).toContain('Das ist kein Foto');
      expect(body(first)).not.toContain('Danke für das Foto');
      const kinds = offering([first!], 'rep:k:');
      // an image over 5 MB (sent as a file): refused with the reason
      const big = Buffer.concat([await phonePhoto('#345'), Buffer.alloc(5 * 1024 * 1024 + 10)]);
      const [tooLarge] = await chat.send({ type: 'document', media: { data_base64: big.toString('base64'), mime_type: 'image/jpeg' }, filename: 'gross.jpg' });
      expect(body(tooLarge)).toContain('größer als 5 MB');
      // ten photos at once: five kept, one clear note, no flood of answers
      const ten = await Promise.all(Array.from({ length: 10 }, (_, i) => phonePhoto(`#${(i + 1).toString(16)}${(i + 3).toString(16)}${(i + 5).toString(16)}`)));
      const replies = await chat.send(...ten.map((p) => ({ type: 'image', media: { data_base64: p.toString('base64'), mime_type: 'image/jpeg' } })));
      expect(replies.map(body)).toEqual([expect.stringContaining('bis zu 5 Fotos')]);

      const categories = offering(await chat.tap(kinds, 'rep:k:hint'), 'rep:c:');
      const [where] = await chat.tap(categories, 'rep:c:strassenschaeden');
      expect(where?.content?.type).toBe('location_request_message');
      // typed "no location"; then a voice note instead of a description
      const [askDescription] = await chat.say('kein Ort');
      expect(body(askDescription)).toContain('ohne Ortsangabe');
      const [voice] = await chat.send({ type: 'audio', media: { data_base64: Buffer.from('OggS').toString('base64'), mime_type: 'audio/ogg' }, voice: true });
      expect(body(voice)).toContain('Sprachnachrichten kann ich leider nicht anhören');
      const [summary] = await chat.say('Tiefes Schlagloch, Radfahrer stürzen');
      expect(body(summary)).toContain('Fotos: 5');
      // "send" tapped twice: one case, and the second tap is answered with its reference
      const id = choiceId(summary, 'rep:send:');
      const both = await chat.send({ type: 'button_reply', id, title: 'Absenden', context_wamid: summary!.wamid }, { type: 'button_reply', id, title: 'Absenden', context_wamid: summary!.wamid });
      const all = await cases();
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ location_source: 'none', latitude: null, description: 'Tiefes Schlagloch, Radfahrer stürzen' });
      expect(both.map(body)).toEqual([expect.stringContaining(`Aktenzeichen: ${all[0]!.reference}`), expect.stringContaining('Möchten Sie außerdem'), expect.stringContaining(`schon angekommen – Aktenzeichen ${all[0]!.reference}`)]);
      expect(await db().selectFrom('case_media').selectAll().execute()).toHaveLength(5);

      // ABBRECHEN half-way: closed, nothing filed; the old list's taps are answered, not filed
      const [kinds2] = await chat.say('Die Ampel am Buttermarkt ist kaputt');
      const [cancelled] = await chat.say('ABBRECHEN');
      expect(body(cancelled)).toContain('Abgebrochen');
      const [stale] = await chat.tap(kinds2, 'rep:k:hint');
      expect(body(stale)).toContain('nicht mehr offen');
      expect(await cases()).toHaveLength(1);
      const state = await db().selectFrom('dialogue_state').selectAll().executeTakeFirstOrThrow();
      expect(state.flow).not.toBe('report');
      const events = await db().selectFrom('inbound_event').select('state').where('kind', '=', 'message').execute();
      expect(events.every((e) => e.state === 'done')).toBe(true);
      expect((await db().selectFrom('outbox').select('error_code').execute()).every((r) => r.error_code === null)).toBe(true);
    });

    it('a typed address without GEOCODER_URL is kept as text for staff to place; a draft expires with a note while the window is open', async () => {
      const chat = await Chat.create(t, '+4921525552030');
      const kinds = offering(await chat.say('Laterne kaputt'), 'rep:k:');
      const categories = offering(await chat.tap(kinds, 'rep:k:hint'), 'rep:c:');
      await chat.tap(categories, 'rep:c:beleuchtung');
      const [noted] = await chat.say('Burgstraße 12');
      expect(body(noted)).toContain('Ort notiert: Burgstraße 12');
      const state = await db().selectFrom('dialogue_state').selectAll().executeTakeFirstOrThrow();
      expect(JSON.parse(state.data).draft.location).toMatchObject({ address: 'Burgstraße 12', source: 'text', latitude: null });

      // the town's 120 minutes pass: the draft is closed and the citizen told (window open)
      expect(await t.container.reportExpiry.runOnce()).toBe(0);
      await t.control('POST', '/clock', { advance_s: 121 * 60 });
      expect(await t.container.reportExpiry.runOnce()).toBe(1);
      const [note] = await chat.flush();
      expect(body(note)).toContain('verfallen');
      expect((await db().selectFrom('dialogue_state').selectAll().executeTakeFirstOrThrow()).flow).toBe('idle');

      // a draft whose expiry is noticed only after the window closed: closed without a message
      const late = await Chat.create(t, '+4921525552031');
      await late.say('Laterne kaputt');
      await t.control('POST', '/clock', { advance_s: 25 * 3600 });
      expect(await t.container.reportExpiry.runOnce()).toBe(1);
      expect(await late.flush()).toEqual([]);
      // writing again starts a fresh draft
      const [fresh] = await late.say('Am Spielplatz ist die Schaukel kaputt');
      expect(body(fresh)).toContain('Worum geht es?');
      expect(await cases()).toEqual([]);
    });
  });

  describe('with a geocoder', () => {
    let server: Server;
    const queries: string[] = [];
    beforeEach(async () => {
      server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        queries.push(url.searchParams.get('q') ?? '');
        res.setHeader('content-type', 'application/json');
        res.end(url.pathname === '/search' && url.searchParams.get('format') === 'jsonv2' ? JSON.stringify([{ lat: '51.36581', lon: '6.41957', display_name: 'Burgstraße 12, 47906 Kempen' }]) : '[]');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      t = await createTestApp(dialect, { env: { GEOCODER_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } });
    });
    afterEach(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('a typed address is geocoded through GEOCODER_URL and filed with its coordinates', async () => {
      const chat = await Chat.create(t, '+4921525552040');
      const kinds = offering(await chat.say('Laterne kaputt'), 'rep:k:');
      const categories = offering(await chat.tap(kinds, 'rep:k:hint'), 'rep:c:');
      await chat.tap(categories, 'rep:c:beleuchtung');
      const [found] = await chat.say('Burgstraße 12');
      expect(queries).toEqual(['Burgstraße 12, Kempen']);
      expect(body(found)).toContain('Ort gefunden: Burgstraße 12, 47906 Kempen');
      const [summary] = await chat.tap(found, 'rep:nophoto');
      await chat.tap(summary, choiceId(summary, 'rep:send:'));
      const [c] = await cases();
      expect(c).toMatchObject({ location_source: 'geocoded', address: 'Burgstraße 12', latitude: 51.36581, longitude: 6.41957, outside_boundary: 0 });
    });
  });
});

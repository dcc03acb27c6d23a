/**
 * Cases in MY DATA and DELETE through the emulator, on SQLite and PostgreSQL (D56): a citizen
 * reports a case with a phone photo (EXIF, GPS) and follows another citizen's case with a photo
 * of their own; MY DATA lists both; DELETE erases — afterwards a dump of every table, the media
 * folder and the logs written during the test hold neither the number, the BSUID, the profile
 * name, a text the citizen wrote nor a photo they sent; both cases are still there, anonymised.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { capturingLogger } from '../../lib/log.js';
import { body, CENTRE, Chat, choices, type OutItem } from '../../test/chat.js';
import { describeEachDatabase } from '../../test/databases.js';
import { dumpAllTables } from '../../test/dump.js';
import { phonePhoto } from '../../test/photos.js';
import { createTestApp, eventually, type TestApp } from '../../test/test-app.js';

const offering = (items: OutItem[], prefix: string) => items.find((i) => choices(i).some((c) => c.id.startsWith(prefix)));
const choiceId = (item: OutItem | undefined, prefix: string) => choices(item).find((c) => c.id.startsWith(prefix))?.id ?? `${prefix}?`;

/** Every file under a folder (relative paths). */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** A German report from a pin to the summary with a photo uploaded as a file. */
async function toSummary(chat: Chat, o: { latitude: number; longitude: number; category: string; photo: Buffer; text: string }): Promise<OutItem | undefined> {
  const kinds = offering(await chat.pin(o.latitude, o.longitude), 'rep:k:');
  const categories = offering(await chat.tap(kinds, 'rep:k:hint'), 'rep:c:');
  await chat.tap(categories, `rep:c:${o.category}`);
  await chat.upload(o.photo, 'image/jpeg', 'IMG_0815.jpg');
  return offering(await chat.say(o.text), 'rep:send:');
}

describeEachDatabase('cases in MY DATA and DELETE', (dialect) => {
  let t: TestApp;
  let logs: string[];
  beforeEach(async () => {
    logs = [];
    t = await createTestApp(dialect, { log: capturingLogger(logs) });
    t.emulator.updateConfig({ auto_read: false });
  });
  afterEach(async () => {
    await t.close();
  });
  const db = () => t.database.db;

  it('a citizen with a case, photos and a followed case says DELETE: nothing of them is left, the cases stay anonymised', async () => {
    // Another citizen's case, which ours will follow.
    const other = await Chat.create(t, '+4921525553001', 'Gundula Nachbarin');
    const otherPhoto = await phonePhoto('#06c');
    const otherSummary = await toSummary(other, { ...CENTRE, category: 'beleuchtung', photo: otherPhoto, text: 'Laterne am Markt flackert' });
    await other.tap(otherSummary, choiceId(otherSummary, 'rep:send:'));
    const [followedCase] = await db().selectFrom('case_file').selectAll().execute();

    // Our citizen: a case of their own (photo with EXIF) …
    const phone = '+4921525553077';
    const digits = phone.replace(/\D/g, '');
    const name = 'Hiltrud Sonnentau';
    const user = (await t.control<{ id: string; bsuid: string }>('POST', '/users', { name, phone })).json;
    const chat = new Chat(t, user.id);
    const ownText = 'Der Gullydeckel vor Hausnummer 17 klappert laut';
    const ownPhoto = await phonePhoto('#c60');
    const own = await toSummary(chat, { latitude: CENTRE.latitude + 0.01, longitude: CENTRE.longitude, category: 'strassenschaeden', photo: ownPhoto, text: ownText });
    const [filed] = await chat.tap(own, choiceId(own, 'rep:send:'));
    const reference = /([A-Z]+-\d{4}-\d{6})/.exec(body(filed))![1]!;
    // … and the other case followed, with a photo of their own.
    const followText = 'Bei mir vor der Tür ist die Lampe auch dunkel';
    const followPhoto = await phonePhoto('#3a3');
    const near = await toSummary(chat, { latitude: CENTRE.latitude + 0.00015, longitude: CENTRE.longitude, category: 'beleuchtung', photo: followPhoto, text: followText });
    const [offer] = await chat.tap(near, choiceId(near, 'rep:send:'));
    const [followed] = await chat.tap(offer, `rep:dup:${followedCase!.id}`);
    expect(body(followed)).toContain(followedCase!.reference);

    const contact = await db().selectFrom('contact').selectAll().where('phone', '=', digits).executeTakeFirstOrThrow();
    const ownCase = await db().selectFrom('case_file').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(ownCase.contact_id).toBe(contact.id);
    const theirMedia = await db().selectFrom('case_media').selectAll().where('contact_id', '=', contact.id).execute();
    expect(theirMedia).toHaveLength(2);
    const otherMedia = await db().selectFrom('case_media').selectAll().where('contact_id', '!=', contact.id).execute();
    expect(otherMedia).toHaveLength(1);
    for (const m of theirMedia) expect(existsSync(path.join(t.config.mediaDir, m.path))).toBe(true);

    // MY DATA: both cases, the own one with its description; the followed one without the other citizen's words.
    const [data] = await chat.say('MEINE DATEN');
    const shown = body(data);
    expect(shown).toContain('Ihre Meldungen');
    expect(shown).toContain(reference);
    expect(shown).toContain(ownText);
    expect(shown).toContain(followedCase!.reference);
    expect(shown).not.toContain('Laterne am Markt flackert');

    // DELETE, yes.
    const [question] = await chat.say('LÖSCHEN');
    const [done] = await chat.tap(question, 'erase:yes:*');
    expect(body(done)).toContain('Ihre Daten sind gelöscht');
    await eventually(async () => db().selectFrom('inbound_event').select('id').where('dedupe_key', '=', `status:${done!.wamid}:delivered`).executeTakeFirst(), 'the delivered status');
    await t.container.inboundProcessor.drain();
    expect(await t.container.privacyPurge.drain()).toBe(1);

    // The cases stay, anonymised: reference, category, place, status and history; no citizen.
    const after = await db().selectFrom('case_file').selectAll().where('id', '=', ownCase.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ reference, contact_id: null, description: '', category_id: ownCase.category_id, status: 'new', latitude: ownCase.latitude, longitude: ownCase.longitude });
    expect(after.version).toBeGreaterThan(ownCase.version);
    const history = await db().selectFrom('case_history').selectAll().where('case_id', '=', ownCase.id).orderBy('id').execute();
    expect(history.map((h) => [h.action, h.actor_type, h.actor_id])).toEqual([['created', 'citizen', null], ['contact_erased', 'system', null]]);
    expect(await db().selectFrom('case_media').select('id').where('case_id', '=', ownCase.id).execute()).toEqual([]);
    // The followed case keeps its reporter and their photo; our citizen is no follower any more.
    const followers = await db().selectFrom('case_follower').select(['contact_id', 'role']).where('case_id', '=', followedCase!.id).execute();
    expect(followers).toEqual([{ contact_id: followedCase!.contact_id, role: 'reporter' }]);
    expect((await db().selectFrom('case_media').select('id').where('case_id', '=', followedCase!.id).execute()).map((m) => m.id)).toEqual(otherMedia.map((m) => m.id));
    expect((await db().selectFrom('case_file').select('description').where('id', '=', followedCase!.id).executeTakeFirstOrThrow()).description).toBe('Laterne am Markt flackert');

    // The dump of every table holds nothing of the citizen.
    const everything = [...(await chat.outItems()), ...(await t.control<{ items: { wamid: string }[] }>('GET', `/users/${user.id}/inbox`)).json.items];
    const secrets = [digits, user.bsuid, name, ownText, followText, ...new Set(everything.map((i) => i.wamid))];
    const dump = await dumpAllTables(db(), dialect);
    for (const [table, rows] of Object.entries(dump)) {
      const text = JSON.stringify(rows);
      for (const secret of secrets) expect(text.includes(secret), `${table} still holds ${secret.slice(0, 12)}…`).toBe(false);
    }
    expect(dump.contact!.map((c) => (c as { id: number }).id)).not.toContain(contact.id);

    // The media folder: none of the citizen's photos (neither as sent nor as stored), the other citizen's still there.
    const files = filesUnder(t.config.mediaDir);
    for (const m of theirMedia) {
      expect(files).not.toContain(m.path);
      expect(files).not.toContain(m.thumb_path);
    }
    expect(files).toEqual(expect.arrayContaining([otherMedia[0]!.path, otherMedia[0]!.thumb_path]));
    for (const f of files) {
      const bytes = readFileSync(path.join(t.config.mediaDir, f));
      expect(bytes.equals(ownPhoto) || bytes.equals(followPhoto), f).toBe(false);
      expect(bytes.includes('AcmeCam'), f).toBe(false);
    }

    // The logs written meanwhile hold none of it either.
    expect(logs.length).toBeGreaterThan(0);
    const logText = logs.join('\n');
    for (const secret of [digits, user.bsuid, name, ownText, followText]) expect(logText.includes(secret), `logs hold ${secret.slice(0, 12)}…`).toBe(false);
  });

  it('a photo in an open draft is removed with the citizen; a second erasure changes nothing', async () => {
    const chat = await Chat.create(t, '+4921525553088', 'Ottokar Entwurf');
    const kinds = offering(await chat.pin(CENTRE.latitude, CENTRE.longitude), 'rep:k:');
    const categories = offering(await chat.tap(kinds, 'rep:k:hint'), 'rep:c:');
    await chat.tap(categories, 'rep:c:muell');
    await chat.upload(await phonePhoto('#909'), 'image/jpeg', 'IMG_1.jpg');
    const before = filesUnder(t.config.mediaDir);
    expect(before).toHaveLength(2); // the photo and its thumbnail, referenced only by the draft
    const contact = await db().selectFrom('contact').select('id').executeTakeFirstOrThrow();
    const [question] = await chat.say('LÖSCHEN');
    const [done] = await chat.tap(question, 'erase:yes:*');
    expect(body(done)).toContain('Ihre Daten sind gelöscht');
    expect(filesUnder(t.config.mediaDir)).toEqual([]);
    await db().transaction().execute((trx) => t.container.privacy.registry.erase(trx, contact.id, Date.now()));
    expect(filesUnder(t.config.mediaDir)).toEqual([]);
    expect(await db().selectFrom('case_history').selectAll().execute()).toEqual([]);
  });
});

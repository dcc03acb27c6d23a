/**
 * Data rights through the emulator, on SQLite and PostgreSQL, in German, English and Dutch:
 * a visitor's question is answered without subscribing; MY DATA returns what is stored; DELETE
 * asks, then erases — afterwards a dump of every table and the logs written during the test
 * hold neither the number, the BSUID, the profile name nor any text the citizen wrote (nor the
 * ids of their messages), only the salted hash as proof. A late status webhook is emptied too.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { capturingLogger } from '../../lib/log.js';
import { body, Chat, choices } from '../../test/chat.js';
import { describeEachDatabase } from '../../test/databases.js';
import { dumpAllTables, tableNames } from '../../test/dump.js';
import { createTestApp, eventually, type TestApp } from '../../test/test-app.js';

interface Script {
  language: 'de' | 'en' | 'nl';
  phone: string;
  name: string;
  question: string;
  answerWords: RegExp;
  free: string;
  myData: string;
  erase: string;
  topic: RegExp;
  done: RegExp;
  /** The report flow's question after "write to us" (a hint: the kind is known) and its cancel word. */
  hintQuestion: RegExp;
  cancel: string;
}

const SCRIPTS: Script[] = [
  {
    language: 'de',
    phone: '+4921525550177',
    name: 'Walburga Zimtstern',
    question: 'Wo kann ich hier parken?',
    answerWords: /Parkplätze/,
    free: 'Viele Grüße von Familie Zimtstern',
    myData: 'Meine Daten',
    erase: 'Löschen',
    topic: /Abfallkalender/,
    done: /Ihre Daten sind gelöscht/,
    hintQuestion: /Zu welchem Bereich/,
    cancel: 'ABBRECHEN',
  },
  {
    language: 'en',
    phone: '+447700900456',
    name: 'Percival Quillfeather',
    question: 'Where can I park my car?',
    answerWords: /car parks/,
    free: 'Kind regards from the Quillfeather household',
    myData: 'my data',
    erase: 'DELETE',
    topic: /Abfallkalender/,
    done: /your data has been erased/,
    hintQuestion: /Which area/,
    cancel: 'CANCEL',
  },
  {
    language: 'nl',
    phone: '+31612345999',
    name: 'Geertruida Vlinderhof',
    question: 'Waar kan ik parkeren?',
    answerWords: /parkeerplaatsen/,
    free: 'Hartelijke groeten van de familie Vlinderhof',
    myData: 'Mijn gegevens',
    erase: 'verwijderen',
    topic: /Abfallkalender/,
    done: /uw gegevens zijn gewist/,
    hintQuestion: /Bij welk onderwerp/,
    cancel: 'ANNULEREN',
  },
];

describeEachDatabase('data rights in the chat', (dialect) => {
  let t: TestApp;
  let logs: string[];
  beforeEach(async () => {
    logs = [];
    t = await createTestApp(dialect, { log: capturingLogger(logs) });
    // The citizen reads when the test says so (a read status after the purge is part of the test).
    t.emulator.updateConfig({ auto_read: false });
  });
  afterEach(async () => {
    await t.close();
  });

  for (const s of SCRIPTS) {
    it(`${s.language}: a question answered without subscribing, MY DATA, DELETE — and nothing of the citizen is left`, async () => {
      const user = (await t.control<{ id: string; bsuid: string }>('POST', '/users', { name: s.name, phone: s.phone })).json;
      const digits = s.phone.replace(/\D/g, '');
      const chat = new Chat(t, user.id);

      // A visitor's first message is a question: answered at once, with the privacy link; nothing subscribed.
      const [answer, ...rest] = await chat.say(s.question);
      expect(rest).toEqual([]);
      expect(body(answer)).toMatch(s.answerWords);
      expect(body(answer)).toContain('https://www.kempen.de/datenschutz');
      const contact = await t.database.db.selectFrom('contact').selectAll().where('phone', '=', digits).executeTakeFirstOrThrow();
      expect(await t.database.db.selectFrom('consent').selectAll().where('contact_id', '=', contact.id).execute()).toEqual([]);
      expect(await t.database.db.selectFrom('subscription').selectAll().where('contact_id', '=', contact.id).execute()).toEqual([]);

      // Subscribe to one topic (START → yes → Abfall → done).
      const [consent] = await chat.say('START');
      const [list] = await chat.tap(consent, 'optin:yes:*');
      const [list2] = await chat.tap(list, 't+:abfall');
      await chat.tap(list2, 'tdone');

      // An unknown text: the menu, with "write to us": the report flow as a hint (no kind asked); cancelled here.
      const [menu] = await chat.say(s.free);
      expect(choices(menu).map((c) => c.id)).toEqual(expect.arrayContaining(['menu:info', 'menu:write']));
      const [hint] = await chat.tap(menu, 'menu:write');
      expect(body(hint)).toMatch(s.hintQuestion);
      expect(choices(hint).map((c) => c.id)).toEqual(expect.arrayContaining([expect.stringMatching(/^rep:c:/)]));
      await chat.say(s.cancel);

      // MY DATA: everything stored, readable.
      const [data] = await chat.say(s.myData);
      const shown = body(data);
      expect(shown).toContain(`+${digits}`);
      expect(shown).toContain(user.bsuid);
      expect(shown).toContain(s.name);
      expect(shown).toContain(s.free);
      expect(shown).toContain(s.question);
      expect(shown).toMatch(s.topic);
      expect(shown).toContain(`information-v1-${s.language}`);
      expect(shown).toContain('granted');

      // DELETE asks; "no" keeps everything.
      const [question] = await chat.say(s.erase);
      expect(choices(question).map((c) => c.id)).toEqual([expect.stringMatching(/^erase:yes:\d+$/), 'erase:no']);
      const [kept] = await chat.tap(question, 'erase:no');
      expect(body(kept)).not.toMatch(s.done);
      expect(await t.database.db.selectFrom('contact').select('id').where('id', '=', contact.id).executeTakeFirst()).toBeDefined();

      // DELETE, yes: confirmed; the citizen's data is erased.
      const [again] = await chat.say(s.erase);
      const [done] = await chat.tap(again, 'erase:yes:*');
      expect(body(done)).toMatch(s.done);
      // The confirmation's statuses come back; once it has left, the purge removes the contact for good.
      await eventually(
        async () => t.database.db.selectFrom('inbound_event').select('id').where('dedupe_key', '=', `status:${done!.wamid}:delivered`).executeTakeFirst(),
        'the delivered status of the confirmation',
      );
      await t.container.inboundProcessor.drain();
      expect(await t.container.privacyPurge.drain()).toBe(1);
      // A late status (the citizen reads the confirmation) names the erased number: it is emptied.
      await t.control('POST', `/users/${user.id}/read`, {});
      await eventually(async () => t.database.db.selectFrom('inbound_event').select('id').where('dedupe_key', '=', `status:${done!.wamid}:read`).executeTakeFirst(), 'the read status');
      await t.container.inboundProcessor.drain();

      // What is left: nothing of the citizen in any table, only the salted hash.
      const everything = [...(await chat.outItems()), ...((await t.control<{ items: { direction: string; wamid: string }[] }>('GET', `/users/${user.id}/inbox`)).json.items)];
      const secrets = [digits, user.bsuid, s.name, s.free, s.question, ...new Set(everything.map((i) => i.wamid))];
      const tables = await tableNames(t.database.db, dialect);
      expect(tables).toEqual(expect.arrayContaining(['contact', 'inbound_event', 'outbox', 'audit_log', 'privacy_erasure', 'tourist_answer']));
      const dump = await dumpAllTables(t.database.db, dialect);
      for (const [table, rows] of Object.entries(dump)) {
        const text = JSON.stringify(rows);
        for (const secret of secrets) expect(text.includes(secret), `${table} still holds ${secret.slice(0, 12)}…`).toBe(false);
      }
      expect(dump.contact).toEqual([]);
      expect(dump.privacy_erasure).toEqual([expect.objectContaining({ identity_hash: t.container.privacy.identityHash({ phone: digits, user_id: user.bsuid }), via: 'chat' })]);
      expect(dump.inbound_event!.every((e) => !JSON.stringify(e).includes(digits))).toBe(true);

      // And the logs written meanwhile hold none of it either.
      expect(logs.length).toBeGreaterThan(0);
      const logText = logs.join('\n');
      for (const secret of [digits, user.bsuid, s.name, s.free, s.question]) expect(logText.includes(secret), `logs hold ${secret.slice(0, 12)}…`).toBe(false);

      // Writing again starts afresh (a first contact).
      const [welcome] = await chat.say('Hallo');
      expect(choices(welcome).map((c) => c.id)).toContain('optin:no');
    });
  }
});

describeEachDatabase('DELETE by a contact known only by their BSUID', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    t.emulator.updateConfig({ auto_read: false });
  });
  afterEach(async () => {
    await t.close();
  });

  it('writing again before the purge starts afresh: a new contact, not purged', async () => {
    const user = (await t.control<{ id: string }>('POST', '/users', { name: 'Rasch Schreiber', phone: '+4921525550199' })).json;
    const chat = new Chat(t, user.id);
    await chat.say('Guten Tag');
    const [question] = await chat.say('LÖSCHEN');
    const [done] = await chat.tap(question, 'erase:yes:*');
    expect(body(done)).toContain('Ihre Daten sind gelöscht');
    const before = await t.database.db.selectFrom('contact').select(['id', 'erased_at', 'name']).executeTakeFirstOrThrow();
    expect(before.erased_at).not.toBeNull();
    expect(before.name).toBeNull();
    const [welcome] = await chat.say('Hallo, doch noch eine Frage');
    expect(choices(welcome).map((c) => c.id)).toContain('optin:no');
    expect(await t.container.privacyPurge.drain()).toBe(0);
    const after = await t.database.db.selectFrom('contact').select(['id', 'erased_at']).executeTakeFirstOrThrow();
    expect(after).toEqual({ id: before.id, erased_at: null });
    const messages = await t.database.db.selectFrom('inbound_message').select('content').where('contact_id', '=', before.id).execute();
    expect(messages.map((m) => JSON.parse(m.content).text)).toEqual(['Hallo, doch noch eine Frage']);
  });

  it('erases them too; the proof is the hash of the BSUID', async () => {
    const user = (await t.control<{ id: string; bsuid: string; username: string }>('POST', '/users', { name: 'Ansgar Nachtigall', username: 'nachtigall77', country_code: 'DE' })).json;
    const chat = new Chat(t, user.id);
    await chat.say('Guten Tag aus dem Hopfengarten');
    const [question] = await chat.say('LÖSCHEN');
    const [done] = await chat.tap(question, 'erase:yes:*');
    expect(body(done)).toContain('Ihre Daten sind gelöscht');
    await eventually(async () => t.database.db.selectFrom('inbound_event').select('id').where('dedupe_key', '=', `status:${done!.wamid}:delivered`).executeTakeFirst(), 'the delivered status');
    await t.container.inboundProcessor.drain();
    expect(await t.container.privacyPurge.drain()).toBe(1);
    await t.control('POST', `/users/${user.id}/read`, {});
    await eventually(async () => t.database.db.selectFrom('inbound_event').select('id').where('dedupe_key', '=', `status:${done!.wamid}:read`).executeTakeFirst(), 'the read status');
    await t.container.inboundProcessor.drain();
    const dump = JSON.stringify(await dumpAllTables(t.database.db, dialect));
    for (const secret of [user.bsuid, 'Ansgar Nachtigall', 'nachtigall77', 'Hopfengarten']) expect(dump.includes(secret), secret).toBe(false);
    const proofs = await t.database.db.selectFrom('privacy_erasure').selectAll().execute();
    expect(proofs).toEqual([expect.objectContaining({ identity_hash: t.container.privacy.identityHash({ phone: null, user_id: user.bsuid }) })]);
  });
});

describeEachDatabase('MY DATA as a one-time link', (dialect) => {
  let t: TestApp;
  let logs: string[];
  beforeEach(async () => {
    logs = [];
    t = await createTestApp(dialect, { log: capturingLogger(logs, 'info') });
  });
  afterEach(async () => {
    await t.close();
  });

  it('a long export comes as a link that works once, escaped, and expires', async () => {
    const user = (await t.control<{ id: string; bsuid: string }>('POST', '/users', { name: 'Kunigunde <b>Fett</b>', phone: '+4921525550188' })).json;
    const chat = new Chat(t, user.id);
    await chat.say('Hallo');
    const letter = `Sehr geehrte Damen und Herren, <script>alert(1)</script> ${'ich schreibe Ihnen einen langen Brief. '.repeat(100)}`;
    await chat.say(letter);
    const [reply] = await chat.say('MEINE DATEN');
    const url = /(http:\/\/\S+\/privacy\/export\/[A-Za-z0-9_-]+)/.exec(body(reply))?.[1];
    expect(url, body(reply)).toBeDefined();
    expect(body(reply)).not.toContain('Kunigunde');
    expect(reply?.content?.preview_url).toBe(false);

    // Looking (a link scanner, a preview) spends nothing: the page offers a button.
    for (let i = 0; i < 2; i++) {
      const look = await fetch(url!);
      expect(look.status).toBe(200);
      const html = await look.text();
      expect(html).toContain('<form method="post">');
      expect(html).not.toContain('Kunigunde');
    }
    const page = await fetch(url!, { method: 'POST' });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('Ihre bei der Stadt Kempen gespeicherten Daten');
    expect(html).toContain('Kunigunde &lt;b&gt;Fett&lt;/b&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain(user.bsuid);
    // Once only.
    expect((await fetch(url!, { method: 'POST' })).status).toBe(410);
    expect((await fetch(url!)).status).toBe(410);
    expect((await fetch(url!.replace(/[^/]+$/, 'A'.repeat(43)), { method: 'POST' })).status).toBe(410);

    // The token never reaches the logs (requests to the link are not logged).
    expect(logs.some((l) => l.includes('incoming request'))).toBe(true);
    expect(logs.join('\n')).not.toContain(url!.split('/').at(-1)!);

    // A second link expires after a day (by the product's clock).
    const [second] = await chat.say('MEINE DATEN');
    const url2 = /(http:\/\/\S+\/privacy\/export\/[A-Za-z0-9_-]+)/.exec(body(second))![1]!;
    await t.control('POST', '/clock', { advance_s: 24 * 3600 + 1 });
    await t.container.clock.refresh();
    expect((await fetch(url2, { method: 'POST' })).status).toBe(410);
    // The purge drops used and expired links.
    await t.container.privacyPurge.drain();
    expect(await t.database.db.selectFrom('privacy_export').selectAll().execute()).toEqual([]);
  });
});

/**
 * Whole conversations through the built-in emulator, over real HTTP and signed webhooks, on
 * SQLite and PostgreSQL: welcome, consent, two topics, change, STOP, START and a language
 * change in German, English and Dutch; the consent records show what happened. Then bad input.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.js';
import { body, Chat, choices } from '../../test/chat.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { merge } from '../contacts/contact.service.js';
import { subscriptionRepository } from '../subscriptions/subscription.repository.js';
import { topicRepository } from '../topics/topic.repository.js';
import { townRepository } from '../town/town.repository.js';

const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

interface Script {
  language: 'de' | 'en' | 'nl';
  phone: string;
  hello: string;
  welcomeWords: string;
  topics: string;
  stop: string;
  start: string;
  languageWord: string;
  then: 'de' | 'en' | 'nl';
  setWords: string;
}

const SCRIPTS: Script[] = [
  { language: 'de', phone: '+4921525550001', hello: 'Hallo', welcomeWords: 'Möchten Sie Mitteilungen', topics: 'THEMEN', stop: 'Stopp', start: 'START', languageWord: 'Sprache', then: 'en', setWords: 'in English' },
  { language: 'en', phone: '+447700900123', hello: 'Good morning, I have a question', welcomeWords: 'Would you like to receive', topics: 'topics', stop: 'unsubscribe', start: 'Subscribe', languageWord: 'LANGUAGE', then: 'nl', setWords: 'Nederlands' },
  { language: 'nl', phone: '+31612345678', hello: 'Goedemiddag', welcomeWords: 'Wilt u hier in WhatsApp', topics: 'Onderwerpen', stop: 'AFMELDEN', start: 'aanmelden', languageWord: 'taal', then: 'de', setWords: 'auf Deutsch' },
];

describeEachDatabase('citizen dialogue through the emulator', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const newChat = async (phone: string, name = 'Erika Mustermann') => {
    const user = (await t.control<{ id: string }>('POST', '/users', { name, phone })).json;
    return new Chat(t, user.id);
  };
  const contactOf = async (phone: string) => t.database.db.selectFrom('contact').selectAll().where('phone', '=', phone.replace(/\D/g, '')).executeTakeFirstOrThrow();
  const topicsOf = async (phone: string) => subscriptionRepository.topicKeys(t.database.db, (await contactOf(phone)).id);
  const consentsOf = async (phone: string) => subscriptionRepository.consentHistory(t.database.db, (await contactOf(phone)).id);

  for (const s of SCRIPTS) {
    it(`${s.language}: welcome, consent, two topics, change, STOP, START, language change — and the consent records`, async () => {
      const chat = await newChat(s.phone);
      const [welcome, ...more] = await chat.say(s.hello);
      expect(more.filter((m) => !choices(m).some((c) => c.id === 'lang:de'))).toEqual([]); // only a language question may follow
      expect(welcome?.type).toBe('interactive');
      expect(body(welcome)).toContain(s.welcomeWords);
      expect(body(welcome)).toContain('https://www.kempen.de/datenschutz');
      expect(await consentsOf(s.phone)).toEqual([]);
      expect((await contactOf(s.phone)).language).toBe(s.language);

      // yes → consent (double opt-in) and the list with ✓ on the urgent topic
      const yesAt = t.container.clock.now().getTime();
      const [list] = await chat.tap(welcome, `optin:yes:information-v1-${s.language}`);
      expect(choices(list)[0]).toMatchObject({ id: 't-:eilmeldungen', title: expect.stringMatching(/^✓ /) });
      const [granted] = await consentsOf(s.phone);
      expect(granted).toMatchObject({ purpose: 'information', action: 'granted', text_version: `information-v1-${s.language}`, channel: 'whatsapp' });
      expect(granted!.at).toBeGreaterThanOrEqual(yesAt);
      expect(JSON.parse(granted!.detail!)).toMatchObject({ language: s.language, preselected: ['eilmeldungen'], via: 'button' });

      // two more topics, then done
      const [list2] = await chat.tap(list, 't+:abfall');
      const [list3] = await chat.tap(list2, 't+:veranstaltungen');
      expect(await topicsOf(s.phone)).toEqual(['eilmeldungen', 'abfall', 'veranstaltungen']);
      const [confirmation] = await chat.tap(list3, 'tdone');
      expect(confirmation?.type).toBe('text');
      expect(body(confirmation)).toMatch(/Abfall|Waste|Afval/);

      // change them: THEMEN / TOPICS / ONDERWERPEN, remove one
      const [current] = await chat.say(s.topics);
      const [changed] = await chat.tap(current, 't-:abfall');
      await chat.tap(changed, 'tdone');
      expect(await topicsOf(s.phone)).toEqual(['eilmeldungen', 'veranstaltungen']);

      // STOP ends all at once, withdraws, asks about case updates
      const [stopped] = await chat.say(s.stop);
      expect(await topicsOf(s.phone)).toEqual([]);
      expect(choices(stopped).map((c) => c.id)).toEqual(['cases:stop', 'cases:keep']);
      await chat.tap(stopped, 'cases:stop');
      expect((await contactOf(s.phone)).case_updates_stopped_at).not.toBeNull();

      // START resumes: updates on cases again, consent asked again, earlier topics restored
      const [question] = await chat.say(s.start);
      expect((await contactOf(s.phone)).case_updates_stopped_at).toBeNull();
      await chat.tap(question, `optin:yes:information-v1-${s.language}`);
      expect(await topicsOf(s.phone)).toEqual(['eilmeldungen', 'veranstaltungen']);

      // language change
      const [languages] = await chat.say(s.languageWord);
      const [set] = await chat.tap(languages, `lang:${s.then}`);
      expect(body(set)).toContain(s.setWords);
      expect((await contactOf(s.phone)).language).toBe(s.then);

      const history = await consentsOf(s.phone);
      expect(history.map((c) => [c.action, c.text_version, c.channel])).toEqual([
        ['granted', `information-v1-${s.language}`, 'whatsapp'],
        ['withdrawn', `information-v1-${s.language}`, 'whatsapp'],
        ['granted', `information-v1-${s.language}`, 'whatsapp'],
      ]);
      expect(JSON.parse(history[1]!.detail!)).toMatchObject({ topics: ['eilmeldungen', 'veranstaltungen'], via: 'keyword' });

      // every reply went out as a dialogue reply and was accepted by the emulator
      const rows = await t.database.db.selectFrom('outbox').select(['kind', 'state', 'error_code']).execute();
      expect(rows.every((r) => r.kind === 'dialogue_reply' && r.error_code === null)).toBe(true);
    });
  }

  it('a first message with a photo or a report text starts the report flow with the privacy link, never the subscription offer', async () => {
    const photo = await newChat('+4921525550002');
    const [answer] = await photo.send({ type: 'image', media: { data_base64: PNG_1x1, mime_type: 'image/png' }, caption: 'Hier' });
    expect(body(answer)).toContain('https://www.kempen.de/datenschutz');
    expect(body(answer)).toContain('Worum geht es?');
    expect(choices(answer).map((c) => c.id)).toEqual(['rep:k:hint', 'rep:k:complaint', 'rep:k:idea', 'rep:k:praise']);
    const text = await newChat('+31612340000', 'Piet');
    const [antwoord] = await text.say('De lantaarnpaal bij de kerk is kapot');
    expect(body(antwoord)).toContain('Waar gaat het om?');
    expect(body(antwoord)).toContain('Privacyverklaring');
    expect(choices(antwoord).some((c) => c.id.startsWith('optin:'))).toBe(false);
    // the message itself is stored, not dropped
    const stored = await t.database.db.selectFrom('inbound_message').select('content_type').execute();
    expect(stored.map((m) => m.content_type).sort()).toEqual(['media', 'text']);
  });

  it('bad input: stickers, voice, reactions, 4,000 characters, emoji, an old button, two messages in one second — the state never breaks', async () => {
    const phone = '+4921525550003';
    const chat = await newChat(phone);
    // two messages in one second: processed one after the other, in order
    const [welcome, hint] = await chat.send({ type: 'text', text: 'Hallo' }, { type: 'text', text: 'Hallo?' });
    expect(body(welcome)).toContain('Möchten Sie');
    expect(body(hint)).toContain('Bitte tippen Sie');
    const [list] = await chat.tap(welcome, 'optin:yes:information-v1-de');
    await chat.tap(list, 'tdone');

    expect(await chat.send({ type: 'sticker', media: { data_base64: Buffer.from('RIFF....WEBP').toString('base64'), mime_type: 'image/webp' } })).toEqual([]);
    expect(await chat.send({ type: 'reaction', message_id: welcome!.wamid, emoji: '👍' })).toEqual([]);
    expect(await chat.say('👍😊')).toEqual([]);
    const [voice] = await chat.send({ type: 'audio', media: { data_base64: Buffer.from('OggS').toString('base64'), mime_type: 'audio/ogg' }, voice: true });
    expect(body(voice)).toContain('Sprachnachrichten');
    const [unsupported] = await chat.send({ type: 'unsupported', unsupported_type: 'poll' });
    expect(body(unsupported)).toContain('nicht lesen');
    const [menu] = await chat.say('x'.repeat(4000));
    expect(body(menu)).toContain('nicht verstanden');

    // an old button: the welcome's "no" after having said yes is stale, not a withdrawal
    const [stale] = await chat.tap(welcome, 'optin:no');
    expect(body(stale)).toContain('älteren Nachricht');
    expect(await topicsOf(phone)).toEqual(['eilmeldungen']);
    // after STOP, a topic row from an old list cannot subscribe: the consent question comes
    await chat.say('STOP');
    const [consentAgain] = await chat.tap(list, 't+:abfall');
    expect(choices(consentAgain)[0]?.id).toBe('optin:yes:information-v1-de');
    expect(await topicsOf(phone)).toEqual([]);

    const state = await t.database.db.selectFrom('dialogue_state').selectAll().executeTakeFirstOrThrow();
    expect(state.flow).toBe('consent');
    const events = await t.database.db.selectFrom('inbound_event').select('state').where('kind', '=', 'message').execute();
    expect(events.every((e) => e.state === 'done')).toBe(true);
    const rows = await t.database.db.selectFrom('outbox').select(['error_code']).execute();
    expect(rows.every((r) => r.error_code === null)).toBe(true);
  });

  it('14 topics: the list pages and every topic can be chosen; staff text overrides apply', async () => {
    const now = t.container.clock.now().getTime();
    for (let i = 1; i <= 6; i++) {
      await topicRepository.insert(t.database.db, {
        key: `stadtteil_${i}`,
        names: JSON.stringify({ de: `Stadtteil-Nachrichten ${i} (Ortsteil)`, en: `District news ${i}`, nl: `Wijknieuws ${i}` }),
        descriptions: JSON.stringify({ de: 'Nachrichten', en: 'News', nl: 'Nieuws' }),
        sort_order: 100 + i,
        active: 1,
        urgent: 0,
        created_at: now,
        updated_at: now,
      });
    }
    await townRepository.putSetting(t.database.db, 'dialogue_texts', { de: { 'consent.no': 'Nein, lieber nicht', 'topics.done.title': 'Fertig – speichern', 'consent.yes': 'Ja, ich möchte unbedingt alles bekommen' } }, now);
    const phone = '+4921525550004';
    const chat = await newChat(phone);
    const [welcome] = await chat.say('Hallo');
    // the too-long override of a button title made the message invalid: the built-in texts are used for that turn
    expect(choices(welcome).map((c) => c.title)).toEqual(['Ja, gerne', 'Nein, danke', 'Menü']);
    await townRepository.putSetting(t.database.db, 'dialogue_texts', { de: { 'consent.no': 'Nein, lieber nicht', 'topics.done.title': 'Fertig – speichern' } }, now);
    const [again] = await chat.say('Hallo');
    expect(choices(again).map((c) => c.title)).toEqual(['Ja, gerne', 'Nein, lieber nicht', 'Menü']);
    const [page1] = await chat.tap(again, 'optin:yes:information-v1-de');
    expect(choices(page1)).toHaveLength(10);
    expect(choices(page1).at(-1)?.title).toBe('Fertig – speichern');
    const [page2] = await chat.tap(page1, 'tp:1');
    const last = choices(page2).find((c) => c.id === 't+:stadtteil_6');
    expect(last).toBeTruthy();
    await chat.tap(page2, 't+:stadtteil_6');
    expect(await topicsOf(phone)).toEqual(['eilmeldungen', 'stadtteil_6']);
  });

  it('the dialogue state goes with its contact: a merge keeps the survivor’s, the merged one’s leaves with it', async () => {
    await (await newChat('+4921525550005', 'A')).say('Hallo');
    await (await newChat('+4921525550006', 'B')).say('Hallo');
    const [a, b] = [await contactOf('+4921525550005'), await contactOf('+4921525550006')];
    await t.database.db.transaction().execute((trx) => merge(trx, a, b));
    const states = await t.database.db.selectFrom('dialogue_state').select('contact_id').execute();
    expect(states.map((s) => s.contact_id)).toEqual([Math.min(a.id, b.id)]);
  });
});

/**
 * Tourist answers (issue 9): the seed's answers, the editor's API (validation, audit), and what a
 * citizen sees — an answer to a question in de/en/nl, the menu entry with the list and a tap,
 * an image with the answer as caption — all without a subscription. Through the emulator, on
 * SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { body, Chat, choices } from '../../test/chat.js';
import { describeEachDatabase } from '../../test/databases.js';
import { createPerson, signIn, type Client } from '../../test/staff.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { matchTouristAnswer, type TouristAnswerInfo } from './tourist-answers.dialogue.js';

const NEW_ANSWER = {
  key: 'stadtfest',
  titles: { de: 'Stadtfest', en: 'Town festival', nl: 'Stadsfeest' },
  keywords: { de: ['stadtfest', 'kirmes am buttermarkt'], en: ['town festival'], nl: ['stadsfeest'] },
  answers: { de: 'Das Stadtfest ist am ersten Septemberwochenende.', en: 'The town festival is on the first weekend of September.', nl: 'Het stadsfeest is in het eerste weekend van september.' },
  image_url: 'https://www.kempen.de/stadtfest.jpg',
  link_url: 'https://www.kempen.de/stadtfest',
};

describeEachDatabase('tourist answers', (dialect) => {
  let t: TestApp;
  let editor: Client;
  let approver: Client;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    const e = await createPerson(t.container, ['editor']);
    editor = await signIn(t.app, e.email, e.password);
    const a = await createPerson(t.container, ['approver']);
    approver = await signIn(t.app, a.email, a.password);
  });
  afterEach(async () => {
    await t.close();
  });

  const chatFor = async (phone: string) => new Chat(t, (await t.control<{ id: string }>('POST', '/users', { name: 'Besuch', phone })).json.id);

  it('the seed brings events, sights, opening hours, parking and more, in three languages', async () => {
    const list = (await approver.inject('GET', '/api/tourist-answers')).json().data as { key: string; answers: Record<string, string> }[];
    expect(list.map((a) => a.key)).toEqual(expect.arrayContaining(['veranstaltungen', 'sehenswuerdigkeiten', 'oeffnungszeiten', 'parken']));
    for (const a of list) for (const l of ['de', 'en', 'nl']) expect(a.answers[l]!.length).toBeGreaterThan(20);
  });

  it('the editor creates, changes and deletes an answer (audited); bad input is named; an approver may only read', async () => {
    const bad = await editor.inject('POST', '/api/tourist-answers', { ...NEW_ANSWER, link_url: 'http://insecure.example.org' });
    expect(bad.statusCode).toBe(422);
    expect(JSON.stringify(bad.json().error)).toContain('link_url');
    const long = await editor.inject('POST', '/api/tourist-answers', { ...NEW_ANSWER, titles: { ...NEW_ANSWER.titles, de: 'Ein viel zu langer Titel für eine Zeile' } });
    expect(long.statusCode).toBe(422);

    const created = await editor.inject('POST', '/api/tourist-answers', NEW_ANSWER);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id as number;
    expect((await editor.inject('POST', '/api/tourist-answers', NEW_ANSWER)).json().error.code).toBe('tourist_answer/key_taken');
    const changed = await editor.inject('PATCH', `/api/tourist-answers/${id}`, { active: false });
    expect(changed.json().data).toMatchObject({ key: 'stadtfest', active: false });
    expect((await approver.inject('PATCH', `/api/tourist-answers/${id}`, { active: true })).statusCode).toBe(403);

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'subject_id']).where('subject_type', '=', 'tourist_answer').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['settings.tourist_answer.create', 'settings.tourist_answer.update']);
    expect((await editor.inject('DELETE', `/api/tourist-answers/${id}`)).statusCode).toBe(204);
    expect((await editor.inject('DELETE', `/api/tourist-answers/${id}`)).json().error.code).toBe('tourist_answer/not_found');
  });

  for (const [language, phone, question, words, menuWord] of [
    ['de', '+4921525550201', 'Was gibt es in Kempen an Sehenswürdigkeiten?', /Kuhtor/, 'MENÜ'],
    ['en', '+447700900201', 'What sights are there to see?', /Kuhtor/, 'menu'],
    ['nl', '+31612340201', 'Welke bezienswaardigheden zijn er?', /Kuhtor/, 'menu'],
  ] as const) {
    it(`${language}: a question, then the menu's list and a tap — answers without subscribing`, async () => {
      const chat = await chatFor(phone);
      const [first] = await chat.say(question);
      expect(body(first)).toMatch(words);
      const [menu] = await chat.say(menuWord);
      const [list] = await chat.tap(menu, 'menu:info');
      expect(choices(list).map((c) => c.id)).toEqual(expect.arrayContaining(['ta:veranstaltungen', 'ta:parken', 'ta:oeffnungszeiten']));
      const [hours] = await chat.tap(list, 'ta:oeffnungszeiten');
      expect(body(hours)).toMatch(language === 'de' ? /Bürgerbüro/ : language === 'en' ? /citizens' office/ : /burgerloket/);
      expect(body(hours)).toContain('https://www.kempen.de');
      expect(await t.database.db.selectFrom('consent').selectAll().execute()).toEqual([]);
      expect(await t.database.db.selectFrom('subscription').selectAll().execute()).toEqual([]);
    });
  }

  it('an answer with an image is sent as the image with the answer as caption; a deleted answer’s old row is stale', async () => {
    const id = (await editor.inject('POST', '/api/tourist-answers', NEW_ANSWER)).json().data.id as number;
    const chat = await chatFor('+4921525550202');
    await chat.say('Hallo');
    const [image] = await chat.say('Wann ist das Stadtfest?');
    expect(image?.type).toBe('image');
    expect(body(image)).toContain('ersten Septemberwochenende');
    expect(body(image)).toContain('https://www.kempen.de/stadtfest');
    const [menu] = await chat.say('Menü');
    const [list] = await chat.tap(menu, 'menu:info');
    await editor.inject('DELETE', `/api/tourist-answers/${id}`);
    const [stale] = await chat.tap(list, 'ta:stadtfest');
    expect(body(stale)).toContain('älteren Nachricht');
  });
});

it('matching: phrases, prefixes, umlauts, the longest match wins, long texts are no questions', () => {
  const a = (key: string, keywords: string[]): TouristAnswerInfo => ({ key, titles: { de: key, en: key, nl: key }, keywords: { de: keywords, en: [], nl: [] }, answers: { de: key, en: key, nl: key }, imageUrl: null, linkUrl: null });
  const answers = [a('parken', ['parken', 'parkplatz*']), a('park', ['park']), a('fest', ['kirmes am buttermarkt', 'buttermarkt'])];
  expect(matchTouristAnswer('Wo finde ich Parkplätze?', answers)?.key).toBe('parken');
  expect(matchTouristAnswer('PARKEN!', answers)?.key).toBe('parken');
  expect(matchTouristAnswer('Ist die Kirmes am Buttermarkt?', answers)?.key).toBe('fest');
  expect(matchTouristAnswer('Der Stadtpark', answers)).toBeNull();
  expect(matchTouristAnswer(`parken ${'x'.repeat(400)}`, answers)).toBeNull();
});

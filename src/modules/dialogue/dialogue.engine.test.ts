/**
 * The pure core, conversation by conversation, without HTTP or a database (decision 8):
 * first contact, consent, the topic toggle loop with paging, keywords, STOP/START, language,
 * stale taps and bad input.
 */
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../channels/channel.js';
import { createTexts } from './catalogue/index.js';
import { FLOW_TTL_MS, MAX_MESSAGES_PER_TURN, type ReportPlugin } from './dialogue.engine.js';
import { bodyOf, Citizen, idsOf, MANY_TOPICS, rowsOf, tap, text, TOWN } from './dialogue.test-kit.js';
import { KEYWORDS } from './text-rules.js';

const YES_DE = 'optin:yes:information-v1-de';

function subscribed(): Citizen {
  const c = new Citizen();
  c.say(text('Hallo'));
  c.say(tap(YES_DE));
  return c;
}

describe('first contact', () => {
  it('a greeting gets the welcome, the privacy link and the opt-in question as buttons; nothing is recorded before yes', () => {
    const c = new Citizen();
    const [welcome, ...rest] = c.say(text('Hallo'));
    expect(rest).toEqual([]);
    expect(welcome?.type).toBe('buttons');
    expect(bodyOf(welcome)).toContain('Stadtbote Kempen');
    expect(bodyOf(welcome)).toContain(TOWN.privacy_url);
    expect(bodyOf(welcome)).toContain('*Eilmeldungen*'); // the urgent topic is named in the consent text
    expect(idsOf(welcome)).toEqual([YES_DE, 'optin:no', 'menu']);
    expect(c.last.commands).toEqual([]);
    expect(c.consents).toEqual([]);
    expect(c.subscriptions).toEqual([]);
    expect(c.state).toMatchObject({ flow: 'consent', step: 'asked' });
  });

  it('"yes" records the consent with its text version and subscribes the preselected urgent topic', () => {
    const c = new Citizen();
    c.say(text('Guten Tag'));
    const [list] = c.say(tap(YES_DE));
    expect(c.last.commands).toEqual([
      { type: 'grant_consent', textVersion: 'information-v1-de', language: 'de', preselected: ['eilmeldungen'], via: 'button' },
      { type: 'subscribe', topic: 'eilmeldungen' },
    ]);
    expect(list?.type).toBe('list');
    expect(rowsOf(list)[0]).toMatchObject({ id: 't-:eilmeldungen', title: '✓ Eilmeldungen' });
    expect(rowsOf(list).at(-1)).toMatchObject({ id: 'tdone', title: 'Fertig' });
  });

  it('"no" records nothing and says how to come back', () => {
    const c = new Citizen();
    c.say(text('Hallo'));
    const [reply] = c.say(tap('optin:no'));
    expect(bodyOf(reply)).toContain('START');
    expect(c.consents).toEqual([]);
    expect(c.state?.flow).toBe('idle');
  });

  it('typed yes / ja / graag answers the consent question in every language', () => {
    for (const [word, country] of [['Ja', 'de'], ['yes', 'en'], ['Ja graag', 'nl']] as const) {
      const c = new Citizen({ countryLanguage: country });
      c.say(text('Hallo'));
      c.say(text(word));
      expect(c.consents).toHaveLength(1);
      expect(c.consents[0]!.version).toBe(`information-v1-${country}`);
    }
  });

  it('the text decides the language where clear, else the country code; unclear cases get a language question', () => {
    const en = new Citizen({ countryLanguage: 'de' });
    expect(en.say(text('Good morning, how are you?'))).toHaveLength(1);
    expect(en.language).toBe('en');
    expect(en.state?.languageSource).toBe('text');

    const nl = new Citizen({ countryLanguage: 'de' });
    nl.say(text('Goedemorgen, ik heb een vraag'));
    expect(nl.language).toBe('nl');

    const de = new Citizen({ countryLanguage: 'de' });
    expect(de.say(text('Hallo'))).toHaveLength(1);
    expect(de.language).toBe('de');

    // +44: the code names none of our languages → English and a language question
    const uk = new Citizen({ countryLanguage: null, language: 'en' });
    const [welcome, question] = uk.say(text('Hallo'));
    expect(bodyOf(welcome)).toContain('Would you like');
    expect(idsOf(question)).toEqual(['lang:de', 'lang:en', 'lang:nl']);

    // the text hints at another language than the number's: ask
    const mixed = new Citizen({ countryLanguage: 'de' });
    const replies = mixed.say(text('Hello'));
    expect(replies).toHaveLength(2);
    expect(idsOf(replies[1])).toEqual(['lang:de', 'lang:en', 'lang:nl']);
  });

  it('choosing a language while the consent question is open asks it again in that language', () => {
    const c = new Citizen({ countryLanguage: null, language: 'en' });
    c.say(text('Hallo'));
    const [done, again] = c.say(tap('lang:nl'));
    expect(bodyOf(done)).toContain('Nederlands');
    expect(idsOf(again)[0]).toBe('optin:yes:information-v1-nl');
    expect(c.last.commands).toEqual([{ type: 'set_language', language: 'nl', source: 'chosen' }]);
    c.say(tap('optin:yes:information-v1-nl'));
    expect(c.consents[0]).toMatchObject({ action: 'granted', version: 'information-v1-nl' });
  });

  it('a report as the first message: the honest answer with the privacy link and the town contact, no subscription offer', () => {
    const reports = [
      text('Die Laterne in der Burgstraße ist aus.'),
      text('There is a big pothole in front of my house'),
      text('De lantaarnpaal bij de kerk is kapot'),
      { type: 'media', media: 'image', mediaId: 'm1', caption: 'Hier' } as const,
      { type: 'location', latitude: 51.36, longitude: 6.41 } as const,
    ];
    for (const content of reports) {
      const c = new Citizen();
      const replies = c.say(content);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.type).toBe('text');
      expect(bodyOf(replies[0])).toContain(TOWN.privacy_url);
      expect(bodyOf(replies[0])).toContain(TOWN.contact_phone);
      expect(c.last.report).toBeTruthy();
      expect(c.state?.flow).toBe('idle');
    }
  });

  it('a keyword as the first message is served, with the privacy link added', () => {
    const c = new Citizen();
    const [menu] = c.say(text('HILFE'));
    expect(menu?.type).toBe('list');
    expect(bodyOf(menu)).toContain(TOWN.privacy_url);
  });

  it('a voice note, a sticker or an unsupported message as the first message still gets the welcome', () => {
    const voice = new Citizen();
    const [hint, welcome] = voice.say({ type: 'media', media: 'audio', mediaId: 'a', voice: true });
    expect(bodyOf(hint)).toContain('Sprachnachrichten');
    expect(bodyOf(welcome)).toContain(TOWN.privacy_url);
    const sticker = new Citizen();
    expect(idsOf(sticker.say({ type: 'media', media: 'sticker', mediaId: 's' })[0])[0]).toBe(YES_DE);
    const poll = new Citizen();
    expect(poll.say({ type: 'unsupported', reason: 'poll' })).toHaveLength(2);
  });
});

describe('topics', () => {
  it('the toggle loop adds and removes with ✓ marks and confirms the current topics', () => {
    const c = subscribed();
    const [afterAdd] = c.say(tap('t+:abfall', 'list'));
    expect(bodyOf(afterAdd)).toContain('✓ Abfallkalender ist dazugekommen');
    expect(rowsOf(afterAdd).find((r) => r.id === 't-:abfall')?.title).toBe('✓ Abfallkalender');
    c.say(tap('t+:veranstaltungen', 'list'));
    expect(c.subscriptions).toEqual(['eilmeldungen', 'abfall', 'veranstaltungen']);
    const [afterRemove] = c.say(tap('t-:eilmeldungen', 'list'));
    expect(rowsOf(afterRemove)[0]).toMatchObject({ id: 't+:eilmeldungen', title: 'Eilmeldungen' });
    const [confirmation] = c.say(tap('tdone', 'list'));
    expect(bodyOf(confirmation)).toContain('Abfallkalender, Veranstaltungen');
    expect(c.state?.flow).toBe('idle');
  });

  it('a tap on an older list does what that list showed; repeating it changes nothing more', () => {
    const c = subscribed();
    c.say(tap('t+:abfall', 'list'));
    c.say(tap('t+:abfall', 'list'));
    expect(c.last.commands).toEqual([]);
    expect(c.subscriptions).toEqual(['eilmeldungen', 'abfall']);
  });

  it('a topic name typed toggles it; FERTIG / DONE / KLAAR end the loop', () => {
    const c = subscribed();
    c.say(text('Abfallkalender'));
    c.say(text('events'));
    expect(c.subscriptions).toEqual(['eilmeldungen', 'abfall', 'veranstaltungen']);
    c.say(text('klaar'));
    expect(c.state?.flow).toBe('idle');
  });

  it('14 topics: pages of at most 10 rows with "more" and "back", every topic reachable', () => {
    const c = new Citizen({ topics: MANY_TOPICS });
    c.say(text('Hallo'));
    const [page1] = c.say(tap(YES_DE));
    const rows1 = rowsOf(page1);
    expect(rows1).toHaveLength(10);
    expect(rows1.map((r) => r.id).slice(-2)).toEqual(['tp:1', 'tdone']);
    const [page2] = c.say(tap('tp:1', 'list'));
    const rows2 = rowsOf(page2);
    expect(rows2[0]?.id).toBe('tp:0');
    expect(rows2.at(-1)?.id).toBe('tdone');
    const seen = new Set([...rows1, ...rows2].map((r) => r.id).filter((id) => id.startsWith('t+:') || id.startsWith('t-:')).map((id) => id.slice(3)));
    expect(seen.size).toBe(14);
    for (const row of [...rows1, ...rows2]) {
      expect([...row.title].length).toBeLessThanOrEqual(24);
      expect([...(row.description ?? '')].length).toBeLessThanOrEqual(72);
    }
    // toggling on page 2 stays on page 2
    const [after] = c.say(tap('t+:extra_6', 'list'));
    expect(rowsOf(after)[0]?.id).toBe('tp:0');
    expect(rowsOf(after).find((r) => r.id === 't-:extra_6')?.title.startsWith('✓ ')).toBe(true);
    expect(page1?.type === 'list' && page1.sections[0]?.title).toBe('Themen 1/2');
  });

  it('THEMEN / TOPICS / ONDERWERPEN show the list with a consent, and ask for consent without one', () => {
    for (const word of ['THEMEN', 'topics', 'Onderwerpen']) {
      const c = subscribed();
      c.say(tap('tdone', 'list'));
      expect(c.say(text(word))[0]?.type).toBe('list');
      const fresh = new Citizen();
      fresh.say(text('Hallo'));
      fresh.say(tap('optin:no'));
      const [question] = fresh.say(text(word));
      expect(idsOf(question)[0]).toBe(YES_DE);
      expect(fresh.subscriptions).toEqual([]);
    }
  });
});

describe('keywords', () => {
  const allWords = Object.values(KEYWORDS).flatMap((byLanguage) => Object.values(byLanguage).flat());
  const variants = (word: string) => [word, word.toLowerCase(), ` ${word[0]}${word.slice(1).toLowerCase()}! `, word.replace('Ü', 'UE').replace('Ö', 'OE'), word.replace('Ü', 'U').replace('Ö', 'O')];

  it('every keyword of the table is recognised in any case, with or without umlauts, whatever the contact’s language', () => {
    for (const language of ['de', 'en', 'nl'] as const) {
      for (const word of allWords) {
        for (const variant of variants(word)) {
          const c = subscribed();
          c.language = language;
          c.say(text(variant));
          const understood = c.last.messages.length > 0 && !bodyOf(c.last.messages[0]).startsWith('Das habe ich');
          expect(understood, `${variant} (${language})`).toBe(true);
        }
      }
    }
  });

  it('STOP (every variant) ends all subscriptions, records the withdrawal, closes an open flow and is confirmed with the case-updates button', () => {
    for (const word of ['STOP', 'stopp', 'Abmelden', 'UNSUBSCRIBE', 'afmelden', 'Stop.']) {
      const c = subscribed();
      c.say(tap('t+:abfall', 'list'));
      const [confirmation] = c.say(text(word));
      expect(c.subscriptions).toEqual([]);
      expect(c.consents.at(-1)).toMatchObject({ action: 'withdrawn', version: 'information-v1-de', detail: { topics: ['eilmeldungen', 'abfall'] } });
      expect(c.state?.flow).toBe('idle');
      expect(idsOf(confirmation)).toEqual(['cases:stop', 'cases:keep']);
      expect(bodyOf(confirmation)).toContain('Auch Rückmeldungen stoppen?');
    }
  });

  it('"also stop updates" stops case updates; START resumes them and re-asks the consent, restoring the earlier topics', () => {
    const c = subscribed();
    c.say(tap('t+:abfall', 'list'));
    c.say(text('STOP'));
    c.say(tap('cases:stop'));
    expect(c.caseUpdatesStopped).toBe(true);
    const [question] = c.say(text('start'));
    expect(c.caseUpdatesStopped).toBe(false);
    expect(bodyOf(question)).toContain('Eilmeldungen, Abfallkalender');
    expect(idsOf(question)[0]).toBe(YES_DE);
    c.say(tap(YES_DE));
    expect(c.subscriptions).toEqual(['eilmeldungen', 'abfall']);
    expect(c.consents.map((x) => x.action)).toEqual(['granted', 'withdrawn', 'granted']);
  });

  it('START with a valid consent shows the topics', () => {
    const c = subscribed();
    c.say(tap('tdone', 'list'));
    expect(c.say(text('Anmelden'))[0]?.type).toBe('list');
    expect(c.last.commands).toEqual([]);
  });

  it('ABBRECHEN / CANCEL / ANNULEREN close an open flow, and say so when nothing is open', () => {
    const c = subscribed();
    expect(bodyOf(c.say(text('abbrechen'))[0])).toContain('Abgebrochen');
    expect(c.state?.flow).toBe('idle');
    expect(bodyOf(c.say(text('CANCEL'))[0])).toContain('nichts offen');
  });

  it('MEINE DATEN and LÖSCHEN say honestly that they come soon, with the town contact', () => {
    for (const [word, expected] of [['Meine Daten', 'Art. 15'], ['my data', 'Art. 15'], ['löschen', 'Art. 17'], ['verwijderen', 'Art. 17']] as const) {
      const c = subscribed();
      const [reply] = c.say(text(word));
      expect(bodyOf(reply)).toContain(expected);
      expect(bodyOf(reply)).toContain(TOWN.contact_phone);
    }
  });

  it('SPRACHE / LANGUAGE / TAAL offer de/en/nl; the choice sticks', () => {
    const c = subscribed();
    c.say(tap('tdone', 'list'));
    expect(idsOf(c.say(text('taal'))[0])).toEqual(['lang:de', 'lang:en', 'lang:nl']);
    expect(bodyOf(c.say(tap('lang:en'))[0])).toContain('English');
    expect(c.language).toBe('en');
    expect(c.state?.languageSource).toBe('chosen');
    expect(bodyOf(c.say(text('CANCEL'))[0])).toContain('nothing open');
  });

  it('the menu reaches every function', () => {
    const c = subscribed();
    const [menu] = c.say(text('Menü'));
    expect(idsOf(menu)).toEqual(['menu:topics', 'menu:report', 'menu:mydata', 'menu:delete', 'menu:language', 'menu:stop', 'menu:privacy', 'menu:contact']);
    for (const id of idsOf(menu)) {
      const d = subscribed();
      const replies = d.say(tap(id, 'list'));
      expect(replies.length, id).toBeGreaterThan(0);
    }
    const fresh = new Citizen();
    fresh.say(text('Hallo'));
    fresh.say(tap('optin:no'));
    expect(idsOf(fresh.say(text('menu'))[0])[0]).toBe('menu:subscribe');
    expect(idsOf(fresh.say(tap('menu:subscribe', 'list'))[0])[0]).toBe(YES_DE);
  });
});

describe('bad input and stale taps', () => {
  it('unknown words get the menu; a report-like text the report answer; thanks a short answer', () => {
    const c = subscribed();
    c.say(tap('tdone', 'list'));
    const [menu] = c.say(text('Wie spät ist es in Tokio'));
    expect(menu?.type).toBe('list');
    expect(bodyOf(menu)).toContain('nicht verstanden');
    expect(bodyOf(c.say(text('Die Ampel am Markt ist kaputt'))[0])).toContain('bald');
    expect(bodyOf(c.say(text('Danke!'))[0])).toContain('Gern geschehen');
  });

  it('stickers, reactions and emoji-only messages are ignored by design; voice and unsupported get an answer', () => {
    const c = subscribed();
    c.say(tap('tdone', 'list'));
    expect(c.say({ type: 'media', media: 'sticker', mediaId: 's' })).toEqual([]);
    expect(c.last.ignored).toBe('sticker');
    expect(c.say({ type: 'reaction', messageId: 'wamid.x', emoji: '👍' })).toEqual([]);
    expect(c.say(text('👍🙏'))).toEqual([]);
    expect(c.last.ignored).toBe('emoji_only');
    expect(bodyOf(c.say({ type: 'media', media: 'audio', mediaId: 'a', voice: true })[0])).toContain('Sprachnachrichten');
    expect(bodyOf(c.say({ type: 'unsupported', reason: 'poll' })[0])).toContain('nicht lesen');
  });

  it('a 4,000-character text is read without echoing it', () => {
    const c = subscribed();
    c.say(tap('tdone', 'list'));
    const long = 'Sehr geehrte Damen und Herren, '.padEnd(4000, 'bla ');
    const replies = c.say(text(long));
    expect(replies).toHaveLength(1);
    expect(bodyOf(replies[0]).length).toBeLessThan(1024);
    expect(c.say(text(`${'Der Gehweg ist kaputt. '.repeat(170)}`))[0]?.type).toBe('text');
  });

  it('unclear text while a question is open re-asks it with a hint (the input is not dropped)', () => {
    const c = new Citizen();
    c.say(text('Hallo'));
    const [again] = c.say(text('Hallo'));
    expect(bodyOf(again)).toContain('Bitte tippen Sie');
    expect(idsOf(again)[0]).toBe(YES_DE);
    c.say(tap(YES_DE));
    const [list] = c.say(text('hmm 🤔'));
    expect(bodyOf(list)).toContain('FERTIG');
  });

  it('stale taps are recognised: an old consent text version, a topic without consent, a page after STOP, an unknown id', () => {
    const c = new Citizen();
    c.say(text('Hallo'));
    const [reask] = c.say(tap('optin:yes:information-v0-de'));
    expect(bodyOf(reask)).toContain('älteren Nachricht');
    expect(c.consents).toEqual([]);

    const s = subscribed();
    s.say(text('STOP'));
    const [consentAgain] = s.say(tap('t+:abfall', 'list'));
    expect(s.subscriptions).toEqual([]);
    expect(idsOf(consentAgain)[0]).toBe(YES_DE);
    expect(bodyOf(s.say(tap('tp:1', 'list'))[0])).toContain('älteren Nachricht');
    expect(bodyOf(s.say(tap('tdone', 'list'))[0])).toContain('älteren Nachricht');

    const u = subscribed();
    u.say(tap('tdone', 'list'));
    const [menu] = u.say(tap('something:from-an-older-version'));
    expect(menu?.type).toBe('list');
    expect(bodyOf(menu)).toContain('älteren Nachricht');
    const [removed] = u.say(tap('t+:no_such_topic', 'list'));
    expect(bodyOf(removed)).toContain('älteren Nachricht');
  });

  it('an old "no" after a yes is stale, not a withdrawal; a second "yes" records nothing new', () => {
    const c = subscribed();
    c.say(tap(YES_DE));
    expect(c.consents).toHaveLength(1);
    const [reply] = c.say(tap('optin:no'));
    expect(bodyOf(reply)).toContain('älteren Nachricht');
    expect(c.consents).toHaveLength(1);
    expect(c.subscriptions).toEqual(['eilmeldungen']);
  });

  it('an open flow expires after 24 hours; the state is idle again', () => {
    const c = new Citizen();
    c.say(text('Hallo'));
    c.now += FLOW_TTL_MS + 1;
    const [reply] = c.say(text('ja'));
    expect(c.consents).toEqual([]);
    expect(reply?.type).toBe('list'); // the menu: "ja" alone means nothing when no question is open
  });

  it('a fuzzed conversation never breaks: at most two messages per turn, the state always readable', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const inputs = [
      text('Hallo'), text('ja'), text('nein'), text('STOP'), text('start'), text('THEMEN'), text('fertig'), text('menü'), text('taal'),
      text('🙂'), text('x'.repeat(4000)), text('Laterne kaputt'), tap(YES_DE), tap('optin:no'), tap('t+:abfall', 'list'), tap('t-:abfall', 'list'),
      tap('tp:1', 'list'), tap('tp:99', 'list'), tap('tdone', 'list'), tap('lang:en'), tap('lang:nl'), tap('lang:de'), tap('cases:stop'), tap('cases:keep'),
      tap('menu'), tap('menu:stop', 'list'), tap('menu:report', 'list'), tap('bogus'), { type: 'reaction', messageId: 'w', emoji: null },
      { type: 'media', media: 'image', mediaId: 'i' }, { type: 'location', latitude: 1, longitude: 2 }, text('ABBRECHEN'),
    ] as const;
    for (let run = 0; run < 20; run++) {
      const c = new Citizen({ topics: run % 2 ? MANY_TOPICS : undefined, countryLanguage: (['de', 'en', 'nl', null] as const)[run % 4] });
      for (let i = 0; i < 60; i++) {
        const messages: OutgoingMessage[] = c.say(inputs[Math.floor(random() * inputs.length)]!);
        expect(messages.length).toBeLessThanOrEqual(MAX_MESSAGES_PER_TURN);
        expect(['idle', 'consent', 'topics']).toContain(c.state?.flow);
        // nothing is subscribed without a granted consent
        if (c.consents.at(-1)?.action !== 'granted') expect(c.subscriptions).toEqual([]);
      }
    }
  });
});

describe('extension points', () => {
  it('staff overrides change a text; an override of the consent text changes its recorded version', () => {
    const texts = createTexts({ de: { 'consent.yes': 'Ja, bitte', 'consent.question': 'Mitteilungen der Stadt {town} mit *{urgent_topic}*? STOP beendet sie.' } });
    const c = new Citizen({ texts });
    const [welcome] = c.say(text('Hallo'));
    expect(welcome?.type === 'buttons' && welcome.buttons[0]?.title).toBe('Ja, bitte');
    const version = texts.consentVersion('de');
    expect(version).toMatch(/^information-v1-de\+[0-9a-f]{12}$/);
    c.say(tap(`optin:yes:${version}`));
    expect(c.consents[0]?.version).toBe(version);
  });

  it('a report flow plugs in as another flow: the report rule starts it instead of the "soon" answer', () => {
    const report: ReportPlugin = {
      name: 'report',
      start(turn) {
        turn.open('report', 'kind');
        turn.send({ type: 'text', text: 'Was möchten Sie melden?' });
      },
      onInput(turn, input) {
        if (input.content.type !== 'text') return false;
        turn.close();
        turn.send({ type: 'text', text: 'Danke, Ihre Nummer: KE-2026-000001' });
        return true;
      },
      prompt: () => ({ type: 'text', text: 'Was möchten Sie melden?' }),
    };
    const c = new Citizen({ engine: { report } });
    const [first] = c.say({ type: 'media', media: 'image', mediaId: 'm' });
    expect(bodyOf(first)).toContain('Was möchten Sie melden?');
    expect(bodyOf(first)).toContain(TOWN.privacy_url);
    expect(c.state?.flow).toBe('report');
    expect(bodyOf(c.say(text('Schaden'))[0])).toContain('KE-2026');
    // STOP cancels an open report draft
    c.say({ type: 'location', latitude: 1, longitude: 2 });
    expect(c.state?.flow).toBe('report');
    c.say(text('STOP'));
    expect(c.state?.flow).toBe('idle');
  });
});

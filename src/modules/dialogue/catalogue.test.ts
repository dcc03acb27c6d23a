/**
 * The catalogues: every key in every language, en/nl not left in German, the same placeholders,
 * and every message built from them accepted by the channel's check (`container.channel.validate`,
 * WhatsApp's limit table) — in every language, with 14 long-named topics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../channels/channel.js';
import { LANGUAGES } from '../../lib/language.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { CATALOGUES, createTexts, DEFAULT_TEXTS, IDENTICAL_ALLOWED, placeholders, usableOverrides, type CatalogueKey } from './catalogue/index.js';
import { IDS, topicPages, View } from './dialogue.views.js';
import { Citizen, MANY_TOPICS, tap, text, TOWN } from './dialogue.test-kit.js';

const keys = Object.keys(CATALOGUES.de) as CatalogueKey[];

describe('catalogues', () => {
  it('have every German key in English and Dutch, and no other keys', () => {
    for (const language of LANGUAGES) {
      const missing = keys.filter((k) => typeof (CATALOGUES[language] as Record<string, unknown>)[k] !== 'string' || CATALOGUES[language][k].trim() === '');
      const extra = Object.keys(CATALOGUES[language]).filter((k) => !(k in CATALOGUES.de));
      expect({ language, missing, extra }).toEqual({ language, missing: [], extra: [] });
    }
  });

  it('have no English or Dutch text identical to the German one (allow-list aside)', () => {
    for (const language of ['en', 'nl'] as const) {
      const same = keys.filter((k) => !IDENTICAL_ALLOWED.has(k) && CATALOGUES[language][k] === CATALOGUES.de[k]);
      expect({ language, same }).toEqual({ language, same: [] });
    }
  });

  it('use the same placeholders in every language', () => {
    for (const key of keys) {
      for (const language of ['en', 'nl'] as const) {
        expect(placeholders(CATALOGUES[language][key]), `${language}.${key}`).toEqual(placeholders(CATALOGUES.de[key]));
      }
    }
  });

  it('take staff overrides only for known keys with the same placeholders', () => {
    const { usable, rejected } = usableOverrides({
      de: { 'consent.yes': 'Ja, bitte', 'report.soon': 'Bald! (kein Kontakt)', 'no.such.key': 'x' },
      en: { 'privacy.line': 'Privacy: {privacy_url}' },
    });
    expect(usable).toEqual({ de: { 'consent.yes': 'Ja, bitte' }, en: { 'privacy.line': 'Privacy: {privacy_url}' } });
    expect(rejected.sort()).toEqual(['de.no.such.key', 'de.report.soon']);
    expect(usableOverrides({ fr: {} }).rejected).toEqual(['*']);
    expect(usableOverrides(undefined)).toEqual({ usable: {}, rejected: [] });
  });
});

describe('every message built from the catalogues passes the channel check', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => {
    await t?.close();
  });

  const check = (label: string, message: OutgoingMessage) => {
    const error = t.container.channel.validate(message);
    expect(error, `${label}: ${error?.details ?? ''}`).toBeNull();
  };

  it('in every language: each text, the welcome, consent, topic pages (14 topics), menu, language, STOP', () => {
    const lots = ['Das ist ein längerer einleitender Satz.', 'Noch einer.'];
    for (const language of LANGUAGES) {
      const view = new View(DEFAULT_TEXTS, language, TOWN);
      for (const key of keys) check(`${language}.${key}`, view.text(key, { topic: 'Baustellen & Gefahren', topics: 'Eilmeldungen, Abfallkalender', page: 2, pages: 2, urgent_topic: 'Eilmeldungen' }));
      check(`${language} welcome`, view.welcome('Eilmeldungen'));
      check(`${language} consent`, view.consentQuestion('Eilmeldungen', [view.t('consent.lead.start'), view.t('consent.lead.resume', { topics: MANY_TOPICS.map((x) => x.names[language]).join(', ') })]));
      check(`${language} language`, view.languageQuestion([view.t('menu.lead.stale')]));
      check(`${language} menu subscribed`, view.menu(true, lots));
      check(`${language} menu`, view.menu(false, [view.t('menu.lead.unknown')]));
      check(`${language} stop`, view.stopConfirmation(false));
      check(`${language} stop (cases stopped)`, view.stopConfirmation(true));
      for (const subscribed of [new Set<string>(), new Set(MANY_TOPICS.map((x) => x.key))]) {
        for (let page = 0; page < topicPages(MANY_TOPICS.length).length; page++) {
          check(`${language} topics page ${page}`, view.topicsList(MANY_TOPICS, subscribed, page, [view.t('topics.lead.added', { topic: MANY_TOPICS[13]!.names[language] })]));
        }
      }
      for (let n = 0; n <= 30; n++) check(`${language} ${n} topics`, view.topicsList(MANY_TOPICS.slice(0, Math.min(n, 14)), new Set(), 0, []));
    }
  });

  it('with a staff override too long for a button, the built-in text is kept by the service (the check notices it)', () => {
    const view = new View(createTexts({ de: { 'consent.yes': 'Ja, ich möchte unbedingt alles bekommen' } }), 'de', TOWN);
    expect(t.container.channel.validate(view.welcome('Eilmeldungen'))?.reason).toBe('limit_exceeded');
  });

  it('in fuzzed conversations in all three languages', () => {
    const inputs = [text('Hallo'), text('STOP'), text('start'), text('themen'), text('menu'), text('taal'), text('Laterne kaputt'), tap(IDS.optInYes('information-v1-de')), tap(IDS.optInYes('information-v1-en')), tap(IDS.optInYes('information-v1-nl')), tap('t+:abfall', 'list'), tap('t+:extra_3', 'list'), tap('tp:1', 'list'), tap('tdone', 'list'), tap('lang:en'), tap('lang:nl'), tap('lang:de'), tap('menu:contact', 'list'), tap('menu:privacy', 'list'), tap('cases:stop'), tap('x')];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const country of ['de', 'en', 'nl', null] as const) {
      const c = new Citizen({ topics: MANY_TOPICS, countryLanguage: country, language: country ?? 'en' });
      for (let i = 0; i < 80; i++) {
        for (const message of c.say(inputs[Math.floor(random() * inputs.length)]!)) check(`${country} turn ${i}`, message);
      }
    }
  });
});

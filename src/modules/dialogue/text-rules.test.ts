/**
 * The documented reading rules (docs/dialogue.md): keywords, the language of a text, and the
 * report rule — with examples in German, English and Dutch.
 */
import { describe, expect, it } from 'vitest';
import { detectLanguage, isEmojiOnly, isGreetingOnly, matchKeyword, matchLanguageName, matchYesNo, readsAsReport } from './text-rules.js';

describe('the report rule: more than a greeting, with words of a problem or an idea', () => {
  const reports: [string, string][] = [
    ['de', 'Die Laterne in der Burgstraße ist aus.'],
    ['de', 'Laterne kaputt'],
    ['de', 'Warum ist die Ampel schon wieder kaputt?'],
    ['de', 'Am Buttermarkt liegt seit Tagen Sperrmüll'],
    ['de', 'Hallo, auf dem Spielplatz an der Hülser Straße ist die Schaukel defekt'],
    ['de', 'Ich hätte eine Idee für den Stadtpark: mehr Bänke'],
    ['de', 'Riesiges Schlagloch auf der Kerkener Straße, gefährlich für Radfahrer!'],
    ['de', 'Der Muelleimer am Bahnhof ist ueberfuellt'],
    ['de', 'Guten Tag, ich möchte eine Beschwerde über den Lärm der Baustelle einreichen.'],
    ['en', 'There is a big pothole in front of my house'],
    ['en', 'The street light on Burgstrasse is not working'],
    ['en', 'Hi! Someone dumped rubbish behind the school'],
    ['en', 'I have an idea for the park'],
    ['en', 'A tree branch is lying on the cycle path near the castle'],
    ['nl', 'De lantaarnpaal bij de kerk is kapot'],
    ['nl', 'Er ligt veel zwerfafval in het park'],
    ['nl', 'Goedemorgen, het stoplicht werkt niet'],
    ['nl', 'Ik heb een idee voor de speeltuin'],
    ['nl', 'Gevaarlijk gat in de stoep bij de markt'],
  ];
  const notReports: [string, string][] = [
    ['de', 'Hallo'],
    ['de', 'Guten Tag!'],
    ['de', 'Hallo, ich habe eine Frage'],
    ['de', 'Wann wird der Müll abgeholt?'],
    ['de', 'Wann holen Sie die gelbe Tonne ab?'],
    ['de', 'Sehr geehrte Damen und Herren'],
    ['de', 'Danke schön'],
    ['en', 'Hello'],
    ['en', 'Good morning, how are you?'],
    ['en', 'When is the next bin collection?'],
    ['en', 'Thank you!'],
    ['nl', 'Hoi'],
    ['nl', 'Goedemiddag, ik heb een vraag'],
    ['nl', 'Wanneer wordt het afval opgehaald?'],
    ['nl', 'Bedankt!'],
    ['-', '👍'],
    ['-', '😀😀😀'],
  ];

  it.each(reports)('reads as a report (%s): %s', (_language, example) => {
    expect(readsAsReport(example)).not.toBeNull();
  });
  it.each(notReports)('does not read as a report (%s): %s', (_language, example) => {
    expect(readsAsReport(example)).toBeNull();
  });

  it('copes with a 4,000-character text quickly', () => {
    const long = 'Sehr geehrte Damen und Herren, ich möchte Ihnen etwas erzählen. '.repeat(70).slice(0, 4000);
    const started = performance.now();
    expect(readsAsReport(long)).toBeNull();
    expect(readsAsReport(`${long} Die Laterne ist kaputt.`)).toBe('problem_words');
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('keywords', () => {
  it('are matched whole, any case, with or without umlauts, surrounding punctuation and emoji ignored', () => {
    expect(matchKeyword('MENÜ')?.keyword).toBe('menu');
    expect(matchKeyword('menue')?.keyword).toBe('menu');
    expect(matchKeyword('Menu')?.keyword).toBe('menu');
    expect(matchKeyword('LOESCHEN')?.keyword).toBe('delete');
    expect(matchKeyword('loschen')?.keyword).toBe('delete');
    expect(matchKeyword('Stop!!')?.keyword).toBe('stop');
    expect(matchKeyword('🛑 stopp')?.keyword).toBe('stop');
    expect(matchKeyword('  Meine   Daten ')?.keyword).toBe('my_data');
    expect(matchKeyword('MIJN GEGEVENS')?.keyword).toBe('my_data');
    expect(matchKeyword('annuleren')?.keyword).toBe('cancel');
  });

  it('are not found inside other text, nor by transcription where no umlaut is meant', () => {
    expect(matchKeyword('Bitte stoppen Sie die Baustelle')).toBeNull();
    expect(matchKeyword('stop the noise please')).toBeNull();
    expect(matchKeyword('stoep')).toBeNull(); // Dutch "pavement", not "stop"
    expect(matchKeyword(`STOP ${'x'.repeat(50)}`)).toBeNull();
  });

  it('yes/no, language names, greetings and emoji-only texts', () => {
    expect(['Ja', 'yes', 'Ja, gerne!', 'ja graag', 'OK'].map(matchYesNo)).toEqual(['yes', 'yes', 'yes', 'yes', 'yes']);
    expect(['Nein', 'no thanks', 'Nee', 'nee bedankt'].map(matchYesNo)).toEqual(['no', 'no', 'no', 'no']);
    expect(matchYesNo('vielleicht')).toBeNull();
    expect(['Deutsch', 'english', 'Nederlands', 'Niederländisch', 'niederlaendisch', 'dutch'].map(matchLanguageName)).toEqual(['de', 'en', 'nl', 'nl', 'nl', 'nl']);
    expect(isGreetingOnly('Moin moin!')).toBe(true);
    expect(isGreetingOnly('Hallo, die Laterne')).toBe(false);
    expect(isEmojiOnly('👍🏻 🙏')).toBe(true);
    expect(isEmojiOnly('👍 ok')).toBe(false);
  });
});

describe('the language of a text', () => {
  it('is clear with two or more words of one language', () => {
    expect(detectLanguage('Guten Tag, die Laterne ist kaputt').clear).toBe('de');
    expect(detectLanguage('Hello, the street light is broken').clear).toBe('en');
    expect(detectLanguage('Goedemorgen, de lantaarnpaal is kapot').clear).toBe('nl');
  });

  it('is left to the number for a single greeting or no words', () => {
    expect(detectLanguage('Hallo')).toEqual({ clear: null, candidates: [] });
    expect(detectLanguage('Hello')).toEqual({ clear: null, candidates: ['en'] });
    expect(detectLanguage('👍').clear).toBeNull();
  });
});

/**
 * How the dialogue reads a citizen's text, without I/O (docs/dialogue.md "Reading text"):
 * keyword matching (any case, with or without umlauts, every keyword accepted in every
 * language), yes/no and greeting words, the language the text is written in where that is
 * clear, and the report rule ("reads as a report").
 */
import type { Language } from '../../lib/language.js';

/**
 * A matching key: lower case, ß → ss, umlauts and other diacritics folded (MENÜ = Menu = menu).
 * Applied to both sides of every comparison; it is a key, not a text to show.
 */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ß/g, 'ss');
}

/**
 * The German transcription folded too (Menue = menu, loeschen = loschen). Used only against
 * list entries written with an umlaut, so "stoep" (Dutch) never becomes "stop".
 */
function germanFold(folded: string): string {
  return folded.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u');
}

const hasUmlaut = (entry: string) => /[äöüÄÖÜ]/.test(entry);

/**
 * A set of words or phrases: an entry ending in `*` matches words starting with it, others match
 * whole words (or, for phrases, the whole key). Entries with an umlaut also match their
 * transcription (ü = ue).
 */
class Words {
  private readonly exact = new Set<string>();
  private readonly prefixes: string[] = [];
  private readonly germanExact = new Set<string>();
  private readonly germanPrefixes: string[] = [];

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const prefix = entry.endsWith('*');
      const key = tokens(prefix ? entry.slice(0, -1) : entry).join(' ');
      if (prefix) this.prefixes.push(key);
      else this.exact.add(key);
      if (hasUmlaut(entry)) {
        if (prefix) this.germanPrefixes.push(germanFold(key));
        else this.germanExact.add(germanFold(key));
      }
    }
  }

  /** Whether a folded word (or a folded key of several words) is in the set. */
  has(key: string): boolean {
    if (this.exact.has(key) || this.prefixes.some((p) => key.startsWith(p))) return true;
    if (this.germanExact.size === 0 && this.germanPrefixes.length === 0) return false;
    const german = germanFold(key);
    return this.germanExact.has(german) || this.germanPrefixes.some((p) => german.startsWith(p));
  }
}

/** Words of a text as folded tokens (letters and digits; apostrophes inside words kept). */
export function tokens(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? [];
}

/** True when a text has no letters or digits (emoji, punctuation, whitespace only). */
export function isEmojiOnly(text: string): boolean {
  return text.trim() !== '' && !/[\p{L}\p{N}]/u.test(text);
}

export type Keyword = 'stop' | 'start' | 'menu' | 'topics' | 'my_data' | 'delete' | 'language' | 'cancel';

/** The keyword table of issue 8; each keyword works whatever the contact's language. */
export const KEYWORDS: Record<Keyword, Record<Language, string[]>> = {
  stop: { de: ['STOP', 'STOPP', 'ABMELDEN'], en: ['STOP', 'UNSUBSCRIBE'], nl: ['STOP', 'AFMELDEN'] },
  start: { de: ['START', 'ANMELDEN'], en: ['START', 'SUBSCRIBE'], nl: ['START', 'AANMELDEN'] },
  menu: { de: ['MENÜ', 'HILFE'], en: ['MENU', 'HELP'], nl: ['MENU', 'HULP'] },
  topics: { de: ['THEMEN'], en: ['TOPICS'], nl: ['ONDERWERPEN'] },
  my_data: { de: ['MEINE DATEN'], en: ['MY DATA'], nl: ['MIJN GEGEVENS'] },
  delete: { de: ['LÖSCHEN'], en: ['DELETE'], nl: ['VERWIJDEREN'] },
  language: { de: ['SPRACHE'], en: ['LANGUAGE'], nl: ['TAAL'] },
  cancel: { de: ['ABBRECHEN'], en: ['CANCEL'], nl: ['ANNULEREN'] },
};

const KEYWORD_BY_KEY = new Map<string, { keyword: Keyword; languages: Language[] }>();
for (const [keyword, byLanguage] of Object.entries(KEYWORDS) as [Keyword, Record<Language, string[]>][]) {
  for (const [language, words] of Object.entries(byLanguage) as [Language, string[]][]) {
    for (const word of words) {
      const keys = [tokens(word).join(' '), ...(hasUmlaut(word) ? [germanFold(tokens(word).join(' '))] : [])];
      for (const key of keys) {
        const entry = KEYWORD_BY_KEY.get(key) ?? { keyword, languages: [] };
        if (!entry.languages.includes(language)) entry.languages.push(language);
        KEYWORD_BY_KEY.set(key, entry);
      }
    }
  }
}
/** Keys that came from an umlaut spelling: only they are looked up by transcription. */
const GERMAN_KEYWORD_KEYS = new Set(
  Object.values(KEYWORDS).flatMap((byLanguage) => byLanguage.de.filter(hasUmlaut).map((w) => germanFold(tokens(w).join(' ')))),
);

/** Texts longer than this are never a keyword (a report that starts with "Stop" stays a report). */
const KEYWORD_MAX_LENGTH = 40;

/**
 * The keyword a whole message is, or null. Case, umlauts (Ü/ue/u), surrounding punctuation,
 * emoji and whitespace do not matter; other words around it do ("Bitte stoppen Sie die Baustelle"
 * is no keyword).
 */
export function matchKeyword(text: string): { keyword: Keyword; languages: Language[] } | null {
  if (text.length > KEYWORD_MAX_LENGTH) return null;
  const key = tokens(text).join(' ');
  const german = germanFold(key);
  return KEYWORD_BY_KEY.get(key) ?? (GERMAN_KEYWORD_KEYS.has(german) ? (KEYWORD_BY_KEY.get(german) ?? null) : null);
}

const keySet = (words: string[]) => new Words(words);

const YES = keySet(['ja', 'yes', 'ja gerne', 'ja bitte', 'yes please', 'ja graag', 'jawohl', 'gerne', 'graag', 'ok', 'okay', 'oke', 'sure', 'y', 'j']);
const NO = keySet(['nein', 'no', 'nee', 'neen', 'nein danke', 'no thanks', 'no thank you', 'nee dank je', 'nee bedankt', 'n']);

/** A typed answer to a yes/no question (in any language), or null. */
export function matchYesNo(text: string): 'yes' | 'no' | null {
  if (text.length > KEYWORD_MAX_LENGTH) return null;
  const key = tokens(text).join(' ');
  if (YES.has(key)) return 'yes';
  if (NO.has(key)) return 'no';
  return null;
}

const DONE = keySet(['fertig', 'done', 'klaar', 'ready', 'finished', 'gereed', 'ende', 'end', 'einde']);

/** "Done" typed while choosing topics. */
export function isDoneWord(text: string): boolean {
  return text.length <= KEYWORD_MAX_LENGTH && DONE.has(tokens(text).join(' '));
}

const LANGUAGE_NAMES: Record<Language, string[]> = {
  de: ['deutsch', 'german', 'duits', 'auf deutsch', 'in german', 'de'],
  en: ['english', 'englisch', 'engels', 'in english', 'auf englisch', 'en'],
  nl: ['nederlands', 'dutch', 'niederländisch', 'holländisch', 'vlaams', 'in het nederlands', 'nl'],
};
const LANGUAGE_NAME_WORDS: Record<Language, Words> = {
  de: new Words(LANGUAGE_NAMES.de),
  en: new Words(LANGUAGE_NAMES.en),
  nl: new Words(LANGUAGE_NAMES.nl),
};

/** A language named by the whole message ("English", "Nederlands", "Deutsch"), or null. */
export function matchLanguageName(text: string): Language | null {
  if (text.length > KEYWORD_MAX_LENGTH) return null;
  const key = tokens(text).join(' ');
  for (const [language, names] of Object.entries(LANGUAGE_NAME_WORDS) as [Language, Words][]) {
    if (names.has(key)) return language;
  }
  return null;
}

/** Greeting and politeness words: a text made only of these is "just a greeting". */
const GREETING_WORDS = new Words(
  [
    // de
    'hallo', 'hallöchen', 'hi', 'hey', 'moin', 'moinsen', 'servus', 'guten', 'gute', 'tag', 'morgen', 'abend', 'nachmittag', 'mittag',
    'gruß', 'grüße', 'gott', 'liebe', 'lieber', 'sehr', 'geehrte', 'geehrter', 'damen', 'und', 'herren', 'stadt', 'danke', 'dankeschön',
    'vielen', 'dank', 'bitte', 'tschüss', 'ciao', 'schönen', 'na', 'wie', 'gehts', 'geht', 's', 'es', 'ihnen', 'dir',
    // en
    'hello', 'hiya', 'good', 'morning', 'afternoon', 'evening', 'day', 'dear', 'sir', 'madam', 'thanks', 'thank', 'you', 'cheers',
    'bye', 'there', 'all', 'how', 'are', 'town', 'council',
    // nl
    'hoi', 'hallo', 'goedemorgen', 'goedemiddag', 'goedenavond', 'goedendag', 'dag', 'beste', 'heren', 'dames', 'en', 'bedankt',
    'dank', 'je', 'wel', 'doei', 'groetjes', 'groeten', 'gaat', 'het', 'met', 'jou', 'u', 'gemeente',
  ],
);

/** True when the text is only a greeting or thanks ("Hallo!", "Guten Tag", "Goedemorgen", "Thanks"). */
export function isGreetingOnly(text: string): boolean {
  const words = tokens(text);
  return words.length > 0 && words.length <= 8 && words.every((w) => GREETING_WORDS.has(w));
}

/**
 * Words typical of one language (greetings, function words, common report words). A text's
 * language is clear when one language scores at least 2 and more than each other: a single
 * "Hello" or "Hallo" leaves the decision to the number.
 */
const LANGUAGE_WORDS: Record<Language, Words> = {
  de: new Words(
    [
      'guten', 'moin', 'servus', 'danke', 'bitte', 'ich', 'ist', 'nicht', 'und', 'der', 'die', 'das', 'ein', 'eine', 'einen',
      'mit', 'auf', 'wir', 'sie', 'es', 'gibt', 'bei', 'uns', 'wann', 'wo', 'warum', 'wie', 'was', 'kann', 'haben', 'habe',
      'hat', 'sind', 'seit', 'straße', 'kaputt', 'defekt', 'frage', 'gerne', 'nein', 'ja', 'auch', 'schon', 'noch', 'dem', 'den', 'im',
      'vor', 'liegt', 'steht', 'müll', 'laterne', 'hier', 'meine', 'mein', 'ihr', 'wurde', 'wird', 'über', 'für', 'zum', 'zur', 'vom',
      'morgen', 'tag', 'abend', 'nachmittag', 'herren', 'damen', 'geehrte', 'liebe', 'tschüss', 'können',
    ],
  ),
  en: new Words(
    [
      'hello', 'good', 'morning', 'evening', 'afternoon', 'thanks', 'thank', 'please', 'the', 'is', 'are', 'i', 'my', 'not',
      'and', 'there', 'this', 'that', 'with', 'on', 'at', 'we', 'you', 'when', 'where', 'why', 'how', 'what', 'can', 'could', 'have',
      'has', 'since', 'street', 'broken', 'question', 'yes', 'no', 'also', 'still', 'of', 'to', 'a', 'an', 'it', 'its', 'it’s',
      'would', 'like', 'dear', 'sir', 'madam', 'rubbish', 'litter', 'pothole', 'light', 'out', 'here', 'for', 'from', 'near', 'be',
      'idea', 'problem', 'been', 'lamp', 'road', 'we', 'our', 'your', 'which', 'who', 'will',
    ],
  ),
  nl: new Words(
    [
      'hoi', 'goedemorgen', 'goedemiddag', 'goedenavond', 'goedendag', 'dag', 'bedankt', 'alstublieft', 'graag', 'ik', 'is', 'niet',
      'en', 'het', 'de', 'een', 'met', 'op', 'wij', 'u', 'jij', 'er', 'bij', 'ons', 'wanneer', 'waar', 'waarom', 'hoe', 'wat',
      'kan', 'kunnen', 'heb', 'hebben', 'heeft', 'zijn', 'sinds', 'straat', 'kapot', 'stuk', 'vraag', 'nee', 'ja', 'ook', 'al', 'nog',
      'van', 'voor', 'ligt', 'staat', 'afval', 'lantaarn', 'lantaarnpaal', 'hier', 'mijn', 'jullie', 'wordt', 'werd', 'over', 'naar',
      'beste', 'heren', 'dames', 'gemeente', 'groeten', 'mvg', 'dank', 'wel', 'gaat', 'weg', 'stoep', 'gat',
    ],
  ),
};

/** The language a text is clearly written in, or the candidates it fits equally (empty: no signal). */
export function detectLanguage(text: string): { clear: Language | null; candidates: Language[] } {
  const words = tokens(text).slice(0, 200);
  const score: Record<Language, number> = { de: 0, en: 0, nl: 0 };
  for (const word of words) {
    for (const language of ['de', 'en', 'nl'] as const) if (LANGUAGE_WORDS[language].has(word)) score[language]++;
  }
  const best = Math.max(score.de, score.en, score.nl);
  if (best === 0) return { clear: null, candidates: [] };
  const candidates = (['de', 'en', 'nl'] as const).filter((l) => score[l] === best);
  return { clear: candidates.length === 1 && best >= 2 ? candidates[0]! : null, candidates };
}

/**
 * The report rule's word lists. An entry ending in `*` matches words starting with it, others
 * match whole words (all folded). "Problem or idea" words make a text a report on their own;
 * "thing" words (what reports are usually about) only in a statement of at least three words —
 * "Wann wird der Müll abgeholt?" is a question, not a report.
 */
const PROBLEM_WORDS = [
  // de
  'kaputt*', 'defekt*', 'beschädig*', 'schaden', 'schäden', 'schlagloch*', 'schlaglöcher', 'loch', 'löcher', 'gefahr', 'gefährlich*',
  'verschmutz*', 'dreck*', 'verstopf*', 'überfüll*', 'übervoll', 'umgestürzt*', 'umgekippt*', 'beschwer*', 'mangel', 'mängel',
  'problem*', 'störung*', 'gestört', 'ausgefallen', 'idee*', 'vorschlag*', 'vorschläge', 'anregung*', 'wunsch', 'lob', 'illegal*',
  'wilde', 'wilder', 'wildes', 'vandal*', 'graffiti*', 'schmiererei*', 'lärm*', 'falschpark*', 'zugeparkt', 'stolperfalle*', 'scherben*',
  'ratten', 'hundekot*', 'überschwemm*', 'abgebrochen', 'abgesackt', 'risse', 'rissig', 'marode*', 'melden', 'meldung*', 'unfall*',
  // en
  'broken', 'damage*', 'pothole*', 'hole', 'holes', 'danger*', 'hazard*', 'unsafe', 'dirty', 'blocked', 'clogged', 'overflow*', 'fallen',
  'complain*', 'problem*', 'issue', 'issues', 'fault*', 'idea*', 'suggest*', 'proposal*', 'praise', 'flytip*', 'tipping', 'dumped',
  'dumping', 'vandal*', 'noise', 'noisy', 'flood*', 'leak*', 'crack*', 'report', 'reporting', 'accident*',
  // nl
  'kapot*', 'stuk', 'beschadigd*', 'schade', 'kuil*', 'gat', 'gaten', 'gevaar*', 'gevaarlijk*', 'vies', 'vieze', 'smerig*',
  'verstopt*', 'overvol*', 'omgevallen*', 'klacht*', 'klagen', 'probleem*', 'problemen', 'storing*', 'idee*', 'voorstel*', 'suggestie*',
  'compliment*', 'dump*', 'gedumpt', 'vandalisme*', 'overlast*', 'lawaai*', 'overstroom*', 'lek', 'lekt', 'lekkage*', 'scheur*',
  'melding*', 'ongeluk*',
];

/** Phrases (whole words, folded) that mark a problem: "geht nicht", "not working", "werkt niet". */
const PROBLEM_PHRASES = [
  'funktioniert nicht', 'geht nicht', 'ist aus', 'sind aus', 'ist dunkel', 'brennt nicht', 'leuchtet nicht', 'liegt rum', 'liegt herum',
  'seit wochen', 'seit tagen', 'es wäre schön', 'könnte man', 'sollte man', 'not working', 'does not work', "doesn't work", 'doesnt work',
  'is out', 'are out', 'lying around', 'for weeks', 'would be nice', 'werkt niet', 'doet het niet', 'is uit', 'ligt er', 'al weken',
  'zou mooi zijn', 'zou fijn zijn',
];

const THING_WORDS = [
  // de
  'müll*', 'abfall*', 'sperrmüll*', 'laterne*', 'straßenlaterne*', 'beleuchtung*', 'ampel*', 'straße*', 'gehweg*', 'bürgersteig*',
  'radweg*', 'spielplatz*', 'spielplätze', 'bank', 'bänke', 'baum', 'bäume', 'ast', 'äste', 'schild*', 'kanal*', 'gully*', 'gulli*',
  'container*', 'parkplatz*', 'brücke*', 'hecke*', 'papierkorb*', 'mülleimer*', 'toilette*', 'brunnen*', 'wasser*', 'baustelle*',
  // en
  'rubbish', 'litter*', 'trash', 'garbage', 'bin', 'bins', 'streetlight*', 'lamp*', 'light', 'lights', 'traffic', 'road*', 'street*',
  'pavement*', 'sidewalk*', 'cycle*', 'playground*', 'bench*', 'tree*', 'branch*', 'sign', 'signs', 'drain*', 'sewer*', 'bridge*',
  'water', 'car', 'cars', 'bike*', 'hedge*', 'toilet*', 'roadworks', 'building site',
  // nl
  'afval*', 'vuilnis*', 'zwerfafval*', 'lantaarn*', 'verlichting*', 'stoplicht*', 'verkeerslicht*', 'straat*', 'stoep*', 'fietspad*',
  'speeltuin*', 'bankje*', 'boom', 'bomen', 'tak', 'takken', 'bord', 'borden', 'riool*', 'put', 'brug*', 'fiets*', 'heg*', 'prullenbak*',
  'wegwerkzaamheden', 'bouwplaats*',
];

const PROBLEM = new Words(PROBLEM_WORDS);
const THINGS = new Words(THING_WORDS);
/** Phrases as word sequences, matched on every run of words of the text. */
const PHRASES = PROBLEM_PHRASES.map((p) => ({ size: tokens(p).length, words: new Words([p]) }));

function hasPhrase(words: string[]): boolean {
  return PHRASES.some(({ size, words: phrase }) => {
    for (let i = 0; i + size <= words.length; i++) if (phrase.has(words.slice(i, i + size).join(' '))) return true;
    return false;
  });
}

const QUESTION_WORDS = new Words([
  // de
  'wann', 'wie', 'wo', 'was', 'warum', 'wer', 'welche', 'welcher', 'gibt', 'kann', 'können', 'hat', 'haben', 'ist',
  // en
  'when', 'how', 'where', 'what', 'why', 'who', 'which', 'can', 'do', 'does', 'is', 'are',
  // nl
  'wanneer', 'hoe', 'waar', 'wat', 'waarom', 'welke', 'kan', 'kunt', 'zijn',
]);

export type ReportReason = 'media' | 'location' | 'problem_words' | 'statement_about_a_thing';

/**
 * The report rule for a text (docs/dialogue.md): more than a greeting, with words of a problem
 * or an idea. Returns why it reads as a report, or null.
 */
export function readsAsReport(text: string): ReportReason | null {
  if (isGreetingOnly(text)) return null;
  const words = tokens(text);
  const content = words.filter((w) => !GREETING_WORDS.has(w));
  if (content.length === 0) return null;
  if (content.some((w) => PROBLEM.has(w)) || hasPhrase(words)) return 'problem_words';
  const question = /\?\s*$/.test(text.trim()) || QUESTION_WORDS.has(content[0] ?? '');
  if (!question && content.length >= 3 && content.some((w) => THINGS.has(w))) return 'statement_about_a_thing';
  return null;
}

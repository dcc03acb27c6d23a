/**
 * Test helpers for the pure core: a town, topics, and an in-memory citizen whose commands are
 * applied the way dialogue.service.ts applies them — conversations without HTTP or a database.
 */
import type { InboundContent, OutgoingMessage } from '../../channels/channel.js';
import type { Language } from '../../lib/language.js';
import { DEFAULT_TEXTS, type Texts } from './catalogue/index.js';
import { decide, IDLE, type Command, type DialogueContext, type DialogueState, type EngineOptions, type TurnResult } from './dialogue.engine.js';
import type { TopicInfo, TownInfo } from './dialogue.views.js';

export const TOWN: TownInfo = {
  name: 'Kempen',
  service_name: 'Stadtbote Kempen',
  privacy_url: 'https://www.kempen.de/datenschutz',
  imprint_url: 'https://www.kempen.de/impressum',
  contact_phone: '+49 2152 917-0',
  contact_email: 'info@kempen.de',
};

const topic = (key: string, de: string, en: string, nl: string, urgent = false): TopicInfo => ({
  key,
  names: { de, en, nl },
  descriptions: { de: `Mitteilungen: ${de}`, en: `Messages: ${en}`, nl: `Berichten: ${nl}` },
  urgent,
});

export const TOPICS: TopicInfo[] = [
  topic('eilmeldungen', 'Eilmeldungen', 'Urgent notices', 'Spoedberichten', true),
  topic('bekanntmachungen', 'Bekanntmachungen', 'Public notices', 'Bekendmakingen'),
  topic('ratsbeschluesse', 'Ratsbeschlüsse', 'Council decisions', 'Raadsbesluiten'),
  topic('abfall', 'Abfallkalender', 'Waste collection', 'Afvalkalender'),
  topic('veranstaltungen', 'Veranstaltungen', 'Events', 'Evenementen'),
  topic('jugend', 'Kinder & Jugend', 'Children & youth', 'Kinderen & jongeren'),
  topic('ausflugstipps', 'Ausflugstipps', 'Tips for outings', 'Uitstaptips'),
  topic('baustellen', 'Baustellen & Gefahren', 'Roadworks & hazards', 'Wegwerkzaamheden & gevaren'),
];

/** 14 topics with long names and descriptions (paging and clipping). */
export const MANY_TOPICS: TopicInfo[] = [
  ...TOPICS,
  ...Array.from({ length: 6 }, (_, i) => ({
    key: `extra_${i + 1}`,
    names: { de: `Stadtteil-Nachrichten Nummer ${i + 1}`, en: `District news number ${i + 1} (long)`, nl: `Wijknieuws nummer ${i + 1} uit de stad` },
    descriptions: { de: 'x'.repeat(100), en: 'y'.repeat(100), nl: 'z'.repeat(100) },
    urgent: false,
  })),
];

export const text = (t: string): InboundContent => ({ type: 'text', text: t });
export const tap = (id: string, source: 'button' | 'list' = 'button'): InboundContent => ({ type: 'choice', source, id, title: id.slice(0, 20) });

/** The body text of any message. */
export function bodyOf(message: OutgoingMessage | undefined): string {
  if (!message) return '';
  return 'text' in message ? message.text : '';
}

export function idsOf(message: OutgoingMessage | undefined): string[] {
  if (!message) return [];
  if (message.type === 'buttons') return message.buttons.map((b) => b.id);
  if (message.type === 'list') return message.sections.flatMap((s) => s.rows.map((r) => r.id));
  return [];
}

export function rowsOf(message: OutgoingMessage | undefined): { id: string; title: string; description?: string }[] {
  return message?.type === 'list' ? message.sections.flatMap((s) => s.rows) : [];
}

/** A citizen and the product's records of them, kept in memory. */
export class Citizen {
  state: DialogueState | null = null;
  language: Language;
  subscriptions: string[] = [];
  consents: { action: 'granted' | 'withdrawn'; version: string; detail: Record<string, unknown> }[] = [];
  caseUpdatesStopped = false;
  now = Date.UTC(2026, 0, 5, 9);
  last!: TurnResult;

  constructor(
    readonly options: {
      countryLanguage?: Language | null;
      language?: Language;
      topics?: TopicInfo[];
      texts?: Texts;
      engine?: EngineOptions;
    } = {},
  ) {
    this.language = options.language ?? options.countryLanguage ?? 'de';
  }

  get topics(): TopicInfo[] {
    return this.options.topics ?? TOPICS;
  }

  context(): DialogueContext {
    const latest = this.consents.at(-1);
    return {
      now: this.now,
      firstContact: this.state === null,
      language: this.language,
      countryLanguage: this.options.countryLanguage === undefined ? 'de' : this.options.countryLanguage,
      town: TOWN,
      topics: this.topics,
      subscriptions: [...this.subscriptions],
      consent: {
        granted: latest?.action === 'granted',
        version: latest?.action === 'granted' ? latest.version : null,
        resumeTopics: latest?.action === 'withdrawn' ? ((latest.detail.topics as string[] | undefined) ?? []) : [],
      },
      caseUpdatesStopped: this.caseUpdatesStopped,
      texts: this.options.texts ?? DEFAULT_TEXTS,
    };
  }

  /** Sends one message; applies the commands; returns the replies. */
  say(content: InboundContent): OutgoingMessage[] {
    const state = this.state ?? { ...IDLE, languageSource: 'guess' as const };
    this.last = decide(state, { content, at: this.now }, this.context(), this.options.engine);
    for (const command of this.last.commands) this.apply(command);
    this.state = this.last.state;
    this.now += 1_000;
    return this.last.messages;
  }

  private apply(command: Command): void {
    switch (command.type) {
      case 'set_language':
        this.language = command.language;
        break;
      case 'grant_consent':
        this.consents.push({ action: 'granted', version: command.textVersion, detail: { preselected: command.preselected } });
        break;
      case 'withdraw_consent':
        this.consents.push({ action: 'withdrawn', version: command.textVersion, detail: { topics: command.topics } });
        break;
      case 'subscribe':
        if (!this.subscriptions.includes(command.topic)) this.subscriptions.push(command.topic);
        break;
      case 'unsubscribe':
        this.subscriptions = this.subscriptions.filter((t) => t !== command.topic);
        break;
      case 'unsubscribe_all':
        this.subscriptions = [];
        break;
      case 'stop_case_updates':
        this.caseUpdatesStopped = true;
        break;
      case 'resume_case_updates':
        this.caseUpdatesStopped = false;
        break;
    }
  }
}

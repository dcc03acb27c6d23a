/**
 * The messages the dialogue sends, built from the catalogues (pure). Interactive ids are
 * self-describing intents (docs/dialogue.md "Choice ids"), so a tap on an old message is either
 * still meaningful (it does what the citizen saw) or recognised as stale.
 */
import type { OutgoingMessage } from '../../channels/channel.js';
import type { Language } from '../../lib/language.js';
import type { CatalogueKey, Texts } from './catalogue/index.js';

export interface TownInfo {
  name: string;
  service_name: string;
  privacy_url: string;
  imprint_url: string;
  contact_phone?: string;
  contact_email?: string;
}

export interface TopicInfo {
  key: string;
  names: Record<Language, string>;
  descriptions: Record<Language, string>;
  urgent: boolean;
}

/** Choice ids (≤ 200 characters; topic keys are ≤ 64). */
export const IDS = {
  optInYes: (version: string) => `optin:yes:${version}`,
  optInNo: 'optin:no',
  menu: 'menu',
  menuItem: (item: MenuItem) => `menu:${item}`,
  topicAdd: (key: string) => `t+:${key}`,
  topicRemove: (key: string) => `t-:${key}`,
  topicPage: (page: number) => `tp:${page}`,
  topicsDone: 'tdone',
  language: (language: Language) => `lang:${language}`,
  casesStop: 'cases:stop',
  casesKeep: 'cases:keep',
} as const;

export const MENU_ITEMS = ['subscribe', 'topics', 'info', 'report', 'write', 'mydata', 'delete', 'language', 'stop', 'privacy', 'contact'] as const;
export type MenuItem = (typeof MENU_ITEMS)[number];

/** WhatsApp's list: at most 10 rows in total (our adapter's limit table). */
export const LIST_ROWS = 10;
const ROW_TITLE = 24;
const ROW_DESCRIPTION = 72;
const INTERACTIVE_BODY = 1024;

/** Cuts a text to `max` code points, ending with "…" when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Texts of one language, with the town's placeholders filled in. */
export class View {
  constructor(
    readonly texts: Texts,
    readonly language: Language,
    readonly town: TownInfo,
  ) {}

  t(key: CatalogueKey, params: Record<string, string | number> = {}): string {
    return this.texts.text(this.language, key, {
      town: this.town.name,
      service: this.town.service_name,
      privacy_url: this.town.privacy_url,
      contact: this.contact(),
      ...params,
    });
  }

  /** How to reach the town: phone and e-mail from the town data, else its imprint page. */
  contact(): string {
    const parts: string[] = [];
    const lang = this.language;
    const raw = (key: CatalogueKey, params: Record<string, string>) => this.texts.text(lang, key, params);
    if (this.town.contact_phone) parts.push(raw('contact.phone', { phone: this.town.contact_phone }));
    if (this.town.contact_email) parts.push(raw('contact.email', { email: this.town.contact_email }));
    if (parts.length === 0) parts.push(raw('contact.web', { url: this.town.imprint_url }));
    return parts.join(', ');
  }

  topicName(topic: TopicInfo): string {
    return topic.names[this.language] || topic.names.de;
  }

  topicList(topics: TopicInfo[], keys: ReadonlySet<string>): string {
    const names = topics.filter((t) => keys.has(t.key)).map((t) => this.topicName(t));
    return names.length > 0 ? names.join(', ') : this.t('topics.none');
  }

  text(key: CatalogueKey, params: Record<string, string | number> = {}): OutgoingMessage {
    return { type: 'text', text: this.t(key, params) };
  }

  privacyLine(): string {
    return this.t('privacy.line');
  }

  /** First contact: welcome, the consent question naming the urgent topic, privacy link, buttons. */
  welcome(urgentTopic: string): OutgoingMessage {
    return {
      type: 'buttons',
      text: body([this.t('welcome.intro'), this.t('consent.question', { urgent_topic: urgentTopic }), this.privacyLine()]),
      footer: this.t('welcome.footer'),
      buttons: this.consentButtons(),
    };
  }

  /** The consent question on its own (START, THEMEN without consent, a re-ask), with privacy link. */
  consentQuestion(urgentTopic: string, leads: string[]): OutgoingMessage {
    return {
      type: 'buttons',
      text: body([...leads, this.t('consent.question', { urgent_topic: urgentTopic }), this.privacyLine()]),
      buttons: this.consentButtons(),
    };
  }

  private consentButtons() {
    return [
      { id: IDS.optInYes(this.texts.consentVersion(this.language)), title: this.t('consent.yes') },
      { id: IDS.optInNo, title: this.t('consent.no') },
      { id: IDS.menu, title: this.t('button.menu') },
    ];
  }

  languageQuestion(leads: string[] = []): OutgoingMessage {
    return {
      type: 'buttons',
      text: body([...leads, this.t('language.question')]),
      buttons: (['de', 'en', 'nl'] as const).map((l) => ({ id: IDS.language(l), title: this.t(`language.${l}`) })),
    };
  }

  /**
   * The topic toggle list: ✓ marks the subscribed topics; a topic row's id says what a tap does
   * (add or remove), so a tap on an older list does what that list showed.
   */
  topicsList(topics: TopicInfo[], subscribed: ReadonlySet<string>, page: number, leads: string[]): OutgoingMessage {
    const pages = topicPages(topics.length);
    const index = Math.min(Math.max(page, 0), pages.length - 1);
    const range = pages[index] ?? { start: 0, end: 0 };
    const rows: { id: string; title: string; description?: string }[] = [];
    const pageDescription = (n: number) => this.t('topics.page.description', { page: n + 1, pages: pages.length });
    if (index > 0) rows.push({ id: IDS.topicPage(index - 1), title: clip(this.t('topics.back.title'), ROW_TITLE), description: clip(pageDescription(index - 1), ROW_DESCRIPTION) });
    for (const topic of topics.slice(range.start, range.end)) {
      const on = subscribed.has(topic.key);
      rows.push({
        id: on ? IDS.topicRemove(topic.key) : IDS.topicAdd(topic.key),
        title: clip(`${on ? '✓ ' : ''}${this.topicName(topic)}`, ROW_TITLE),
        ...(topic.descriptions[this.language] ? { description: clip(topic.descriptions[this.language], ROW_DESCRIPTION) } : {}),
      });
    }
    if (index < pages.length - 1) rows.push({ id: IDS.topicPage(index + 1), title: clip(this.t('topics.more.title'), ROW_TITLE), description: clip(pageDescription(index + 1), ROW_DESCRIPTION) });
    rows.push({ id: IDS.topicsDone, title: clip(this.t('topics.done.title'), ROW_TITLE), description: clip(this.t('topics.done.description'), ROW_DESCRIPTION) });
    const section = pages.length > 1 ? `${clip(this.t('topics.section'), 24 - 6)} ${index + 1}/${pages.length}` : clip(this.t('topics.section'), 24);
    return {
      type: 'list',
      text: body([...leads, this.t('topics.current', { topics: this.topicList(topics, subscribed) }), this.t('topics.instructions')]),
      button: clip(this.t('topics.button'), 20),
      sections: [{ title: section, rows }],
    };
  }

  /** The menu: every function of the dialogue, as a list. */
  menu(subscribed: boolean, leads: string[], extra: { info?: boolean; write?: boolean } = {}): OutgoingMessage {
    const items: MenuItem[] = [
      subscribed ? 'topics' : 'subscribe',
      ...(extra.info ? (['info'] as const) : []), // tourist answers (issue 9)
      'report',
      ...(extra.write ? (['write'] as const) : []), // "write to us" after an unknown question (issue 9)
      'mydata',
      'delete',
      'language',
      ...(subscribed ? (['stop'] as const) : []),
      'privacy',
      'contact',
    ];
    return {
      type: 'list',
      text: body([...leads, this.t('menu.body')]),
      button: clip(this.t('menu.button'), 20),
      sections: [
        {
          title: clip(this.t('menu.section'), 24),
          rows: items.map((item) => ({
            id: IDS.menuItem(item),
            title: clip(this.t(`menu.${item}.title`), ROW_TITLE),
            description: clip(this.t(`menu.${item}.description`), ROW_DESCRIPTION),
          })),
        },
      ],
    };
  }

  /** STOP's confirmation; asks whether updates on own reports should stop too (unless they are). */
  stopConfirmation(caseUpdatesStopped: boolean): OutgoingMessage {
    if (caseUpdatesStopped) return { type: 'text', text: body([this.t('stop.confirmed'), this.t('stop.cases.already')]) };
    return {
      type: 'buttons',
      text: body([this.t('stop.confirmed'), this.t('stop.cases.question')]),
      buttons: [
        { id: IDS.casesStop, title: this.t('stop.cases.yes') },
        { id: IDS.casesKeep, title: this.t('stop.cases.no') },
      ],
    };
  }
}

/** Paragraphs joined by blank lines, cut to the interactive body limit (1,024) as a last guard. */
function body(parts: string[]): string {
  return clip(parts.filter((p) => p.trim() !== '').join('\n\n'), INTERACTIVE_BODY);
}

/**
 * Splits n topics into list pages of at most 10 rows: every page has "Done"; pages after the
 * first have "back", pages before the last have "more". Up to 9 topics fit one page.
 */
export function topicPages(n: number): { start: number; end: number }[] {
  const pages: { start: number; end: number }[] = [];
  let start = 0;
  do {
    const back = pages.length > 0 ? 1 : 0;
    let capacity = LIST_ROWS - 1 - back;
    if (n - start > capacity) capacity -= 1;
    const end = Math.min(n, start + capacity);
    pages.push({ start, end });
    start = end;
  } while (start < n);
  return pages;
}

/** The page showing the topic at `index`. */
export function pageOf(n: number, index: number): number {
  return Math.max(0, topicPages(n).findIndex((p) => index >= p.start && index < p.end));
}

/**
 * The pure rules of a broadcast (no I/O): the state machine, what a notice may contain, the
 * free-form message each language gets, and the teaser template's parameters (topic, a title of
 * at most 60 characters, a date) with its quick reply "Lesen / Read / Lezen" (decisions D35–D37).
 */
import type { OutgoingMessage } from '../../channels/channel.js';
import type { BroadcastStatus } from '../../db/schema.js';
import { AppError, conflict, invalid } from '../../errors.js';
import { LANGUAGES, type Language } from '../../lib/language.js';
import { CHECKLISTS, teaserKind, type ContentClass } from './content-classes.js';

export const BROADCAST_STATUSES = ['draft', 'submitted', 'returned', 'approved', 'scheduled', 'sending', 'sent', 'cancelled'] as const satisfies readonly BroadcastStatus[];

export type BroadcastAction = 'edit' | 'submit' | 'approve' | 'return' | 'send' | 'cancel';

/** The transition table: from which states each action is allowed. */
export const TRANSITIONS: Record<BroadcastAction, readonly BroadcastStatus[]> = {
  edit: ['draft', 'returned'],
  submit: ['draft', 'returned'],
  approve: ['submitted'],
  return: ['submitted'],
  /** draft/returned only without four-eyes, or an urgent notice sent directly by an approver. */
  send: ['approved', 'draft', 'returned'],
  cancel: ['draft', 'submitted', 'returned', 'approved', 'scheduled', 'sending'],
};

/** The actions allowed from a state (for a 409's `allowed` list and the staff app). */
export function allowedActions(status: BroadcastStatus): BroadcastAction[] {
  return (Object.keys(TRANSITIONS) as BroadcastAction[]).filter((action) => TRANSITIONS[action].includes(status));
}

/** Throws 409 `broadcast/invalid_transition` naming the allowed actions, unless `action` is allowed from `status`. */
export function assertTransition(status: BroadcastStatus, action: BroadcastAction): void {
  if (TRANSITIONS[action].includes(status)) return;
  const code = action === 'send' && ['scheduled', 'sending', 'sent'].includes(status) ? 'broadcast/already_sent' : 'broadcast/invalid_transition';
  const message = code === 'broadcast/already_sent' ? 'This broadcast has already been sent or scheduled' : `A broadcast in status ${status} cannot be ${PAST[action]}`;
  throw conflict(code, message, { status, allowed: allowedActions(status) });
}

const PAST: Record<BroadcastAction, string> = { edit: 'edited', submit: 'submitted', approve: 'approved', return: 'returned', send: 'sent', cancel: 'cancelled' };

/** WhatsApp's text limit; a caption (text with an image or PDF) is at most 1,024. */
export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
export const MAX_TITLE = 60;

export interface Variant {
  title: string;
  text: string;
}

/** Checks the texts of a notice (German and each variant); throws 422 naming the field. */
export function checkTexts(main: Variant, variants: Partial<Record<Language, Variant>>, withMedia: boolean): void {
  const all: [string, Variant][] = [['', main], ...Object.entries(variants).map(([l, v]) => [`language_variants.${l}.`, v] as [string, Variant])];
  for (const [prefix, v] of all) {
    if (v.text.trim().length === 0) throw invalid('broadcast/text_empty', 'The text is empty', `${prefix}text`);
    if (v.text.length > MAX_TEXT) throw invalid('broadcast/text_too_long', `The text has ${v.text.length} characters; WhatsApp allows at most ${MAX_TEXT}`, `${prefix}text`);
    if (withMedia && v.text.length > MAX_CAPTION) {
      throw invalid('broadcast/caption_too_long', `With an image or PDF the text is its caption: at most ${MAX_CAPTION} characters (it has ${v.text.length})`, `${prefix}text`);
    }
    if (v.title.trim().length === 0) throw invalid('broadcast/title_empty', 'The title is empty', `${prefix}title`);
    if (v.title.length > MAX_TITLE) throw invalid('broadcast/title_too_long', `The title has ${v.title.length} characters; at most ${MAX_TITLE} (it travels in the teaser template)`, `${prefix}title`);
    if (/[\n\t]| {5,}/.test(v.title)) throw invalid('broadcast/title_format', 'The title must be one line without tabs or runs of spaces (a template parameter)', `${prefix}title`);
  }
  for (const language of Object.keys(variants)) {
    if (language === 'de' || !(LANGUAGES as readonly string[]).includes(language)) {
      throw invalid('broadcast/unknown_language', `No language variant ${language}: German is the main text, variants are en and nl`, 'language_variants');
    }
  }
}

/** Throws 422 unless every checklist item of the class is confirmed. */
export function checkChecklist(contentClass: ContentClass, confirmed: string[]): void {
  const missing = CHECKLISTS[contentClass].filter((item) => !confirmed.includes(item));
  if (missing.length > 0) {
    throw new AppError('broadcast/checklist_incomplete', `The press-law checklist of this content class is not confirmed: ${missing.join(', ')}`, 422, 'checklist', { missing });
  }
}

/** The variant a contact of `language` gets: theirs, else German. */
export function variantFor(main: Variant, variants: Partial<Record<Language, Variant>>, language: string | null): { language: Language; variant: Variant } {
  const own = language && language !== 'de' ? variants[language as Language] : undefined;
  return own ? { language: language as Language, variant: own } : { language: 'de', variant: main };
}

export interface MediaRef {
  kind: 'image' | 'document';
  channelMediaId: string;
  filename: string;
}

/** The full notice as a free-form message (inside the window): the text, or the media with the text as caption. */
export function freeFormMessage(text: string, media: MediaRef | null): OutgoingMessage {
  if (!media) return { type: 'text', text, previewUrl: /https?:\/\//.test(text) };
  return { type: 'media', media: media.kind, source: { mediaId: media.channelMediaId }, caption: text, ...(media.kind === 'document' ? { filename: media.filename } : {}) };
}

/** The quick-reply payload of a teaser: tapping it asks for the full notice. */
export const teaserPayload = (broadcastId: number) => `notice:${broadcastId}`;

/** The broadcast id a tapped payload asks for, or null. */
export function requestedNotice(payload: string): number | null {
  const match = /^notice:(\d{1,15})$/.exec(payload);
  return match ? Number(match[1]) : null;
}

/** The date parameter of a teaser, in the town's calendar and the language's format. */
export function teaserDate(at: number, language: Language, timeZone: string): string {
  const locale = { de: 'de-DE', en: 'en-GB', nl: 'nl-NL' }[language];
  return new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(at));
}

/** The outbox row's stand-in outside the window: the class's teaser template with topic, title, date and the quick reply. */
export function teaserFallback(o: { broadcastId: number; contentClass: ContentClass; topicNames: string[]; title: string; at: number; language: Language; timeZone: string }): string {
  const topic = o.topicNames.join(', ').slice(0, MAX_TITLE);
  return JSON.stringify({
    params: [topic, o.title, teaserDate(o.at, o.language, o.timeZone)],
    serves: teaserKind(o.contentClass),
    quick_replies: [{ index: 0, payload: teaserPayload(o.broadcastId) }],
  });
}

/** Fills a template body's `{{1}}`… placeholders (the editor's rendering of the teaser). */
export function renderTemplate(body: string, params: string[]): string {
  return body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => params[Number(n) - 1] ?? whole);
}

/**
 * The report flow (issue 11), plugged into the dialogue engine as its `ReportPlugin`. Pure: what
 * needs I/O (the photo checked and stored, a typed address geocoded, open cases nearby, the
 * reference number) is prepared by `report.service.ts` before the turn and read here as facts;
 * filing and following leave the turn as `report` commands, applied in the same transaction.
 *
 * The draft is the flow's state data; the step is always the first thing still missing
 * (kind → category → location → [outside?] → photo → description → summary), so a report that
 * starts with a photo, a pin or a text has that filled in, and a change jumps back to one field.
 */
import type { OutgoingMessage } from '../../channels/channel.js';
import type { CaseKind } from '../../db/schema.js';
import type { DialogueInput, DialogueState, ReportPlugin, Turn } from '../dialogue/dialogue.engine.js';
import { clip } from '../dialogue/dialogue.views.js';
import { matchLanguageName, matchYesNo, tokens } from '../dialogue/text-rules.js';
import type { CatalogueKey } from '../dialogue/catalogue/index.js';
import type { StoredPhoto } from '../cases/photo.store.js';
import { insidePolygon } from './geo.js';

export const MAX_PHOTOS = 5;
export const KINDS: readonly CaseKind[] = ['hint', 'complaint', 'idea', 'praise'];
const FIELDS = ['kind', 'category', 'location', 'photos', 'description'] as const;
type Field = (typeof FIELDS)[number];

export type Step = 'kind' | 'category' | 'location' | 'outside' | 'photo' | 'description' | 'summary' | 'duplicates' | 'edit';

export interface DraftLocation {
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  source: 'pin' | 'geocoded' | 'text' | 'none';
  outside: boolean;
  /** Outside the boundary and the citizen chose to report it anyway. */
  accepted?: boolean;
}

export interface OfferedCase {
  id: number;
  reference: string;
  category: string;
  distance: number;
  /** When it was reported (YYYY-MM-DD); no description: that is another citizen's text. */
  date: string;
}

export interface Draft {
  /** The draft's key: one case per draft, whatever is tapped twice. */
  id: string;
  kind?: CaseKind;
  /** Category key. */
  category?: string;
  location?: DraftLocation;
  photos: StoredPhoto[];
  noPhoto?: boolean;
  description?: string;
  /** The "at most five photos" note was given. */
  limitNoted?: boolean;
  /** The page of a category list longer than ten rows. */
  categoryPage?: number;
  /** Open cases nearby that were offered before filing ("is it this one?"). */
  offered?: OfferedCase[];
}

export interface CategoryFact {
  id: number;
  key: string;
  names: Record<string, string>;
}

/** What the service prepared for this turn. */
export interface ReportFacts {
  categories: CategoryFact[];
  /** The town's boundary as [latitude, longitude] corners; null: no check. */
  boundary: [number, number][] | null;
  draftTtlMs: number;
  /** The input's photo: checked, re-encoded and stored — or why not. */
  photo?: { ok: true; photo: StoredPhoto } | { ok: false; reason: 'not_image' | 'too_large' };
  /** The typed address geocoded (null: no geocoder or no result). */
  geocoded?: { latitude: number; longitude: number; label: string } | null;
  /** Open cases of the draft's category near its location (looked for when the citizen sends). */
  duplicates?: OfferedCase[];
  /** The reference number taken for filing in this turn, with the routing. */
  filing?: { reference: string; deadlineDate: string; department: string };
  /** The case already filed from the draft whose "send" was tapped again. */
  filedCase?: { reference: string };
}

/** The commands this flow leaves for the service. */
export type ReportCommand = { action: 'file'; draft: Draft } | { action: 'follow'; caseId: number; reference: string; photos: StoredPhoto[] };

export const REPORT_IDS = {
  kind: (kind: CaseKind) => `rep:k:${kind}`,
  category: (key: string) => `rep:c:${key}`,
  categoryPage: (page: number) => `rep:cp:${page}`,
  noPhoto: 'rep:nophoto',
  outsideYes: 'rep:out:yes',
  outsideNo: 'rep:out:no',
  send: (draftId: string) => `rep:send:${draftId}`,
  edit: 'rep:edit',
  change: (field: Field) => `rep:ch:${field}`,
  cancel: 'rep:cancel',
  duplicate: (caseId: number) => `rep:dup:${caseId}`,
  duplicateNew: 'rep:dup:new',
} as const;

const EMPTY: ReportFacts = { categories: [], boundary: null, draftTtlMs: 2 * 3600_000 };

// --- words -------------------------------------------------------------------------------------

const phrases = (list: string[]) => new Set(list.map((w) => tokens(w).join(' ')));
const NO_LOCATION = phrases(['kein ort', 'keinen ort', 'ohne ort', 'ohne ortsangabe', 'kein standort', 'no location', 'without location', 'no place', 'geen locatie', 'zonder locatie', 'geen plek']);
const NO_PHOTO = phrases(['ohne foto', 'kein foto', 'keine fotos', 'no photo', 'no photos', 'without photo', 'geen foto', 'zonder foto', 'nein', 'no', 'nee']);
const SEND = phrases(['senden', 'absenden', 'abschicken', 'send', 'submit', 'send it', 'versturen', 'verzenden', 'verstuur']);
const KIND_WORDS: Record<CaseKind, string[]> = {
  hint: ['hinweis', 'schaden', 'problem', 'hint', 'damage', 'probleem', 'schade', 'melding'],
  complaint: ['beschwerde', 'complaint', 'klacht'],
  idea: ['idee', 'vorschlag', 'idea', 'suggestion', 'voorstel'],
  praise: ['lob', 'praise', 'compliment', 'lof'],
};

const is = (set: Set<string>, text: string) => text.length <= 40 && set.has(tokens(text).join(' '));
export const isNoLocation = (text: string) => is(NO_LOCATION, text);
const isSend = (text: string) => is(SEND, text) || matchYesNo(text) === 'yes';

function kindOf(text: string): CaseKind | null {
  if (text.length > 40) return null;
  const words = tokens(text);
  return KINDS.find((k) => KIND_WORDS[k].some((w) => words.includes(w))) ?? null;
}

// --- the draft -----------------------------------------------------------------------------------

/** The draft of a state (the report flow's data), or null. */
export function draftOf(state: Pick<DialogueState, 'flow' | 'data'>): Draft | null {
  if (state.flow !== 'report') return null;
  const draft = state.data.draft as Draft | undefined;
  return draft && typeof draft.id === 'string' && Array.isArray(draft.photos) ? draft : null;
}

/** The first thing still missing. */
export function nextStep(d: Draft): Step {
  if (!d.kind) return 'kind';
  if (!d.category) return 'category';
  if (!d.location) return 'location';
  if (d.location.outside && !d.location.accepted) return 'outside';
  if (d.photos.length === 0 && !d.noPhoto) return 'photo';
  if (!d.description) return 'description';
  return 'summary';
}

/**
 * Whether this input asks to file the draft (the service then looks for duplicates and takes a
 * reference number): "send" on the summary, or "no, a new report" on the duplicates question.
 */
export function fileIntent(state: DialogueState, input: DialogueInput): 'send' | 'new' | null {
  const draft = draftOf(state);
  if (!draft || nextStep(draft) !== 'summary') return null;
  const c = input.content;
  if (c.type === 'choice') {
    if (c.id === REPORT_IDS.send(draft.id) && state.step !== 'duplicates') return 'send';
    if (c.id === REPORT_IDS.duplicateNew && state.step === 'duplicates') return 'new';
    return null;
  }
  if (c.type === 'text' && state.step === 'summary' && isSend(c.text)) return 'send';
  if (c.type === 'text' && state.step === 'duplicates' && matchYesNo(c.text) === 'no') return 'new';
  return null;
}

/** Whether this input is a typed location the service should geocode. */
export function wantsGeocoding(state: DialogueState, input: DialogueInput): string | null {
  const draft = draftOf(state);
  if (!draft || state.step !== 'location' || input.content.type !== 'text') return null;
  const text = input.content.text.trim();
  return text.length === 0 || text.length > 200 || isNoLocation(text) ? null : text;
}

const facts = (turn: Turn): ReportFacts => (turn.ctx.report as ReportFacts | undefined) ?? EMPTY;

function save(turn: Turn, draft: Draft, step: Step): void {
  turn.open('report', step, { draft });
  turn.state = { ...turn.state, expiresAt: turn.ctx.now + facts(turn).draftTtlMs };
}

function advance(turn: Turn, draft: Draft, leads: string[]): void {
  const step = nextStep(draft);
  save(turn, draft, step);
  turn.send(view(turn, draft, step, leads));
}

function addDescription(draft: Draft, text: string): void {
  const clean = text.trim().slice(0, 4000);
  if (clean) draft.description = draft.description ? `${draft.description}\n${clean}`.slice(0, 4000) : clean;
}

function locate(turn: Turn, point: { latitude: number; longitude: number }): boolean {
  const boundary = facts(turn).boundary;
  return boundary !== null && boundary.length >= 3 && !insidePolygon(point, boundary);
}

// --- inputs --------------------------------------------------------------------------------------

/** Takes what a message carries into the draft; returns the lead lines to show. */
function absorb(turn: Turn, draft: Draft, input: DialogueInput, step: Step | null): { leads: string[]; silent: boolean } {
  const c = input.content;
  const t = (key: CatalogueKey, p: Record<string, string | number> = {}) => turn.view.t(key, p);
  if (c.type === 'location') {
    draft.location = { latitude: c.latitude, longitude: c.longitude, address: c.address ?? c.name ?? null, source: 'pin', outside: locate(turn, c) };
    return { leads: step ? [t('report.location.pin')] : [], silent: false };
  }
  if (c.type === 'text') {
    addDescription(draft, c.text);
    return { leads: [], silent: false };
  }
  if (c.type !== 'media') return { leads: [], silent: false };
  if (c.media === 'video') return { leads: [t('report.photo.video')], silent: false };
  const photo = facts(turn).photo;
  if (!photo || !photo.ok) return { leads: [t(photo?.reason === 'too_large' ? 'report.photo.too_large' : 'report.photo.not_image')], silent: false };
  if (draft.photos.some((p) => p.sha256 === photo.photo.sha256)) return { leads: [], silent: true };
  if (draft.photos.length >= MAX_PHOTOS) {
    if (draft.limitNoted) return { leads: [], silent: true };
    draft.limitNoted = true;
    return { leads: [t('report.photo.limit', { max: MAX_PHOTOS })], silent: false };
  }
  draft.photos.push(photo.photo);
  if (c.caption) addDescription(draft, c.caption);
  // More photos sent at once arrive one by one: only the one that answers a question is answered.
  const answers = step === null || step === 'photo' || (step === 'description' && !!c.caption) || step === 'edit';
  return { leads: answers && step !== null ? [t('report.photo.received')] : [], silent: !answers };
}

function onText(turn: Turn, draft: Draft, step: Step, text: string): void {
  const t = (key: CatalogueKey, p: Record<string, string | number> = {}) => turn.view.t(key, p);
  const f = facts(turn);
  switch (step) {
    case 'location': {
      if (isNoLocation(text)) {
        draft.location = { latitude: null, longitude: null, address: null, source: 'none', outside: false };
        return advance(turn, draft, [t('report.location.none')]);
      }
      const address = text.trim().slice(0, 300);
      if (f.geocoded) {
        draft.location = { latitude: f.geocoded.latitude, longitude: f.geocoded.longitude, address, source: 'geocoded', outside: locate(turn, f.geocoded) };
        return advance(turn, draft, [t('report.location.geocoded', { place: clip(f.geocoded.label, 200) })]);
      }
      draft.location = { latitude: null, longitude: null, address, source: 'text', outside: false };
      return advance(turn, draft, [t('report.location.text', { place: clip(address, 200) })]);
    }
    case 'description':
      addDescription(draft, text);
      return advance(turn, draft, []);
    case 'outside': {
      const answer = matchYesNo(text);
      if (answer) return outside(turn, draft, answer === 'yes');
      break;
    }
    case 'summary':
      if (isSend(text)) return send(turn, draft);
      if (matchYesNo(text) === 'no') {
        save(turn, draft, 'edit');
        turn.send(view(turn, draft, 'edit', []));
        return;
      }
      addDescription(draft, text);
      return advance(turn, draft, [t('report.noted')]);
    case 'kind': {
      const kind = kindOf(text);
      if (kind) {
        draft.kind = kind;
        return advance(turn, draft, []);
      }
      break;
    }
    case 'category': {
      const key = tokens(text).join(' ');
      const category = text.length <= 60 ? f.categories.find((c) => Object.values(c.names).some((n) => tokens(n).join(' ') === key)) : undefined;
      if (category) {
        draft.category = category.key;
        return advance(turn, draft, []);
      }
      break;
    }
    case 'photo':
      if (is(NO_PHOTO, text)) {
        draft.noPhoto = true;
        return advance(turn, draft, []);
      }
      break;
    case 'duplicates':
    case 'edit':
      break;
  }
  if (!draft.description) {
    // Text the step does not expect is the description (nothing the citizen writes is lost).
    addDescription(draft, text);
    return advance(turn, draft, [t('report.noted')]);
  }
  save(turn, draft, step);
  turn.send(view(turn, draft, step, [t('report.hint')]));
}

function outside(turn: Turn, draft: Draft, keep: boolean): void {
  if (!draft.location) return advance(turn, draft, []);
  if (keep) draft.location = { ...draft.location, accepted: true };
  else delete draft.location;
  advance(turn, draft, []);
}

function onChoice(turn: Turn, draft: Draft, step: Step, id: string): boolean {
  const [verb, what, arg = ''] = id.split(':');
  if (verb !== 'rep') return false;
  const stale = () => {
    save(turn, draft, step);
    turn.send(view(turn, draft, step, [turn.view.t('report.stale')]));
  };
  switch (what) {
    case 'k':
      if (!(KINDS as readonly string[]).includes(arg)) return (stale(), true);
      draft.kind = arg as CaseKind;
      break;
    case 'c':
      if (!facts(turn).categories.some((c) => c.key === arg)) return (stale(), true);
      draft.category = arg;
      delete draft.categoryPage;
      break;
    case 'cp': {
      // Another page of a long category list (more than ten categories).
      if (step !== 'category' || !/^\d{1,2}$/.test(arg)) return (stale(), true);
      draft.categoryPage = Number(arg);
      save(turn, draft, step);
      turn.send(view(turn, draft, step, []));
      return true;
    }
    case 'nophoto':
      if (draft.photos.length === 0) draft.noPhoto = true;
      break;
    case 'out':
      outside(turn, draft, arg === 'yes');
      return true;
    case 'send':
      if (arg !== draft.id || step === 'duplicates') return (stale(), true);
      send(turn, draft);
      return true;
    case 'edit':
      save(turn, draft, 'edit');
      turn.send(view(turn, draft, 'edit', []));
      return true;
    case 'ch':
      if (arg === 'kind') delete draft.kind;
      else if (arg === 'category') delete draft.category;
      else if (arg === 'location') delete draft.location;
      else if (arg === 'description') delete draft.description;
      else if (arg === 'photos') {
        draft.photos = [];
        draft.noPhoto = false;
        draft.limitNoted = false;
      } else return (stale(), true);
      delete draft.offered;
      break;
    case 'cancel':
      turn.close();
      turn.send(turn.view.text('report.cancelled'));
      return true;
    case 'dup': {
      if (step !== 'duplicates') return (stale(), true);
      if (arg === 'new') {
        send(turn, draft);
        return true;
      }
      const chosen = draft.offered?.find((c) => String(c.id) === arg);
      if (!chosen) return (stale(), true);
      turn.command({ type: 'report', payload: { action: 'follow', caseId: chosen.id, reference: chosen.reference, photos: draft.photos } satisfies ReportCommand });
      finish(turn, turn.view.t('report.followed', { reference: chosen.reference }));
      return true;
    }
    default:
      return (stale(), true);
  }
  advance(turn, draft, []);
  return true;
}

/** "Send": offer open cases nearby once, else file with the reference number the service took. */
function send(turn: Turn, draft: Draft): void {
  if (nextStep(draft) !== 'summary') return advance(turn, draft, []);
  const f = facts(turn);
  if (f.filing) {
    turn.command({ type: 'report', payload: { action: 'file', draft } satisfies ReportCommand });
    const lines = [turn.view.t('report.filed', { reference: f.filing.reference, department: f.filing.department, date: formatDate(f.filing.deadlineDate, turn.language) })];
    if (draft.location?.outside) lines.push(turn.view.t('report.filed.outside'));
    finish(turn, lines.join('\n\n'));
    return;
  }
  if (f.duplicates && f.duplicates.length > 0 && !draft.offered) {
    draft.offered = f.duplicates.slice(0, 9);
    save(turn, draft, 'duplicates');
    turn.send(view(turn, draft, 'duplicates', []));
    return;
  }
  throw new Error('report flow: send without a reference number prepared');
}

/** The answer after filing or following, then the subscription offer (separate consent) unless subscribed. */
function finish(turn: Turn, text: string): void {
  turn.send({ type: 'text', text });
  if (turn.consentGranted) {
    turn.close();
    return;
  }
  turn.open('consent', 'asked', { origin: 'report', preselect: turn.urgentTopic ? [turn.urgentTopic.key] : [] });
  turn.send(turn.view.consentQuestion(turn.urgentName(), [turn.view.t('report.offer')]));
}

/** A calendar date in the citizen's language, e.g. "Freitag, 11. Dezember 2026". */
export function formatDate(date: string, language: string): string {
  const locale = language === 'en' ? 'en-GB' : language === 'nl' ? 'nl-NL' : 'de-DE';
  return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

/**
 * Pages of a category list: up to ten rows on one page; longer lists get nine (first, last) or
 * eight (between) categories per page with "more" and "back" rows.
 */
export function categoryPage(n: number, page: number): { start: number; end: number; back: number | null; more: number | null } {
  if (n <= 10) return { start: 0, end: n, back: null, more: null };
  const pages: { start: number; end: number }[] = [];
  for (let start = 0; start < n; ) {
    const back = pages.length > 0 ? 1 : 0;
    const size = n - start <= 10 - back ? n - start : 9 - back;
    pages.push({ start, end: start + size });
    start += size;
  }
  const index = Math.min(Math.max(page, 0), pages.length - 1);
  return { ...pages[index]!, back: index > 0 ? index - 1 : null, more: index < pages.length - 1 ? index + 1 : null };
}

function shortDate(date: string, language: string): string {
  const locale = language === 'en' ? 'en-GB' : language === 'nl' ? 'nl-NL' : 'de-DE';
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

// --- the messages --------------------------------------------------------------------------------

function categoryName(turn: Turn, key: string | undefined): string {
  const c = facts(turn).categories.find((x) => x.key === key);
  return c ? (c.names[turn.language] ?? c.names.de ?? c.key) : '–';
}

function place(turn: Turn, l: DraftLocation | undefined): string {
  if (!l || l.source === 'none') return turn.view.t('report.place.none');
  const where = l.address ?? turn.view.t('report.place.pin', { coordinates: `${l.latitude?.toFixed(5)}, ${l.longitude?.toFixed(5)}` });
  return l.outside ? `${where} ${turn.view.t('report.place.outside')}` : where;
}

const body = (parts: string[]) => clip(parts.filter((p) => p.trim() !== '').join('\n\n'), 1024);

function view(turn: Turn, draft: Draft, step: Step, leads: string[]): OutgoingMessage {
  const v = turn.view;
  const t = (key: CatalogueKey, p: Record<string, string | number> = {}) => v.t(key, p);
  const list = (text: string, section: string, rows: { id: string; title: string; description?: string }[]): OutgoingMessage => ({
    type: 'list',
    text: body([...leads, text]),
    button: clip(t('report.list.button'), 20),
    sections: [{ title: clip(section, 24), rows: rows.slice(0, 10).map((r) => ({ id: r.id, title: clip(r.title, 24), ...(r.description ? { description: clip(r.description, 72) } : {}) })) }],
  });
  switch (step) {
    case 'kind':
      return list(
        t('report.kind.question'),
        t('report.kind.section'),
        KINDS.map((k) => ({ id: REPORT_IDS.kind(k), title: t(`report.kind.${k}`), description: t(`report.kind.${k}.description`) })),
      );
    case 'category': {
      const all = facts(turn).categories;
      const page = categoryPage(all.length, draft.categoryPage ?? 0);
      const rows = all.slice(page.start, page.end).map((c) => ({ id: REPORT_IDS.category(c.key), title: c.names[turn.language] ?? c.names.de ?? c.key }));
      if (page.back !== null) rows.unshift({ id: REPORT_IDS.categoryPage(page.back), title: t('report.category.back') });
      if (page.more !== null) rows.push({ id: REPORT_IDS.categoryPage(page.more), title: t('report.category.more') });
      return list(t('report.category.question'), t('report.category.section'), rows);
    }
    case 'location':
      return { type: 'location_request', text: body([...leads, t('report.location.question')]) };
    case 'outside':
      return {
        type: 'buttons',
        text: body([...leads, t('report.outside.question')]),
        buttons: [
          { id: REPORT_IDS.outsideYes, title: t('report.outside.yes') },
          { id: REPORT_IDS.outsideNo, title: t('report.outside.no') },
        ],
      };
    case 'photo':
      return { type: 'buttons', text: body([...leads, t('report.photo.question', { max: MAX_PHOTOS })]), buttons: [{ id: REPORT_IDS.noPhoto, title: t('report.photo.none') }] };
    case 'description':
      return { type: 'text', text: body([...leads, t('report.description.question')]) };
    case 'summary':
      return {
        type: 'buttons',
        text: body([
          ...leads,
          t('report.summary', {
            kind: draft.kind ? t(`report.kind.${draft.kind}`) : '–',
            category: categoryName(turn, draft.category),
            place: clip(place(turn, draft.location), 200),
            photos: draft.photos.length,
            description: clip(draft.description ?? '–', 400),
          }),
        ]),
        buttons: [
          { id: REPORT_IDS.send(draft.id), title: t('report.send') },
          { id: REPORT_IDS.edit, title: t('report.edit') },
          { id: REPORT_IDS.cancel, title: t('report.cancel') },
        ],
      };
    case 'duplicates':
      return list(t('report.duplicates.question'), t('report.duplicates.section'), [
        ...(draft.offered ?? []).map((c) => ({ id: REPORT_IDS.duplicate(c.id), title: c.reference, description: t('report.duplicates.row', { category: c.category, distance: c.distance, date: shortDate(c.date, turn.language) }) })),
        { id: REPORT_IDS.duplicateNew, title: t('report.duplicates.new'), description: t('report.duplicates.new.description') },
      ]);
    case 'edit':
      return list(
        t('report.edit.question'),
        t('report.edit.section'),
        FIELDS.map((field) => ({ id: REPORT_IDS.change(field), title: t(`report.edit.${field}`) })),
      );
  }
}

// --- the plugin ----------------------------------------------------------------------------------

const LEADS: Record<string, CatalogueKey> = { media: 'report.lead.photo', location: 'report.lead.location', menu: 'report.lead.menu' };

export const reportFlow: ReportPlugin = {
  name: 'report',

  start(turn, input, reason) {
    const existing = draftOf(turn.state);
    if (existing) {
      advance(turn, existing, [turn.view.t('report.resume')]);
      return;
    }
    const draft: Draft = { id: turn.ctx.now.toString(36), photos: [] };
    const taken = reason === 'menu' ? { leads: [], silent: false } : absorb(turn, draft, input, null);
    // "Thank you for the photo" only for a photo that was taken.
    const lead = reason === 'media' && draft.photos.length === 0 ? 'report.lead.text' : (LEADS[reason] ?? 'report.lead.text');
    advance(turn, draft, [turn.view.t(lead), ...taken.leads]);
  },

  onInput(turn, input) {
    const draft = draftOf(turn.state);
    if (!draft) return false;
    const step = turn.state.step as Step;
    const c = input.content;
    switch (c.type) {
      case 'choice':
        return onChoice(turn, draft, step, c.id);
      case 'text':
        // A language name typed goes to the engine (it switches and re-asks this step).
        if (matchLanguageName(c.text)) return false;
        onText(turn, draft, step, c.text);
        return true;
      case 'location': {
        const { leads } = absorb(turn, draft, input, step);
        delete draft.offered;
        advance(turn, draft, leads);
        return true;
      }
      case 'media': {
        if (c.media === 'sticker') {
          turn.ignored = 'sticker';
          return true;
        }
        if (c.media === 'audio') {
          save(turn, draft, step);
          turn.send(view(turn, draft, step, [turn.view.t('report.description.voice')]));
          return true;
        }
        const { leads, silent } = absorb(turn, draft, input, step);
        if (silent) {
          save(turn, draft, step);
          turn.ignored = 'photo_added';
          return true;
        }
        // A question answered moves on; a note (limit, rejection) shows the current question again.
        const target = step === 'summary' || step === 'duplicates' || step === 'edit' ? step : nextStep(draft);
        save(turn, draft, target);
        turn.send(view(turn, draft, target, leads));
        return true;
      }
      default:
        return false;
    }
  },

  prompt(turn, leads) {
    const draft = draftOf(turn.state);
    if (!draft) return turn.view.menu(turn.consentGranted, leads);
    return view(turn, draft, turn.state.step as Step, leads);
  },

  onStaleChoice(turn, input) {
    if (input.content.type !== 'choice' || !input.content.id.startsWith('rep:')) return false;
    const filed = facts(turn).filedCase;
    turn.send(filed ? turn.view.text('report.already_filed', { reference: filed.reference }) : turn.view.text('report.closed'));
    return true;
  },
};

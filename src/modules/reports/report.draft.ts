/**
 * The report flow's draft (the flow's state data), its steps, choice ids and words, and the facts
 * the service prepares for a turn (report.service.ts). Pure. The step is always the first thing
 * still missing: kind → category → location → [outside?] → photo → description → summary.
 */
import type { CaseKind } from '../../db/schema.js';
import type { DialogueInput, DialogueState, Turn } from '../dialogue/dialogue.engine.js';
import { matchYesNo, tokens } from '../dialogue/text-rules.js';
import type { StoredPhoto } from '../cases/photo.store.js';

export const MAX_PHOTOS = 5;
export const KINDS: readonly CaseKind[] = ['hint', 'complaint', 'idea', 'praise'];
export const FIELDS = ['kind', 'category', 'location', 'photos', 'description'] as const;
export type Field = (typeof FIELDS)[number];

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

export const EMPTY: ReportFacts = { categories: [], boundary: null, draftTtlMs: 2 * 3600_000 };

// --- words -------------------------------------------------------------------------------------

const phrases = (list: string[]) => new Set(list.map((w) => tokens(w).join(' ')));
const NO_LOCATION = phrases(['kein ort', 'keinen ort', 'ohne ort', 'ohne ortsangabe', 'kein standort', 'no location', 'without location', 'no place', 'geen locatie', 'zonder locatie', 'geen plek']);
export const NO_PHOTO = phrases(['ohne foto', 'kein foto', 'keine fotos', 'no photo', 'no photos', 'without photo', 'geen foto', 'zonder foto', 'nein', 'no', 'nee']);
const SEND = phrases(['senden', 'absenden', 'abschicken', 'send', 'submit', 'send it', 'versturen', 'verzenden', 'verstuur']);
const KIND_WORDS: Record<CaseKind, string[]> = {
  hint: ['hinweis', 'schaden', 'problem', 'hint', 'damage', 'probleem', 'schade', 'melding'],
  complaint: ['beschwerde', 'complaint', 'klacht'],
  idea: ['idee', 'vorschlag', 'idea', 'suggestion', 'voorstel'],
  praise: ['lob', 'praise', 'compliment', 'lof'],
};

export const is = (set: Set<string>, text: string) => text.length <= 40 && set.has(tokens(text).join(' '));
export const isNoLocation = (text: string) => is(NO_LOCATION, text);
export const isSend = (text: string) => is(SEND, text) || matchYesNo(text) === 'yes';

export function kindOf(text: string): CaseKind | null {
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

/** The facts the service prepared for this turn. */
export const factsOf = (turn: Turn): ReportFacts => (turn.ctx.report as ReportFacts | undefined) ?? EMPTY;

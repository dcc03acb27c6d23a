/**
 * The report flow (issue 11), plugged into the dialogue engine as its `ReportPlugin`. Pure: what
 * needs I/O (the photo checked and stored, a typed address geocoded, open cases nearby, the
 * reference number) is prepared by `report.service.ts` before the turn and read here as facts;
 * filing and following leave the turn as `report` commands, applied in the same transaction.
 * The draft and its steps: report.draft.ts; the messages: report.views.ts.
 */
import type { CaseKind } from '../../db/schema.js';
import type { DialogueInput, ReportPlugin, Turn } from '../dialogue/dialogue.engine.js';
import { clip } from '../dialogue/dialogue.views.js';
import { matchLanguageName, matchYesNo, tokens } from '../dialogue/text-rules.js';
import type { CatalogueKey } from '../dialogue/catalogue/index.js';
import { insidePolygon } from './geo.js';
import { draftOf, factsOf, is, isNoLocation, isSend, KINDS, kindOf, MAX_PHOTOS, nextStep, NO_PHOTO, type Draft, type ReportCommand, type Step } from './report.draft.js';
import { formatDate, view } from './report.views.js';

function save(turn: Turn, draft: Draft, step: Step): void {
  turn.open('report', step, { draft });
  turn.state = { ...turn.state, expiresAt: turn.ctx.now + factsOf(turn).draftTtlMs };
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
  const boundary = factsOf(turn).boundary;
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
  const photo = factsOf(turn).photo;
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
  const f = factsOf(turn);
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
      if (!factsOf(turn).categories.some((c) => c.key === arg)) return (stale(), true);
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
  const f = factsOf(turn);
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

// --- the plugin ----------------------------------------------------------------------------------

const LEADS: Record<string, CatalogueKey> = { media: 'report.lead.photo', location: 'report.lead.location', menu: 'report.lead.menu' };

export const reportFlow: ReportPlugin = {
  name: 'report',

  start(turn, input, reason, options) {
    const existing = draftOf(turn.state);
    if (existing) {
      advance(turn, existing, [turn.view.t('report.resume')]);
      return;
    }
    // "Write to us" after an unknown question (issue 9) is a hint: the kind is known.
    const draft: Draft = { id: turn.ctx.now.toString(36), photos: [], ...(options?.kind ? { kind: options.kind } : {}) };
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
    const filed = factsOf(turn).filedCase;
    turn.send(filed ? turn.view.text('report.already_filed', { reference: filed.reference }) : turn.view.text('report.closed'));
    return true;
  },
};

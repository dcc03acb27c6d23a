/**
 * The report flow's messages (pure): each step's question as a list, buttons, a location request
 * or a text, with lead lines; dates in the citizen's language; long category lists in pages.
 */
import type { OutgoingMessage } from '../../channels/channel.js';
import type { Turn } from '../dialogue/dialogue.engine.js';
import { clip } from '../dialogue/dialogue.views.js';
import type { CatalogueKey } from '../dialogue/catalogue/index.js';
import { factsOf, FIELDS, KINDS, MAX_PHOTOS, REPORT_IDS, type Draft, type DraftLocation, type Step } from './report.draft.js';

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
  const c = factsOf(turn).categories.find((x) => x.key === key);
  return c ? (c.names[turn.language] ?? c.names.de ?? c.key) : '–';
}

function place(turn: Turn, l: DraftLocation | undefined): string {
  if (!l || l.source === 'none') return turn.view.t('report.place.none');
  const where = l.address ?? turn.view.t('report.place.pin', { coordinates: `${l.latitude?.toFixed(5)}, ${l.longitude?.toFixed(5)}` });
  return l.outside ? `${where} ${turn.view.t('report.place.outside')}` : where;
}

const body = (parts: string[]) => clip(parts.filter((p) => p.trim() !== '').join('\n\n'), 1024);

export function view(turn: Turn, draft: Draft, step: Step, leads: string[]): OutgoingMessage {
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
      const all = factsOf(turn).categories;
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


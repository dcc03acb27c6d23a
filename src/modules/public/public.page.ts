/**
 * `/public` and `/public/cases/{reference}` (issue 14 items 1, 4, 5): how to reach the service
 * (click-to-chat link and its QR code, the web form), the released reports as a list (and a
 * map when MAP_TILE_URL is set — the list works without tiles), the figures per category, the
 * notice archive, the legal links. Only released cases: category, kind, status, dates, place, the
 * public summary staff wrote and the photos staff released (issue 12's release) — never the
 * citizen's text, names, numbers or e-mail addresses.
 */
import type { CategoryRow } from '../../db/schema.js';
import type { Town } from '../town/town.seed.js';
import { escapeHtml, page, type PublicLanguage } from './public.layout.js';
import type { CategoryFigures, PublicCase } from './public.repository.js';

export const STATUS_NAMES: Record<PublicLanguage, Record<string, string>> = {
  de: { new: 'Eingegangen', accepted: 'Angenommen', in_progress: 'In Bearbeitung', resolved: 'Erledigt', rejected: 'Abgelehnt', forwarded: 'Weitergeleitet', duplicate: 'Doppelt gemeldet' },
  en: { new: 'Received', accepted: 'Accepted', in_progress: 'In progress', resolved: 'Resolved', rejected: 'Rejected', forwarded: 'Forwarded', duplicate: 'Duplicate' },
};
export const KIND_NAMES: Record<PublicLanguage, Record<string, string>> = {
  de: { idea: 'Idee', hint: 'Hinweis', complaint: 'Beschwerde', praise: 'Lob' },
  en: { idea: 'Idea', hint: 'Hint', complaint: 'Complaint', praise: 'Praise' },
};

const TEXTS = {
  de: {
    title: 'Ideen, Hinweise und Beschwerden',
    reach: 'So erreichen Sie uns',
    whatsapp: 'Per WhatsApp schreiben',
    qr: 'QR-Code: Mit dem Handy scannen, um den Chat zu öffnen',
    form: 'Ohne WhatsApp: das Webformular',
    released: 'Veröffentlichte Anliegen',
    noneReleased: 'Noch keine veröffentlichten Anliegen.',
    map: 'Karte der veröffentlichten Anliegen',
    figures: 'Zahlen nach Kategorie',
    category: 'Kategorie',
    received: 'Eingegangen',
    resolved: 'Erledigt',
    firstResponse: 'Erste Antwort (Median, Stunden)',
    resolution: 'Erledigung (Median, Stunden)',
    notices: 'Mitteilungen der Stadt (Archiv)',
    noPlace: 'ohne Ortsangabe',
    photo: 'Foto',
    history: 'Verlauf',
    reported: 'Gemeldet',
    place: 'Ort',
    status: 'Status',
    kind: 'Art',
    notFound: 'Dieses Anliegen gibt es nicht oder es ist nicht veröffentlicht.',
    back: 'Alle veröffentlichten Anliegen',
    prefilled: 'Hallo',
  },
  en: {
    title: 'Ideas, hints and complaints',
    reach: 'How to reach us',
    whatsapp: 'Write on WhatsApp',
    qr: 'QR code: scan with your phone to open the chat',
    form: 'Without WhatsApp: the web form',
    released: 'Published reports',
    noneReleased: 'No published reports yet.',
    map: 'Map of the published reports',
    figures: 'Figures by category',
    category: 'Category',
    received: 'Received',
    resolved: 'Resolved',
    firstResponse: 'First response (median, hours)',
    resolution: 'Resolution (median, hours)',
    notices: 'Notices of the town (archive)',
    noPlace: 'no location',
    photo: 'Photo',
    history: 'History',
    reported: 'Reported',
    place: 'Place',
    status: 'Status',
    kind: 'Kind',
    notFound: 'This report does not exist or has not been published.',
    back: 'All published reports',
    prefilled: 'Hello',
  },
};

export const publicTexts = (language: PublicLanguage) => TEXTS[language];

/** `https://wa.me/<digits>?text=<prefilled>` from WHATSAPP_DISPLAY_NUMBER; null without a number. */
export function chatLink(displayNumber: string | null, text: string): string | null {
  const digits = (displayNumber ?? '').replace(/\D/g, '');
  return digits ? `https://wa.me/${digits}?text=${encodeURIComponent(text)}` : null;
}

export const categoryNames = (categories: CategoryRow[], language: PublicLanguage) => new Map(categories.map((c) => [c.id, (JSON.parse(c.names) as Record<string, string>)[language] ?? c.key]));

const dateFormat = (language: PublicLanguage, timeZone: string) => new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', { timeZone, day: 'numeric', month: 'long', year: 'numeric' });
const time = (at: number, f: Intl.DateTimeFormat) => `<time datetime="${new Date(at).toISOString()}">${escapeHtml(f.format(new Date(at)))}</time>`;
const q = (language: PublicLanguage) => (language === 'en' ? '?lang=en' : '');

export function placeOf(c: Pick<PublicCase, 'address' | 'latitude' | 'longitude'>): string | null {
  return c.address ?? (c.latitude !== null && c.longitude !== null ? `${c.latitude.toFixed(4)}, ${c.longitude.toFixed(4)}` : null);
}

export function renderHome(o: { town: Town; language: PublicLanguage; timeZone: string; chat: string | null; qrSvg: string | null; cases: PublicCase[]; categories: CategoryRow[]; figures: CategoryFigures[]; mapTiles: boolean }): string {
  const t = TEXTS[o.language];
  const names = categoryNames(o.categories, o.language);
  const f = dateFormat(o.language, o.timeZone);
  const list = o.cases
    .map(
      (c) => `<li><a href="/public/cases/${encodeURIComponent(c.reference)}${q(o.language)}">${escapeHtml(names.get(c.category_id) ?? '')} · ${escapeHtml(c.reference)}</a>
<p class="meta">${escapeHtml(STATUS_NAMES[o.language][c.status] ?? c.status)} · ${escapeHtml(placeOf(c) ?? t.noPlace)} · ${time(c.created_at, f)}</p>${c.public_summary ? `<p>${escapeHtml(c.public_summary)}</p>` : ''}</li>`,
    )
    .join('\n');
  const points = o.cases.filter((c) => c.latitude !== null).map((c) => ({ r: c.reference, lat: c.latitude, lon: c.longitude, label: `${names.get(c.category_id) ?? ''} · ${STATUS_NAMES[o.language][c.status] ?? c.status}` }));
  const figures = o.figures
    .map((x) => `<tr><th scope="row">${escapeHtml(names.get(x.category_id) ?? '')}</th><td>${x.received}</td><td>${x.resolved}</td><td>${x.median_first_response_hours ?? '–'}</td><td>${x.median_resolution_hours ?? '–'}</td></tr>`)
    .join('');
  const body = `<section aria-labelledby="reach"><h2 id="reach">${escapeHtml(t.reach)}</h2>
<ul>
${o.chat ? `<li><a href="${escapeHtml(o.chat)}" rel="noopener">${escapeHtml(t.whatsapp)}</a>${o.qrSvg ? `<div class="qr" role="img" aria-label="${escapeHtml(t.qr)}">${o.qrSvg}</div>` : ''}</li>` : ''}
<li><a href="/public/report${q(o.language)}">${escapeHtml(t.form)}</a></li>
<li><a href="/public/notices${q(o.language)}">${escapeHtml(t.notices)}</a></li>
</ul></section>
<section aria-labelledby="released"><h2 id="released">${escapeHtml(t.released)}</h2>
${o.mapTiles && points.length > 0 ? `<div id="map" role="region" aria-label="${escapeHtml(t.map)}" data-points="${escapeHtml(JSON.stringify(points))}"></div>` : ''}
${list ? `<ol class="cases">${list}</ol>` : `<p>${escapeHtml(t.noneReleased)}</p>`}
</section>
<section aria-labelledby="figures"><h2 id="figures">${escapeHtml(t.figures)}</h2>
<table><thead><tr><th scope="col">${escapeHtml(t.category)}</th><th scope="col">${escapeHtml(t.received)}</th><th scope="col">${escapeHtml(t.resolved)}</th><th scope="col">${escapeHtml(t.firstResponse)}</th><th scope="col">${escapeHtml(t.resolution)}</th></tr></thead><tbody>${figures}</tbody></table>
</section>`;
  return page({ town: o.town, language: o.language, title: t.title, path: '/public', body, head: o.mapTiles && points.length > 0 ? '<script src="/public/map.js" defer></script>' : '' });
}

export function renderCase(o: { town: Town; language: PublicLanguage; timeZone: string; c: PublicCase; history: { at: number; to_status: string }[]; categories: CategoryRow[]; photoIds: number[] }): string {
  const t = TEXTS[o.language];
  const f = dateFormat(o.language, o.timeZone);
  const name = categoryNames(o.categories, o.language).get(o.c.category_id) ?? '';
  const steps = o.history.map((h) => `<li>${time(h.at, f)}: ${escapeHtml(STATUS_NAMES[o.language][h.to_status] ?? h.to_status)}</li>`).join('');
  // Released photos only (staff chose them, possibly blurred); each opens in full size.
  const photos = o.photoIds.length
    ? `<ul class="photos">${o.photoIds
        .map((id, i) => `<li><a href="/public/photos/${id}"><img src="/public/photos/${id}/thumb" alt="${escapeHtml(`${t.photo} ${i + 1}`)}" width="160" loading="lazy"></a></li>`)
        .join('')}</ul>`
    : '';
  const body = `<dl>
<dt>${escapeHtml(t.category)}</dt><dd>${escapeHtml(name)}</dd>
<dt>${escapeHtml(t.kind)}</dt><dd>${escapeHtml(KIND_NAMES[o.language][o.c.kind] ?? o.c.kind)}</dd>
<dt>${escapeHtml(t.status)}</dt><dd data-status>${escapeHtml(STATUS_NAMES[o.language][o.c.status] ?? o.c.status)}</dd>
<dt>${escapeHtml(t.reported)}</dt><dd>${time(o.c.created_at, f)}</dd>
<dt>${escapeHtml(t.place)}</dt><dd>${escapeHtml(placeOf(o.c) ?? t.noPlace)}</dd>
</dl>
${o.c.public_summary ? `<p class="summary">${escapeHtml(o.c.public_summary)}</p>` : ''}
${photos}
<h2>${escapeHtml(t.history)}</h2>
<ol>${steps}</ol>
<p><a href="/public${q(o.language)}">${escapeHtml(t.back)}</a></p>`;
  return page({ town: o.town, language: o.language, title: `${name} · ${o.c.reference}`, path: `/public/cases/${encodeURIComponent(o.c.reference)}`, body });
}

export function renderNotFound(o: { town: Town; language: PublicLanguage }): string {
  const t = TEXTS[o.language];
  return page({ town: o.town, language: o.language, title: t.title, path: '/public', body: `<p>${escapeHtml(t.notFound)}</p><p><a href="/public${q(o.language)}">${escapeHtml(t.back)}</a></p>` });
}

/** The web form's pages (issue 14): the form, the receipt with the reference number, the e-mail confirmation. */
import type { CategoryRow } from '../../db/schema.js';
import type { Town } from '../town/town.seed.js';
import { escapeHtml, page, type PublicLanguage } from './public.layout.js';
import { MAX_DESCRIPTION, MAX_WEB_PHOTOS } from './webform.service.js';

export const FORM_TEXTS = {
  de: {
    title: 'Anliegen melden',
    intro: 'Melden Sie eine Idee, einen Hinweis, eine Beschwerde oder ein Lob – ohne WhatsApp. Pflichtfelder sind mit * markiert.',
    kind: 'Art *',
    kinds: { idea: 'Idee', hint: 'Hinweis', complaint: 'Beschwerde', praise: 'Lob' },
    category: 'Kategorie *',
    choose: 'Bitte wählen',
    place: 'Ort *',
    placeHint: 'Geben Sie eine Adresse ein oder die Koordinaten des Ortes.',
    pickMap: 'Karte: Tippen Sie auf den Ort, um die Koordinaten zu übernehmen',
    address: 'Adresse oder Ortsbeschreibung',
    latitude: 'Breitengrad',
    longitude: 'Längengrad',
    photos: `Fotos (bis zu ${MAX_WEB_PHOTOS}, je höchstens 5 MB)`,
    photosHint: 'Ortsangaben und andere Metadaten werden aus den Fotos entfernt.',
    description: 'Beschreibung *',
    email: 'E-Mail für Neuigkeiten (freiwillig)',
    emailHint: 'Wir schicken Ihnen zuerst einen Bestätigungslink. Erst nach der Bestätigung erhalten Sie Neuigkeiten zu Ihrem Anliegen.',
    honeypot: 'Dieses Feld bitte leer lassen',
    privacy: 'Hinweise zum Datenschutz',
    submit: 'Anliegen absenden',
    error: 'Das Anliegen wurde nicht gespeichert:',
    thanks: 'Vielen Dank!',
    received: 'Ihr Anliegen ist eingegangen. Ihre Vorgangsnummer:',
    emailSent: 'Wir haben Ihnen einen Link zur Bestätigung Ihrer E-Mail-Adresse geschickt.',
    back: 'Zur Übersicht',
    confirmed: 'Ihre E-Mail-Adresse ist bestätigt. Sie erhalten Neuigkeiten zu Ihrem Anliegen per E-Mail.',
    notConfirmed: 'Dieser Link ist ungültig oder wurde schon verwendet.',
    confirmTitle: 'E-Mail-Adresse bestätigen',
  },
  en: {
    title: 'Report an issue',
    intro: 'Report an idea, a hint, a complaint or praise – without WhatsApp. Required fields are marked with *.',
    kind: 'Kind *',
    kinds: { idea: 'Idea', hint: 'Hint', complaint: 'Complaint', praise: 'Praise' },
    category: 'Category *',
    choose: 'Please choose',
    place: 'Place *',
    placeHint: 'Type an address or the coordinates of the place.',
    pickMap: 'Map: tap the place to take over its coordinates',
    address: 'Address or description of the place',
    latitude: 'Latitude',
    longitude: 'Longitude',
    photos: `Photos (up to ${MAX_WEB_PHOTOS}, at most 5 MB each)`,
    photosHint: 'Location data and other metadata are removed from the photos.',
    description: 'Description *',
    email: 'E-mail for updates (optional)',
    emailHint: 'We first send you a confirmation link. Only after confirming do you get updates on your report.',
    honeypot: 'Please leave this field empty',
    privacy: 'Privacy notice',
    submit: 'Send report',
    error: 'The report was not saved:',
    thanks: 'Thank you!',
    received: 'Your report has arrived. Your reference number:',
    emailSent: 'We have sent you a link to confirm your e-mail address.',
    back: 'Back to the overview',
    confirmed: 'Your e-mail address is confirmed. You will get updates on your report by e-mail.',
    notConfirmed: 'This link is not valid or has been used already.',
    confirmTitle: 'Confirm e-mail address',
  },
};

const categoryName = (c: CategoryRow, language: PublicLanguage) => (JSON.parse(c.names) as Record<string, string>)[language] ?? c.key;

export function renderForm(o: { town: Town; language: PublicLanguage; categories: CategoryRow[]; formToken: string; mailEnabled: boolean; map?: { tiles: string; attribution: string | null; center: { latitude: number; longitude: number } | null }; error?: { message: string; field?: string }; values?: Record<string, string> }): string {
  const t = FORM_TEXTS[o.language];
  const v = (k: string) => escapeHtml(o.values?.[k] ?? '');
  const invalid = (field: string) => (o.error?.field === field ? ' aria-invalid="true" aria-describedby="form-error"' : '');
  const kinds = (Object.keys(t.kinds) as (keyof typeof t.kinds)[])
    .map((k) => `<label class="hint"><input type="radio" name="kind" value="${k}" required${o.values?.kind === k ? ' checked' : ''}> ${escapeHtml(t.kinds[k])}</label>`)
    .join('');
  const options = o.categories.map((c) => `<option value="${escapeHtml(c.key)}"${o.values?.category === c.key ? ' selected' : ''}>${escapeHtml(categoryName(c, o.language))}</option>`).join('');
  const body = `<p>${escapeHtml(t.intro)}</p>
${o.error ? `<p id="form-error" class="error" role="alert">${escapeHtml(t.error)} ${escapeHtml(o.error.message)}</p>` : ''}
<form method="post" action="/public/report" enctype="multipart/form-data">
<input type="hidden" name="form_token" value="${escapeHtml(o.formToken)}">
<input type="hidden" name="language" value="${o.language}">
<fieldset${invalid('kind')}><legend>${escapeHtml(t.kind)}</legend>${kinds}</fieldset>
<label for="category">${escapeHtml(t.category)}</label>
<select id="category" name="category" required${invalid('category')}><option value="">${escapeHtml(t.choose)}</option>${options}</select>
<fieldset><legend>${escapeHtml(t.place)}</legend>
<p class="hint" id="place-hint">${escapeHtml(t.placeHint)}</p>
${o.map ? `<div id="pick-map" role="application" aria-label="${escapeHtml(t.pickMap)}" data-tiles="${escapeHtml(o.map.tiles)}" data-attribution="${escapeHtml(o.map.attribution ?? '')}"${o.map.center ? ` data-lat="${o.map.center.latitude}" data-lon="${o.map.center.longitude}"` : ''}></div>` : ''}
<label for="address">${escapeHtml(t.address)}</label>
<input id="address" name="address" maxlength="300" size="40" autocomplete="street-address" aria-describedby="place-hint" value="${v('address')}"${invalid('address')}>
<label for="latitude">${escapeHtml(t.latitude)}</label>
<input id="latitude" name="latitude" inputmode="decimal" value="${v('latitude')}"${invalid('latitude')}>
<label for="longitude">${escapeHtml(t.longitude)}</label>
<input id="longitude" name="longitude" inputmode="decimal" value="${v('longitude')}">
</fieldset>
<label for="description">${escapeHtml(t.description)}</label>
<textarea id="description" name="description" required maxlength="${MAX_DESCRIPTION}"${invalid('description')}>${v('description')}</textarea>
<label for="photos">${escapeHtml(t.photos)}</label>
<p class="hint" id="photos-hint">${escapeHtml(t.photosHint)}</p>
<input id="photos" name="photos" type="file" accept="image/*" multiple aria-describedby="photos-hint"${invalid('photos')}>
${o.mailEnabled ? `<label for="email">${escapeHtml(t.email)}</label><p class="hint" id="email-hint">${escapeHtml(t.emailHint)}</p><input id="email" name="email" type="email" maxlength="254" size="40" autocomplete="email" aria-describedby="email-hint" value="${v('email')}"${invalid('email')}>` : ''}
<div class="hp" aria-hidden="true"><label for="website">${escapeHtml(t.honeypot)}</label><input id="website" name="website" tabindex="-1" autocomplete="off"></div>
<p><a href="${escapeHtml(o.town.privacy_url)}">${escapeHtml(t.privacy)}</a></p>
<button type="submit">${escapeHtml(t.submit)}</button>
</form>`;
  return page({ town: o.town, language: o.language, title: t.title, path: '/public/report', body, head: o.map ? '<script src="/public/map.js" defer></script>' : '' });
}

export function renderReceipt(o: { town: Town; language: PublicLanguage; reference: string; emailPending: boolean }): string {
  const t = FORM_TEXTS[o.language];
  const body = `<div class="box" role="status"><p>${escapeHtml(t.received)}</p><p><strong data-reference>${escapeHtml(o.reference)}</strong></p>${o.emailPending ? `<p>${escapeHtml(t.emailSent)}</p>` : ''}</div>
<p><a href="/public${o.language === 'en' ? '?lang=en' : ''}">${escapeHtml(t.back)}</a></p>`;
  return page({ town: o.town, language: o.language, title: t.thanks, path: '/public/report', body });
}

export function renderConfirmation(o: { town: Town; language: PublicLanguage; confirmed: boolean }): string {
  const t = FORM_TEXTS[o.language];
  return page({ town: o.town, language: o.language, title: t.confirmTitle, path: '/public', body: `<p role="status">${escapeHtml(o.confirmed ? t.confirmed : t.notConfirmed)}</p>` });
}

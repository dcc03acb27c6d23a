/**
 * The export as the citizen reads it: a chat message (plain text) or a document (HTML,
 * escaped), in the contact's language. Pure.
 */
import type { Language } from '../../lib/language.js';
import type { DataSection, DataValue } from './privacy.registry.js';

const LABELS: Record<string, Record<Language, string>> = {
  phone: { de: 'Nummer', en: 'Number', nl: 'Nummer' },
  user_id: { de: 'WhatsApp-Kennung', en: 'WhatsApp user id', nl: 'WhatsApp-gebruikers-id' },
  name: { de: 'Profilname', en: 'Profile name', nl: 'Profielnaam' },
  username: { de: 'Benutzername', en: 'Username', nl: 'Gebruikersnaam' },
  language: { de: 'Sprache', en: 'Language', nl: 'Taal' },
  created_at: { de: 'Erster Kontakt', en: 'First contact', nl: 'Eerste contact' },
  last_inbound_at: { de: 'Letzte Nachricht', en: 'Last message', nl: 'Laatste bericht' },
  case_updates_stopped_at: { de: 'Rückmeldungen gestoppt', en: 'Updates stopped', nl: 'Updates gestopt' },
  marketing_stopped_at: { de: 'Werbung abbestellt', en: 'Marketing stopped', nl: 'Marketing gestopt' },
  at: { de: 'Zeit', en: 'Time', nl: 'Tijd' },
  since: { de: 'Seit', en: 'Since', nl: 'Sinds' },
  purpose: { de: 'Zweck', en: 'Purpose', nl: 'Doel' },
  action: { de: 'Vorgang', en: 'Action', nl: 'Handeling' },
  text_version: { de: 'Textfassung', en: 'Text version', nl: 'Tekstversie' },
  channel: { de: 'Kanal', en: 'Channel', nl: 'Kanaal' },
  detail: { de: 'Einzelheiten', en: 'Details', nl: 'Details' },
  topic: { de: 'Thema', en: 'Topic', nl: 'Onderwerp' },
  flow: { de: 'Ablauf', en: 'Flow', nl: 'Verloop' },
  step: { de: 'Schritt', en: 'Step', nl: 'Stap' },
  language_source: { de: 'Sprache gewählt durch', en: 'Language set by', nl: 'Taal ingesteld door' },
  updated_at: { de: 'Geändert', en: 'Changed', nl: 'Gewijzigd' },
  type: { de: 'Art', en: 'Type', nl: 'Soort' },
  kind: { de: 'Art', en: 'Kind', nl: 'Soort' },
  state: { de: 'Status', en: 'State', nl: 'Status' },
  text: { de: 'Text', en: 'Text', nl: 'Tekst' },
  stored_events: { de: 'Gespeicherte Zustellmeldungen', en: 'Stored delivery records', nl: 'Opgeslagen bezorgmeldingen' },
  by: { de: 'Durch', en: 'By', nl: 'Door' },
  // cases (issue 12)
  reference: { de: 'Aktenzeichen', en: 'Reference', nl: 'Kenmerk' },
  role: { de: 'Rolle', en: 'Role', nl: 'Rol' },
  status: { de: 'Bearbeitungsstand', en: 'Status', nl: 'Status' },
  category: { de: 'Bereich', en: 'Category', nl: 'Onderwerp' },
  description: { de: 'Beschreibung', en: 'Description', nl: 'Beschrijving' },
  place: { de: 'Ort', en: 'Place', nl: 'Plaats' },
  photos: { de: 'Fotos', en: 'Photos', nl: "Foto's" },
  status_changed_at: { de: 'Stand vom', en: 'Status since', nl: 'Status sinds' },
};

const NONE: Record<Language, string> = { de: '(keine Einträge)', en: '(no entries)', nl: '(geen gegevens)' };
const COUNT: Record<Language, (n: number) => string> = {
  de: (n) => `${n} Nachrichten (die Texte stehen in diesem Chat)`,
  en: (n) => `${n} messages (their texts are in this chat)`,
  nl: (n) => `${n} berichten (de teksten staan in deze chat)`,
};

export function label(field: string, language: Language): string {
  return LABELS[field]?.[language] ?? field;
}

export function formatValue(value: DataValue, timeZone: string, language: Language): string {
  if (value === null) return '–';
  if (typeof value === 'object') {
    return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value.at));
  }
  return String(value);
}

/** The export as plain text (a chat message or the plain part of the document). */
export function renderText(sections: DataSection[], language: Language, timeZone: string): string {
  const out: string[] = [];
  for (const section of sections) {
    out.push(`*${section.title[language]}*`);
    if (section.rows.length === 0) out.push(NONE[language]);
    else if (section.countInChat) {
      out.push(COUNT[language](section.rows.length), '');
      continue;
    }
    for (const row of section.rows) {
      const parts = Object.entries(row)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => `${label(k, language)}: ${formatValue(v, timeZone, language)}`);
      out.push(`• ${parts.join(' · ')}`);
    }
    out.push('');
  }
  return out.join('\n').trim();
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The export as an HTML document (everything escaped), for the one-time link. */
export function renderHtml(sections: DataSection[], language: Language, timeZone: string, heading: string, intro: string): string {
  const parts: string[] = [];
  for (const section of sections) {
    parts.push(`<h2>${escapeHtml(section.title[language])}</h2>`);
    if (section.rows.length === 0) {
      parts.push(`<p>${escapeHtml(NONE[language])}</p>`);
      continue;
    }
    const fields = [...new Set(section.rows.flatMap((r) => Object.keys(r)))];
    parts.push('<table><thead><tr>' + fields.map((f) => `<th scope="col">${escapeHtml(label(f, language))}</th>`).join('') + '</tr></thead><tbody>');
    for (const row of section.rows) parts.push('<tr>' + fields.map((f) => `<td>${escapeHtml(formatValue(row[f] ?? null, timeZone, language))}</td>`).join('') + '</tr>');
    parts.push('</tbody></table>');
  }
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(heading)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1a1a1a}table{border-collapse:collapse;width:100%;margin-bottom:1rem}th,td{border:1px solid #999;padding:.3rem;text-align:left;vertical-align:top;word-break:break-word}</style></head>
<body><main><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(intro)}</p>${parts.join('\n')}</main></body></html>`;
}

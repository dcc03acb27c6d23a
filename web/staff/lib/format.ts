/** Dates and times in the UI language and the town's zone. */
import i18n from '../i18n/index.js';

let ZONE = 'Europe/Berlin';

/** The town's time zone, from `GET /api/session`. */
export function setTimeZone(zone: string): void {
  ZONE = zone;
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: ZONE }).format(new Date(iso));
}

export function formatDate(date: string | null): string {
  if (!date) return '–';
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
}

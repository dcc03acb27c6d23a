/** The main navigation and the settings sections, each with the capability that shows it. */
export interface NavItem {
  path: string;
  /** i18n key of the label. */
  label: string;
  /** Shown when the person holds any of these capabilities. */
  anyOf: string[];
}

export const MAIN_NAV: NavItem[] = [
  { path: '/anliegen', label: 'nav.cases', anyOf: ['cases.read'] },
  { path: '/mitteilungen', label: 'nav.broadcasts', anyOf: ['broadcasts.write', 'broadcasts.approve'] },
  { path: '/abonnenten', label: 'nav.subscribers', anyOf: ['subscribers.counts'] },
  { path: '/auswertung', label: 'nav.dashboard', anyOf: ['dashboard.read'] },
  { path: '/einstellungen', label: 'nav.settings', anyOf: ['topics.read', 'templates.read', 'settings.read', 'tourism.read'] },
  { path: '/protokoll', label: 'nav.audit', anyOf: ['audit.read'] },
];

export const SETTINGS_NAV: NavItem[] = [
  { path: '/einstellungen/themen', label: 'settings.nav.topics', anyOf: ['topics.read'] },
  { path: '/einstellungen/vorlagen', label: 'settings.nav.templates', anyOf: ['templates.read'] },
  { path: '/einstellungen/auskuenfte', label: 'settings.nav.tourist_answers', anyOf: ['tourism.read'] },
  { path: '/einstellungen/kategorien', label: 'settings.nav.categories', anyOf: ['settings.read'] },
  { path: '/einstellungen/fachbereiche', label: 'settings.nav.departments', anyOf: ['settings.read'] },
  { path: '/einstellungen/benutzer', label: 'settings.nav.users', anyOf: ['settings.read'] },
  { path: '/einstellungen/api-tokens', label: 'settings.nav.tokens', anyOf: ['settings.read'] },
  { path: '/einstellungen/feiertage', label: 'settings.nav.holidays', anyOf: ['settings.read'] },
  { path: '/einstellungen/aufbewahrung', label: 'settings.nav.retention', anyOf: ['settings.read'] },
  { path: '/einstellungen/preise', label: 'settings.nav.rate_card', anyOf: ['settings.read'] },
  { path: '/einstellungen/stadt', label: 'settings.nav.town', anyOf: ['settings.read'] },
];

export function visible(items: NavItem[], can: (capability: string) => boolean): NavItem[] {
  return items.filter((item) => item.anyOf.some(can));
}

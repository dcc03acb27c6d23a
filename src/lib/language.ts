/** The languages every text of the product exists in. German is the default. */
export const LANGUAGES = ['de', 'en', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

const BY_CALLING_CODE: [string, Language][] = [
  ['31', 'nl'],
  ['32', 'nl'],
  ['49', 'de'],
  ['43', 'de'],
  ['41', 'de'],
];

const BY_COUNTRY: Record<string, Language> = { NL: 'nl', BE: 'nl', DE: 'de', AT: 'de', CH: 'de', LI: 'de' };

/**
 * A first guess of a contact's language from the number's country code (+31/+32 → nl,
 * +49/+43/+41 → de, else en) or, without a number, the platform's country hint.
 */
export function guessLanguage(hint: { phone?: string | null; countryCode?: string | null }): Language {
  if (hint.phone || hint.countryCode) return countryLanguage(hint) ?? 'en';
  return 'de';
}

/**
 * The language the number's country code (or, without a number, the platform's country hint)
 * names, or null when it names none of ours — the case in which the dialogue asks (issue 8).
 */
export function countryLanguage(hint: { phone?: string | null; countryCode?: string | null }): Language | null {
  if (hint.phone) {
    const digits = hint.phone.replace(/\D/g, '');
    return BY_CALLING_CODE.find(([code]) => digits.startsWith(code))?.[1] ?? null;
  }
  if (hint.countryCode) return BY_COUNTRY[hint.countryCode.toUpperCase()] ?? null;
  return null;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The dialogue's message catalogues (de, en, nl) and staff overrides from the setting
 * `dialogue_texts` (`{"de": {"consent.yes": "Ja, bitte"}, …}`). An override is used only when
 * its key exists and it keeps exactly the default's placeholders; otherwise the default stays
 * (a broken override must never lose the privacy link or a topic name).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../../../lib/language.js';
import { de, type Catalogue, type CatalogueKey } from './de.js';
import { en } from './en.js';
import { nl } from './nl.js';

export type { Catalogue, CatalogueKey } from './de.js';

export const CATALOGUES: Record<Language, Catalogue> = { de, en, nl };

/**
 * The version of the consent text (`consent.question`). Raise it when the wording's meaning
 * changes; a staff override of the consent text adds a hash of the overriding text, so the
 * recorded version always identifies the words the citizen agreed to.
 */
export const CONSENT_VERSION = 'information-v1';

/** Texts that may be the same in German and another language (names of languages, a list of them). */
export const IDENTICAL_ALLOWED: ReadonlySet<CatalogueKey> = new Set<CatalogueKey>(['language.de', 'language.en', 'language.nl', 'menu.language.description']);

/** The setting `dialogue_texts`: per language, texts by key. */
export const dialogueTextsSchema = z.partialRecord(z.enum(LANGUAGES), z.record(z.string(), z.string().min(1).max(1024)));
export type DialogueTextOverrides = z.infer<typeof dialogueTextsSchema>;

export function placeholders(text: string): string[] {
  return [...new Set(text.match(/\{[a-z_]+\}/g) ?? [])].sort();
}

export interface Texts {
  /** The text of `key` in `language` with its placeholders filled. */
  text(language: Language, key: CatalogueKey, params?: Record<string, string | number>): string;
  /** The consent text's version for a language, e.g. `information-v1-de`. */
  consentVersion(language: Language): string;
  /** True when at least one override is in use. */
  readonly overridden: boolean;
}

/** The overrides that are usable (known key, same placeholders as the default), and the rejected keys. */
export function usableOverrides(raw: unknown): { usable: Partial<Record<Language, Partial<Catalogue>>>; rejected: string[] } {
  const parsed = dialogueTextsSchema.safeParse(raw);
  const usable: Partial<Record<Language, Partial<Catalogue>>> = {};
  const rejected: string[] = [];
  if (!parsed.success) return { usable, rejected: raw === undefined || raw === null ? [] : ['*'] };
  for (const language of LANGUAGES) {
    for (const [key, value] of Object.entries(parsed.data[language] ?? {})) {
      const base = (CATALOGUES[language] as Record<string, string>)[key];
      if (base === undefined || placeholders(base).join() !== placeholders(value).join()) {
        rejected.push(`${language}.${key}`);
        continue;
      }
      (usable[language] ??= {})[key as CatalogueKey] = value;
    }
  }
  return { usable, rejected };
}

/** Texts from the catalogues with the usable overrides applied. */
export function createTexts(overrides: Partial<Record<Language, Partial<Catalogue>>> = {}): Texts {
  const overridden = Object.values(overrides).some((o) => o && Object.keys(o).length > 0);
  return {
    overridden,
    text(language, key, params = {}) {
      const template = overrides[language]?.[key] ?? CATALOGUES[language][key];
      return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
    },
    consentVersion(language) {
      const custom = overrides[language]?.['consent.question'];
      const base = `${CONSENT_VERSION}-${language}`;
      return custom === undefined ? base : `${base}+${createHash('sha256').update(custom).digest('hex').slice(0, 12)}`;
    },
  };
}

export const DEFAULT_TEXTS = createTexts();

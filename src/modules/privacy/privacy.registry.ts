/**
 * The personal-data registry (GDPR Art. 15 and 17): every module that stores data about a
 * contact registers a provider here, so that MY DATA shows everything and DELETE erases
 * everything — in the chat and on the subscribers screen alike (docs/decisions.md D30).
 *
 * A provider:
 *  - `collect(trx, contactId)` returns the sections it contributes to the export (may be none);
 *  - `erase(trx, contactId, now)` deletes (or anonymises, e.g. cases kept for the public task)
 *    what it holds about the contact, in the caller's transaction. It must be idempotent: it runs
 *    once at the erasure and once more when the contact row is finally purged.
 *
 * A new module (the cases of issue 11) plugs in with
 *   `registry.register({ name: 'cases', collect: …, erase: … })`
 * in the composition root.
 */
import type { Database } from '../../db/database.js';
import type { Language } from '../../lib/language.js';

/** A value shown in the export: text, a number, a time (epoch ms, shown as a date) or nothing. */
export type DataValue = string | number | boolean | null | { at: number };

export interface DataSection {
  /** Stable key, e.g. `profile`, `consents`, `cases`. */
  key: string;
  /** The section's heading in each language. */
  title: Record<Language, string>;
  /** One record per row; field names are labelled by `privacy.render.ts` (else shown as is). */
  rows: Record<string, DataValue>[];
  /**
   * Shown as a count in the chat message (the rows only in the document), e.g. the town's own
   * messages, which the citizen has in their chat already.
   */
  countInChat?: boolean;
}

export interface PersonalDataProvider {
  /** Unique name, e.g. `contact`, `consents`, `cases`. */
  name: string;
  collect(trx: Database, contactId: number): Promise<DataSection[]>;
  erase(trx: Database, contactId: number, now: number): Promise<void>;
}

export interface PrivacyRegistry {
  register(provider: PersonalDataProvider): void;
  /** Every provider's sections, in registration order. */
  collect(trx: Database, contactId: number): Promise<DataSection[]>;
  /** Every provider's erasure, in reverse registration order (modules built on others go first). */
  erase(trx: Database, contactId: number, now: number): Promise<void>;
  names(): string[];
}

export function createPrivacyRegistry(providers: PersonalDataProvider[] = []): PrivacyRegistry {
  const list: PersonalDataProvider[] = [];
  const registry: PrivacyRegistry = {
    register(provider) {
      if (list.some((p) => p.name === provider.name)) throw new Error(`a personal-data provider named ${provider.name} is registered already`);
      list.push(provider);
    },
    async collect(trx, contactId) {
      const sections: DataSection[] = [];
      for (const provider of list) sections.push(...(await provider.collect(trx, contactId)));
      return sections;
    },
    async erase(trx, contactId, now) {
      for (const provider of [...list].reverse()) await provider.erase(trx, contactId, now);
    },
    names: () => list.map((p) => p.name),
  };
  for (const provider of providers) registry.register(provider);
  return registry;
}

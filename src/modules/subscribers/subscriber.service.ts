/**
 * The subscribers screen (issue 9): figures per topic and over time for admin, editor and
 * approver; look-up by number, consent history, export and erasure on a citizen's written
 * request for the administrator only (decision 17). Every access to personal data is audited
 * (without the number: the entry names the contact's id).
 */
import type { Database } from '../../db/database.js';
import type { ContactRow } from '../../db/schema.js';
import { notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import type { Language } from '../../lib/language.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/principal.js';
import type { DataSection } from '../privacy/privacy.registry.js';
import type { PrivacyService } from '../privacy/privacy.service.js';
import { privacyRepository } from '../privacy/privacy.repository.js';
import { subscriberRepository } from './subscriber.repository.js';

export interface SubscriberStats {
  subscribed_contacts: number;
  topics: { key: string; names: Record<Language, string>; active: boolean; subscribers: number }[];
  /** Per day (town calendar), oldest first: consents given, withdrawn, erasures. */
  days: { date: string; granted: number; withdrawn: number; erased: number }[];
}

export interface SubscriberDetail {
  id: number;
  phone: string | null;
  user_id: string | null;
  name: string | null;
  language: string | null;
  created_at: number;
  last_inbound_at: number | null;
  subscriptions: { key: string; since: number }[];
  consents: { at: number; purpose: string; action: string; text_version: string; channel: string }[];
}

export type SubscriberService = ReturnType<typeof createSubscriberService>;

/** "+49 2152 555-01" → "49215255501" (E.164 digits, as contacts are stored). */
export function phoneDigits(input: string): string {
  return input.replace(/\D/g, '');
}

export function createSubscriberService(deps: { clock: Clock; audit: AuditService; privacy: PrivacyService; timeZone: string }) {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: deps.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

  async function detail(trx: Database, contact: ContactRow): Promise<SubscriberDetail> {
    const subscriptions = await privacyRepository.subscriptions(trx, contact.id);
    const consents = await privacyRepository.consents(trx, contact.id);
    return {
      id: contact.id,
      phone: contact.phone ? `+${contact.phone}` : null,
      user_id: contact.user_id,
      name: contact.name,
      language: contact.language,
      created_at: contact.created_at,
      last_inbound_at: contact.last_inbound_at,
      subscriptions: subscriptions.map((s) => ({ key: s.key, since: s.created_at })),
      consents: consents.map((c) => ({ at: c.at, purpose: c.purpose, action: c.action, text_version: c.text_version, channel: c.channel })),
    };
  }

  async function contactOrThrow(trx: Database, id: number): Promise<ContactRow> {
    const contact = await subscriberRepository.findById(trx, id);
    if (!contact) throw notFound('subscriber/not_found', 'No contact with this id');
    return contact;
  }

  return {
    async stats(db: Database, days: number): Promise<SubscriberStats> {
      const now = deps.clock.now().getTime();
      const since = now - days * 86_400_000;
      const rows = await subscriberRepository.countsPerTopic(db);
      const buckets = new Map<string, { date: string; granted: number; withdrawn: number; erased: number }>();
      for (let i = days - 1; i >= 0; i--) {
        const date = day.format(new Date(now - i * 86_400_000));
        buckets.set(date, { date, granted: 0, withdrawn: 0, erased: 0 });
      }
      for (const e of await subscriberRepository.consentEventsSince(db, since)) {
        const b = buckets.get(day.format(new Date(e.at)));
        if (b) b[e.action === 'granted' ? 'granted' : 'withdrawn']++;
      }
      for (const e of await subscriberRepository.erasuresSince(db, since)) {
        const b = buckets.get(day.format(new Date(e.at)));
        if (b) b.erased++;
      }
      return {
        subscribed_contacts: await subscriberRepository.subscribedContacts(db),
        topics: rows.map((r) => ({ key: r.key, names: JSON.parse(r.names) as Record<Language, string>, active: r.active === 1, subscribers: Number(r.subscribers) })),
        days: [...buckets.values()],
      };
    },

    /** Look-up by number; audited (found or not), the number itself is not written to the log. */
    async lookup(db: Database, ctx: RequestContext, phone: string): Promise<SubscriberDetail | null> {
      return db.transaction().execute(async (trx) => {
        const contact = await subscriberRepository.findByPhone(trx, phoneDigits(phone));
        await deps.audit.record(trx, { ctx, action: 'personal_data.view', subject_type: 'contact', ...(contact ? { subject_id: contact.id } : {}), detail: { via: 'subscribers.lookup', found: contact !== undefined } });
        return contact ? detail(trx, contact) : null;
      });
    },

    async get(db: Database, ctx: RequestContext, id: number): Promise<SubscriberDetail> {
      return db.transaction().execute(async (trx) => {
        const contact = await contactOrThrow(trx, id);
        await deps.audit.record(trx, { ctx, action: 'personal_data.view', subject_type: 'contact', subject_id: id, detail: { via: 'subscribers.detail' } });
        return detail(trx, contact);
      });
    },

    /** Everything stored about the contact (the registry's export); audited. */
    async export(db: Database, ctx: RequestContext, id: number): Promise<DataSection[]> {
      return db.transaction().execute(async (trx) => {
        await contactOrThrow(trx, id);
        const sections = await deps.privacy.collect(trx, id);
        await deps.audit.record(trx, { ctx, action: 'personal_data.export', subject_type: 'contact', subject_id: id, detail: { via: 'subscribers.export', sections: sections.map((s) => s.key) } });
        return sections;
      });
    },

    /**
     * Erasure on a citizen's written request: everything is erased and the contact removed at
     * once (nothing is sent to them); the salted hash stays as proof; audited.
     */
    async erase(db: Database, ctx: RequestContext, id: number): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const contact = await contactOrThrow(trx, id);
        await deps.privacy.erase(trx, contact, 'staff');
        await deps.privacy.purge(trx, id);
        await deps.audit.record(trx, { ctx, action: 'personal_data.erase', subject_type: 'contact', subject_id: id, detail: { via: 'subscribers.erase' } });
      });
    },
  };
}

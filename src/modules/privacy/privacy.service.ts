/**
 * Data rights (GDPR Art. 15 and 17) over the personal-data registry (D30–D32):
 *  - MY DATA: the export as a chat message, or — when too long for one — a one-time link to a
 *    document (expiring token; the page needs no login, only the unguessable token);
 *  - DELETE / erasure on request: every provider erases its part, a salted hash of the number
 *    is kept as proof; the contact row keeps only its identity until the confirmation has been
 *    sent, then the purge removes it with everything sent to it and the webhook events naming it.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { ChannelIdentity, ChannelPort, OutgoingMessage } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { ContactRow } from '../../db/schema.js';
import { tryJobLock, type Dialect } from '../../db/sql.js';
import type { Clock } from '../../lib/clock.js';
import type { Language } from '../../lib/language.js';
import type { Logger } from '../../lib/log.js';
import { DEFAULT_TEXTS, type Texts } from '../dialogue/catalogue/index.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import type { Town } from '../town/town.seed.js';
import { townRepository } from '../town/town.repository.js';
import type { DataSection, PrivacyRegistry } from './privacy.registry.js';
import { renderHtml, renderText } from './privacy.render.js';
import { privacyRepository } from './privacy.repository.js';

/** Longer exports go as a link (WhatsApp's text limit is 4,096 characters). */
export const MAX_EXPORT_MESSAGE = 3500;
/** How long an export link works (once). */
export const EXPORT_LINK_TTL_MS = 24 * 3600_000;
/** An erased contact whose confirmation cannot be sent is purged after this long anyway. */
export const PURGE_AFTER_MS = 24 * 3600_000;

export interface PrivacyDeps {
  clock: Clock;
  dialect: Dialect;
  log: Logger;
  registry: PrivacyRegistry;
  outbox: OutboxService;
  channel: Pick<ChannelPort, 'validate'>;
  /** HMAC key of the erasure proofs (PRIVACY_HASH_SALT or the kept one). */
  hashSalt: string;
  publicUrl: string;
  timeZone: string;
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;

export function createPrivacyService(deps: PrivacyDeps) {
  const hash = (value: string) => createHmac('sha256', deps.hashSalt).update(value).digest('hex');
  const identityHash = (contact: Pick<ContactRow, 'phone' | 'user_id'>) => (contact.phone ? hash(`phone:${contact.phone}`) : contact.user_id ? hash(`user:${contact.user_id}`) : null);

  const service = {
    registry: deps.registry,

    /** The salted hash kept as proof of an erasure (hex); exported for tests and the staff screen. */
    identityHash,

    collect: (trx: Database, contactId: number): Promise<DataSection[]> => deps.registry.collect(trx, contactId),

    /**
     * MY DATA in the chat: the export as one message, or a one-time link when it is too long.
     * Written to the outbox in the caller's transaction; the message is checked with the channel.
     */
    async sendExport(trx: Database, args: { contact: ContactRow; language: Language; cause: string; texts?: Texts }): Promise<void> {
      const texts = args.texts ?? DEFAULT_TEXTS;
      const town = await townRepository.getSetting<Town>(trx, 'town');
      const params = { town: town?.name ?? '', privacy_url: town?.privacy_url ?? '' };
      const sections = await deps.registry.collect(trx, args.contact.id);
      const full = `${texts.text(args.language, 'data.intro', params)}\n\n${renderText(sections, args.language, deps.timeZone)}`;
      let message: OutgoingMessage = { type: 'text', text: full };
      if (full.length > MAX_EXPORT_MESSAGE || deps.channel.validate(message) !== null) {
        const now = deps.clock.now().getTime();
        const token = randomBytes(32).toString('base64url');
        await privacyRepository.insertExport(trx, {
          token_hash: sha256(token),
          contact_id: args.contact.id,
          language: args.language,
          created_at: now,
          expires_at: now + EXPORT_LINK_TTL_MS,
        });
        const until = new Intl.DateTimeFormat(args.language === 'en' ? 'en-GB' : args.language, { timeZone: deps.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(now + EXPORT_LINK_TTL_MS));
        message = { type: 'text', text: texts.text(args.language, 'data.link', { ...params, url: `${deps.publicUrl}/privacy/export/${token}`, until }), previewUrl: false };
      }
      const problem = deps.channel.validate(message);
      if (problem) throw new Error(`data export message rejected by the channel check: ${problem.code}`);
      await deps.outbox.enqueue(trx, { contactId: args.contact.id, kind: 'dialogue_reply', message, cause: args.cause });
    },

    /**
     * Erases a contact's personal data in the caller's transaction and records the proof. The
     * contact row keeps its identity (to deliver the confirmation) until `purge`.
     */
    async erase(trx: Database, contact: Pick<ContactRow, 'id' | 'phone' | 'user_id'>, via: 'chat' | 'staff'): Promise<void> {
      const now = deps.clock.now().getTime();
      await deps.registry.erase(trx, contact.id, now);
      const proof = identityHash(contact);
      if (proof) await privacyRepository.insertErasure(trx, { identity_hash: proof, at: now, via });
    },

    /** Removes an erased contact for good: every provider once more, then the row itself. */
    async purge(trx: Database, contactId: number): Promise<void> {
      await deps.registry.erase(trx, contactId, deps.clock.now().getTime());
      await privacyRepository.deleteContact(trx, contactId);
    },

    /**
     * Purges erased contacts whose last messages have left (or after a day regardless); also
     * drops used and expired export links. Returns how many contacts were purged.
     */
    async purgeDue(db: Database): Promise<number> {
      const now = deps.clock.now().getTime();
      return db.transaction().execute(async (trx) => {
        if (!(await tryJobLock(trx, deps.dialect, 'privacy-purge'))) return 0;
        await privacyRepository.deleteExpiredExports(trx, now);
        let purged = 0;
        for (const contact of await privacyRepository.erasedContacts(trx, 100)) {
          const waiting = await privacyRepository.unsentCount(trx, contact.id);
          if (waiting > 0 && now - (contact.erased_at ?? now) < PURGE_AFTER_MS) continue;
          await service.purge(trx, contact.id);
          purged++;
        }
        if (purged > 0) deps.log.info({ contacts: purged }, 'erased contacts purged');
        return purged;
      });
    },

    /**
     * A message listener that runs before the dialogue: an erased contact who writes again before
     * the purge is kept as a new contact (its old data is gone already; the purge leaves it alone).
     */
    listener: async (trx: Database, { contact }: { contact: ContactRow }): Promise<void> => {
      if (contact.erased_at === null) return;
      await privacyRepository.reopen(trx, contact.id, deps.clock.now().getTime());
    },

    /** True when the identity (of a late status webhook) belongs to an erased contact. */
    async isErased(trx: Database, who: ChannelIdentity): Promise<boolean> {
      const hashes = [...(who.phone ? [hash(`phone:${who.phone}`)] : []), ...(who.userId ? [hash(`user:${who.userId}`)] : [])];
      return privacyRepository.erasureExists(trx, hashes);
    },

    /** Empties a stored webhook event that names an erased contact. */
    scrubEvent: (trx: Database, eventId: number) => privacyRepository.scrubEvent(trx, eventId, deps.clock.now().getTime()),

    /**
     * The language of a valid one-time link, or null. Looking does not spend it (link scanners
     * and previews fetch with GET); only `openExport`, behind the page's button, does.
     */
    async peekExport(db: Database, token: string): Promise<Language | null> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
      const link = await privacyRepository.findValidExport(db, sha256(token), deps.clock.now().getTime());
      return link ? ((['de', 'en', 'nl'] as const).find((l) => l === link.language) ?? 'de') : null;
    },

    /** The document behind a one-time link, or null (unknown, used or expired). Using it spends it. */
    async openExport(db: Database, token: string, texts: Texts = DEFAULT_TEXTS): Promise<{ html: string } | null> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
      const now = deps.clock.now().getTime();
      return db.transaction().execute(async (trx) => {
        const link = await privacyRepository.takeExport(trx, sha256(token), now);
        if (!link) return null;
        const language = (['de', 'en', 'nl'] as const).find((l) => l === link.language) ?? 'de';
        const town = await townRepository.getSetting<Town>(trx, 'town');
        const params = { town: town?.name ?? '', privacy_url: town?.privacy_url ?? '' };
        const sections = await deps.registry.collect(trx, link.contact_id);
        const date = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, { timeZone: deps.timeZone, dateStyle: 'long', timeStyle: 'short' }).format(new Date(now));
        return { html: renderHtml(sections, language, deps.timeZone, texts.text(language, 'data.document.title', params), texts.text(language, 'data.document.intro', { ...params, date })) };
      });
    },
  };
  return service;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

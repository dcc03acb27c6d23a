/**
 * The personal-data providers of the core tables (D30): the contact profile, consents with
 * their history, subscriptions, the dialogue state, stored inbound messages, outgoing messages,
 * the raw webhook events naming the contact, staff accesses in the audit log, export links.
 * Other modules (cases, issue 11) add their own provider to the registry.
 */
import type { Database } from '../../db/database.js';
import { contactRepository } from '../contacts/contact.repository.js';
import type { DataSection, PersonalDataProvider } from './privacy.registry.js';
import { privacyRepository } from './privacy.repository.js';

const t = (de: string, en: string, nl: string) => ({ de, en, nl });

/** The order keys of the contact's inbound lane (as the channel names it: phone, else user id). */
export async function laneKeysOf(trx: Database, contactId: number): Promise<string[]> {
  const contact = await contactRepository.findById(trx, contactId);
  if (!contact) return [];
  return [...(contact.phone ? [`phone:${contact.phone}`] : []), ...(contact.user_id ? [`user:${contact.user_id}`] : [])];
}

/** The text a citizen sent, as shown in the export. */
export function contentText(json: string): string {
  try {
    const c = JSON.parse(json) as Record<string, unknown>;
    switch (c.type) {
      case 'text':
        return String(c.text ?? '');
      case 'choice':
        return String(c.title ?? c.id ?? '');
      case 'media':
        return `[${String(c.media)}]${c.caption ? ` ${String(c.caption)}` : ''}`;
      case 'location':
        return `[location] ${String(c.latitude)}, ${String(c.longitude)}${c.name ? ` ${String(c.name)}` : ''}${c.address ? ` ${String(c.address)}` : ''}`;
      default:
        return `[${String(c.type)}]`;
    }
  } catch {
    return '';
  }
}

/** The text of an outgoing message, as shown in the export. */
export function outgoingText(json: string): string {
  try {
    const m = JSON.parse(json) as Record<string, unknown>;
    if (typeof m.text === 'string') return m.text;
    if (typeof m.caption === 'string') return m.caption;
    if (m.type === 'template') return `[template ${String(m.name)}]`;
    return `[${String(m.type)}]`;
  } catch {
    return '';
  }
}

const contactProvider: PersonalDataProvider = {
  name: 'contact',
  async collect(trx, contactId) {
    const c = await contactRepository.findById(trx, contactId);
    if (!c) return [];
    return [
      {
        key: 'profile',
        title: t('Ihr Profil', 'Your profile', 'Uw profiel'),
        rows: [
          {
            phone: c.phone ? `+${c.phone}` : null,
            user_id: c.user_id,
            name: c.name,
            username: c.username,
            language: c.language,
            created_at: { at: c.created_at },
            last_inbound_at: c.last_inbound_at === null ? null : { at: c.last_inbound_at },
            case_updates_stopped_at: c.case_updates_stopped_at === null ? null : { at: c.case_updates_stopped_at },
            marketing_stopped_at: c.marketing_stopped_at === null ? null : { at: c.marketing_stopped_at },
          },
        ],
      },
    ];
  },
  async erase(trx, contactId, now) {
    await privacyRepository.markErased(trx, contactId, now);
  },
};

const consentProvider: PersonalDataProvider = {
  name: 'consents',
  async collect(trx, contactId) {
    const rows = await privacyRepository.consents(trx, contactId);
    return [
      {
        key: 'consents',
        title: t('Einwilligungen und Widerrufe', 'Consents and withdrawals', 'Toestemmingen en intrekkingen'),
        rows: rows.map((r) => ({ at: { at: r.at }, purpose: r.purpose, action: r.action, text_version: r.text_version, channel: r.channel, detail: r.detail })),
      },
    ];
  },
  erase: (trx, contactId) => privacyRepository.deleteConsents(trx, contactId),
};

const subscriptionProvider: PersonalDataProvider = {
  name: 'subscriptions',
  async collect(trx, contactId) {
    const rows = await privacyRepository.subscriptions(trx, contactId);
    return [
      {
        key: 'subscriptions',
        title: t('Abonnierte Themen', 'Subscribed topics', 'Geabonneerde onderwerpen'),
        rows: rows.map((r) => ({ topic: (JSON.parse(r.names) as { de?: string }).de ?? r.key, since: { at: r.created_at } })),
      },
    ];
  },
  erase: (trx, contactId) => privacyRepository.deleteSubscriptions(trx, contactId),
};

const dialogueProvider: PersonalDataProvider = {
  name: 'dialogue',
  async collect(trx, contactId) {
    const row = await privacyRepository.dialogueState(trx, contactId);
    if (!row) return [];
    return [{ key: 'dialogue', title: t('Stand des Gesprächs', 'State of the conversation', 'Stand van het gesprek'), rows: [{ flow: row.flow, step: row.step, language_source: row.language_source, updated_at: { at: row.updated_at } }] }];
  },
  erase: (trx, contactId) => privacyRepository.deleteDialogueState(trx, contactId),
};

const messagesProvider: PersonalDataProvider = {
  name: 'messages',
  async collect(trx, contactId) {
    const inbound = await privacyRepository.inboundMessages(trx, contactId);
    const outbound = await privacyRepository.outboxRows(trx, contactId);
    const sections: DataSection[] = [
      { key: 'messages_in', title: t('Ihre Nachrichten an uns', 'Your messages to us', 'Uw berichten aan ons'), rows: inbound.map((m) => ({ at: { at: m.at }, type: m.content_type, text: contentText(m.content) })) },
      {
        key: 'messages_out',
        title: t('Unsere Nachrichten an Sie', 'Our messages to you', 'Onze berichten aan u'),
        countInChat: true,
        rows: outbound.map((m) => ({ at: { at: m.created_at }, kind: m.kind, state: m.state, text: outgoingText(m.payload) })),
      },
    ];
    const events = await privacyRepository.laneEventCount(trx, await laneKeysOf(trx, contactId));
    sections.push({ key: 'webhook_events', title: t('Zustellprotokoll von WhatsApp', 'Delivery records from WhatsApp', 'Bezorgregistratie van WhatsApp'), rows: [{ stored_events: events }] });
    return sections;
  },
  async erase(trx, contactId, now) {
    await privacyRepository.deleteInboundMessages(trx, contactId);
    await privacyRepository.deleteOutbox(trx, contactId);
    await privacyRepository.deleteMessagingLimitUse(trx, contactId);
    const lane = await laneKeysOf(trx, contactId);
    await privacyRepository.deleteLaneEvents(trx, lane);
    const contact = await contactRepository.findById(trx, contactId);
    await privacyRepository.deleteEventsNaming(trx, [contact?.phone, contact?.user_id].filter((v): v is string => typeof v === 'string' && v.length >= 6));
    await privacyRepository.scrubLaneEvents(trx, lane, now);
  },
};

const auditProvider: PersonalDataProvider = {
  name: 'audit',
  async collect(trx, contactId) {
    const rows = await privacyRepository.auditEntries(trx, contactId);
    if (rows.length === 0) return [];
    return [{ key: 'accesses', title: t('Zugriffe der Stadt auf Ihre Daten', 'The town’s accesses to your data', 'Toegang van de stad tot uw gegevens'), rows: rows.map((r) => ({ at: { at: r.at }, action: r.action })) }];
  },
  erase: (trx, contactId) => privacyRepository.scrubAuditEntries(trx, contactId),
};

const exportProvider: PersonalDataProvider = {
  name: 'exports',
  collect: async () => [],
  erase: (trx, contactId) => privacyRepository.deleteExports(trx, contactId),
};

/** The core providers, in the order of the export. */
export const coreProviders: PersonalDataProvider[] = [contactProvider, consentProvider, subscriptionProvider, dialogueProvider, messagesProvider, auditProvider, exportProvider];

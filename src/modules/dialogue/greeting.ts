/**
 * Until the dialogue engine exists, a contact's first message is answered with a greeting
 * through the outbox (foundation issue). Texts exist in every language.
 */
import type { Language } from '../../lib/language.js';
import { isLanguage } from '../../lib/language.js';
import type { Town } from '../town/town.seed.js';
import type { MessageListener } from '../inbound/inbound.handlers.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { townRepository } from '../town/town.repository.js';

const GREETING: Record<Language, (town: Town) => string> = {
  de: (t) => `Hallo! Hier schreibt der ${t.service_name}, der WhatsApp-Dienst der Stadt ${t.name}. Hinweise zum Datenschutz: ${t.privacy_url}`,
  en: (t) => `Hello! This is ${t.service_name}, the WhatsApp service of the town of ${t.name}. Privacy notice: ${t.privacy_url}`,
  nl: (t) => `Hallo! Dit is ${t.service_name}, de WhatsApp-dienst van de stad ${t.name}. Privacyverklaring: ${t.privacy_url}`,
};

/** The greeting text for a language. */
export function greetingText(language: string | null, town: Town): string {
  return GREETING[isLanguage(language) ? language : 'de'](town);
}

/** Answers a new contact's first message with the greeting. */
export function createGreetingListener(deps: { outbox: OutboxService }): MessageListener {
  return async (trx, { contact, created, eventId }) => {
    if (!created) return;
    const town = await townRepository.getSetting<Town>(trx, 'town');
    if (!town) return;
    await deps.outbox.enqueue(trx, {
      contactId: contact.id,
      kind: 'dialogue_reply',
      message: { type: 'text', text: greetingText(contact.language, town) },
      cause: `inbound:${eventId}`,
    });
  };
}

/**
 * The web form's personal data in the registry (D30, issue 14 D73): the e-mail address (and
 * whether it is confirmed), the reports filed through the web form with their text and photos.
 * Erasure removes the address and its queued mails, the text of the web reports and the photos
 * the reporter sent; the case itself stays, anonymised (category, status, dates, place), for the
 * public task.
 */
import type { Database } from '../../db/database.js';
import type { PersonalDataProvider } from '../privacy/privacy.registry.js';
import { WEB_CHANNEL } from './webform.service.js';

export const webReportProvider: PersonalDataProvider = {
  name: 'web_reports',
  async collect(trx: Database, contactId) {
    const contact = await trx.selectFrom('contact').select(['email', 'email_confirmed_at']).where('id', '=', contactId).executeTakeFirst();
    const cases = await trx.selectFrom('case_file').select(['reference', 'created_at', 'description', 'address']).where('contact_id', '=', contactId).where('channel', '=', WEB_CHANNEL).orderBy('id').execute();
    const sections = [];
    if (contact?.email) sections.push({ key: 'email', title: { de: 'E-Mail für Neuigkeiten', en: 'E-mail for updates', nl: 'E-mail voor updates' }, rows: [{ email: contact.email, confirmed: contact.email_confirmed_at !== null ? { at: Number(contact.email_confirmed_at) } : null }] });
    if (cases.length > 0) sections.push({ key: 'web_reports', title: { de: 'Über das Webformular gemeldet', en: 'Reported through the web form', nl: 'Gemeld via het webformulier' }, rows: cases.map((c) => ({ reference: c.reference, at: { at: Number(c.created_at) }, text: c.description, place: c.address })) });
    return sections;
  },
  async erase(trx: Database, contactId) {
    const contact = await trx.selectFrom('contact').select(['email']).where('id', '=', contactId).executeTakeFirst();
    if (contact?.email) await trx.deleteFrom('mail_outbox').where('to_address', '=', contact.email).execute();
    await trx.updateTable('contact').set({ email: null, email_token_hash: null, email_confirmed_at: null }).where('id', '=', contactId).execute();
    const cases = trx.selectFrom('case_file').select('id').where('contact_id', '=', contactId).where('channel', '=', WEB_CHANNEL);
    await trx.deleteFrom('case_media').where('contact_id', '=', contactId).where('case_id', 'in', cases).execute();
    await trx.updateTable('case_file').set({ description: '' }).where('contact_id', '=', contactId).where('channel', '=', WEB_CHANNEL).execute();
  },
};

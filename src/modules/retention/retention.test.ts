/**
 * Retention on SQLite and PostgreSQL, with the product's clock advanced: citizens report through
 * the emulator, one case is closed, one reporter is erased, one draft is abandoned; after 31, 366
 * and 731 days the retention job has removed exactly what expired — checked in a full dump of
 * every table and in MEDIA_DIR — and kept what has not expired yet.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { capturingLogger } from '../../lib/log.js';
import { body, Chat, choices } from '../../test/chat.js';
import { describeEachDatabase } from '../../test/databases.js';
import { dumpAllTables } from '../../test/dump.js';
import { phonePhoto } from '../../test/photos.js';
import { fileReport } from '../../test/reports.js';
import { firstAdmin, signIn } from '../../test/staff.js';
import { createTestApp, eventually, type TestApp } from '../../test/test-app.js';
import { SYSTEM_CONTEXT } from '../auth/principal.js';
import { REMOVED_PAYLOAD } from './retention.repository.js';

const DAY_S = 86_400;

describeEachDatabase('retention', (dialect) => {
  let t: TestApp;
  const lines: string[] = [];
  beforeEach(async () => {
    lines.length = 0;
    t = await createTestApp(dialect, { log: capturingLogger(lines, 'info') });
  });
  afterEach(async () => {
    await t.close();
  });

  const db = () => t.database.db;
  const dump = async () => JSON.stringify(await dumpAllTables(db(), dialect));
  const advanceDays = (days: number) => t.control('POST', '/clock', { advance_s: days * DAY_S });
  const photoFiles = async (reference: string) => {
    const c = await db().selectFrom('case_file').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
    return (await db().selectFrom('case_media').select(['path', 'thumb_path']).where('case_id', '=', c.id).execute()).flatMap((m) => [m.path, m.thumb_path]);
  };
  const exists = (relative: string) => existsSync(path.join(t.config.mediaDir, relative));
  /** Waits until every reply was sent and read and every webhook processed (the emulator's statuses come on real timers). */
  const settle = () =>
    eventually(async () => {
      await t.container.inboundProcessor.drain();
      await t.container.dispatcher.drain();
      const open = await db().selectFrom('outbox').select('id').where('state', 'not in', ['read', 'failed']).execute();
      const pending = await db().selectFrom('inbound_event').select('id').where('state', '=', 'pending').execute();
      return open.length === 0 && pending.length === 0;
    }, 'all replies read, all webhooks processed');

  it('removes what expired after 31, 366 and 731 days and keeps the rest', async () => {
    const admin = await signIn(t.app, firstAdmin(t.config).email, firstAdmin(t.config).password);
    expect((await admin.inject('GET', '/api/settings/retention')).json().data).toEqual({ raw_webhook_days: 30, closed_case_personal_data_days: 365, inactive_subscriber_days: 730, audit_log_days: 730 });

    // day 0: Anna's case (to be closed), Bert's case (stays open, subscribes), Frida's case (she is erased)
    const anna = await fileReport(t, { phone: '+4921525553001', text: 'Laterne vor Annas Haus Kerkener Straße 7 ist aus', colour: '#c33' });
    const bert = await fileReport(t, { phone: '+4921525553002', text: 'Laterne an Berts Ecke Peterstraße flackert', colour: '#3c3', north: 300, subscribe: true });
    const frida = await fileReport(t, { phone: '+4921525553003', text: 'Laterne bei Frida am Ring ist dunkel', colour: '#33c', north: 600 });
    const annaPhotos = await photoFiles(anna.reference);
    const bertPhotos = await photoFiles(bert.reference);
    const fridaPhotos = await photoFiles(frida.reference);
    // Emil starts a report with a photo and abandons it: the draft expires, its photo file stays behind
    const emil = await Chat.create(t, '+4921525553004');
    const kinds = (await emil.photo(await phonePhoto('#cc3'))).find((i) => choices(i).some((c) => c.id.startsWith('rep:k:')));
    expect(body(kinds)).toContain('Worum geht es?');
    const draft = JSON.parse((await db().selectFrom('dialogue_state').select('data').where('flow', '=', 'report').executeTakeFirstOrThrow()).data);
    const emilPhoto: string = draft.draft.photos[0].path;
    expect(exists(emilPhoto)).toBe(true);
    await t.control('POST', '/clock', { advance_s: 3 * 3600 });
    expect(await t.container.reportExpiry.runOnce()).toBe(1);
    await emil.flush();

    // Anna's case is closed (issue 12's workflow sets status and closed_at); Frida erases her data
    const now = t.container.clock.now().getTime();
    await db().updateTable('case_file').set({ status: 'resolved', closed_at: now, status_changed_at: now }).where('reference', '=', anna.reference).execute();
    const fridaContact = await db().selectFrom('contact').select('id').where('phone', '=', '4921525553003').executeTakeFirstOrThrow();
    await t.container.subscribers.erase(db(), SYSTEM_CONTEXT, fridaContact.id);
    // The erasure itself removed Frida's photos and her words from her case (D56); the case stays.
    for (const f of fridaPhotos) expect(exists(f), f).toBe(false);
    expect(await db().selectFrom('case_file').select(['description', 'contact_id']).where('reference', '=', frida.reference).executeTakeFirstOrThrow()).toEqual({ description: '', contact_id: null });

    // no period has passed yet: the first run keeps everything, except the expired draft's photo
    // with its thumbnail (no row names them any more); nothing of Frida's is left for it
    expect(await t.container.retention.apply()).toMatchObject({ raw_webhook_events: 0, outbox_payloads: 0, cases_anonymised: 0, contacts_deleted: 0, media_of_erased_contacts: 0, files_deleted: 2, audit_entries: 0 });
    expect(exists(emilPhoto)).toBe(false);
    for (const f of [...annaPhotos, ...bertPhotos]) expect(exists(f), f).toBe(true);
    const eventsAtStart = (await db().selectFrom('inbound_event').select('id').execute()).length;
    expect(eventsAtStart).toBeGreaterThan(10);

    const auditOfDay0 = (await db().selectFrom('audit_log').select('id').execute()).map((e) => e.id);
    expect(auditOfDay0.length).toBeGreaterThan(1);

    await settle();

    // day 31: Dora writes for the first time; the first month's webhooks and message contents expire
    await advanceDays(31);
    const dora = await Chat.create(t, '+4921525553005');
    await dora.say('Hallo');
    const cutoff = t.container.clock.now().getTime() - 30 * DAY_S * 1000;
    const events = await db().selectFrom('inbound_event').select(['id', 'state', 'processed_at']).execute();
    const expired = events.filter((e) => (e.state === 'done' || e.state === 'ignored') && e.processed_at !== null && e.processed_at < cutoff);
    expect(expired.length).toBeGreaterThan(eventsAtStart / 2);
    const r31 = await t.container.retention.apply();
    expect(r31).toMatchObject({ raw_webhook_events: expired.length, cases_anonymised: 0, contacts_deleted: 0, files_deleted: 0 });
    expect(r31!.outbox_payloads).toBeGreaterThan(5);
    let all = await dumpAllTables(db(), dialect);
    const left = (all.inbound_event as { id: number }[]).map((e) => e.id);
    for (const e of events) expect(left.includes(e.id), `event ${e.id}`).toBe(!expired.includes(e));
    expect((all.inbound_event as { processed_at: number | null; state: string }[]).every((e) => e.state === 'dead' || e.state === 'pending' || (e.processed_at ?? 0) >= cutoff)).toBe(true);
    expect(JSON.stringify(all.inbound_event)).toContain('4921525553005'); // Dora's own events stay for now
    expect(JSON.stringify(all.inbound_event)).not.toContain('4921525553001');
    const doraContact = await db().selectFrom('contact').select('id').where('phone', '=', '4921525553005').executeTakeFirstOrThrow();
    for (const row of all.outbox as { contact_id: number; payload: string; state: string }[]) {
      expect(row.payload === REMOVED_PAYLOAD, `outbox row of contact ${row.contact_id}`).toBe(row.contact_id !== doraContact.id);
    }
    for (const f of [...annaPhotos, ...bertPhotos]) expect(exists(f), f).toBe(true);
    let text = await dump();
    expect(text).toContain('Kerkener Straße 7'); // Anna's case: closed less than a year ago

    // day 366: Anna's closed case is anonymised, kept with its reference; Bert's open case is untouched
    await advanceDays(335);
    const again = await signIn(t.app, firstAdmin(t.config).email, firstAdmin(t.config).password); // a year later: a new session
    expect((await again.inject('PUT', '/api/settings/retention', { raw_webhook_days: 31, closed_case_personal_data_days: 365, inactive_subscriber_days: 730, audit_log_days: 730 })).statusCode).toBe(200);
    const r366 = await t.container.retention.apply();
    expect(r366).toMatchObject({ cases_anonymised: 1, contacts_deleted: 0, files_deleted: annaPhotos.length });
    expect(r366!.messages).toBeGreaterThan(3); // Anna's and Emil's messages; Bert's stay with his open case
    text = await dump();
    expect(text).not.toContain('Kerkener Straße 7');
    expect(text).toContain('Peterstraße flackert');
    expect(await db().selectFrom('case_file').select(['reference', 'status', 'contact_id', 'description']).where('reference', '=', anna.reference).executeTakeFirstOrThrow()).toEqual({ reference: anna.reference, status: 'resolved', contact_id: null, description: '' });
    for (const f of annaPhotos) expect(exists(f), f).toBe(false);
    for (const f of bertPhotos) expect(exists(f), f).toBe(true);
    expect(text).toContain('4921525553001'); // Anna herself: inactive for less than two years

    // day 731: Anna and Emil (inactive two years, no open case) are deleted; Bert (open case) and Dora (wrote on day 31) stay;
    // the audit entries of day 0 go, the settings change of day 366 stays
    await advanceDays(365);
    const r731 = await t.container.retention.apply();
    expect(r731).toMatchObject({ contacts_deleted: 2 });
    expect(r731!.audit_entries).toBeGreaterThan(0);
    all = await dumpAllTables(db(), dialect);
    text = JSON.stringify(all);
    expect(text).not.toContain('4921525553001');
    expect(text).not.toContain('4921525553004');
    expect(text).toContain('4921525553002');
    expect(text).toContain('4921525553005');
    expect(all.subscription).toHaveLength(1);
    expect(all.case_file).toHaveLength(3);
    expect((all.audit_log as { action: string }[]).map((e) => e.action)).toContain('settings.retention.update');
    const auditLeft = (all.audit_log as { id: number }[]).map((e) => e.id);
    for (const id of auditOfDay0) expect(auditLeft).not.toContain(id);

    // nothing left to do; each run logged with counts only
    expect(await t.container.retention.apply()).toMatchObject({ raw_webhook_events: 0, cases_anonymised: 0, contacts_deleted: 0, files_deleted: 0 });
    const logged = lines.filter((l) => l.includes('retention applied'));
    expect(logged).toHaveLength(5);
    for (const line of logged) expect(line).not.toMatch(/4921525553|Laterne|photos\//);
  });
});

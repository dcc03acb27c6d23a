/**
 * Overdue cases with the clock advanced (never a sleep), on SQLite and PostgreSQL: past the
 * deadline the responsible person is reminded — the deputy while the assignee is away — and a day
 * later the head of the department gets the escalation, in the app and by e-mail; the case list's
 * `overdue` filter shows it.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CENTRE, Chat, choices, type OutItem } from '../../test/chat.js';
import { describeEachDatabase } from '../../test/databases.js';
import { createPerson, signIn } from '../../test/staff.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { SYSTEM_CONTEXT } from '../auth/principal.js';
import { endOfLocalDay, localDate } from '../holidays/working-days.js';

const offering = (items: OutItem[], prefix: string) => items.find((i) => choices(i).some((c) => c.id.startsWith(prefix)));

describeEachDatabase('overdue cases', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect, { env: { SMTP_URL: 'smtp://127.0.0.1:2', MAIL_FROM: 'stadtbote@kempen.example' } });
  });
  afterEach(async () => {
    await t.close();
  });
  const db = () => t.database.db;

  it('past the deadline the deputy is reminded while the assignee is away; a working day later the head gets it, in the app and by e-mail', async () => {
    const tiefbau = (await t.container.departments.list(db())).find((d) => d.key === 'tiefbau')!;
    const [contact, deputy, head] = await Promise.all(['Kontakt', 'Vertretung', 'Leitung'].map((name) => createPerson(t.container, ['case_worker'], { department_ids: [tiefbau.id], name })));
    await t.container.departments.update(db(), SYSTEM_CONTEXT, tiefbau.id, { contact_user_id: contact!.id, deputy_user_id: deputy!.id, head_user_id: head!.id });

    const chat = await Chat.create(t, '+4921525556001', 'Wartende');
    const kinds = offering(await chat.pin(CENTRE.latitude, CENTRE.longitude), 'rep:k:');
    const categories = offering(await chat.tap(kinds, 'rep:k:hint'), 'rep:c:');
    await chat.tap(categories, 'rep:c:beleuchtung');
    await chat.say('Ohne Foto');
    const summary = offering(await chat.say('Laterne flackert seit Wochen'), 'rep:send:');
    await chat.tap(summary, choices(summary).find((c) => c.id.startsWith('rep:send:'))!.id);
    const [kase] = await db().selectFrom('case_file').selectAll().execute();
    expect(kase!.assignee_user_id).toBe(contact!.id);
    const kinds_ = async (userId: number) => (await db().selectFrom('notification').select('kind').where('user_id', '=', userId).orderBy('id').execute()).map((n) => n.kind);

    // Before the deadline nothing happens.
    expect(await t.container.caseEscalation.runOnce()).toBe(0);

    // The contact person is away over the deadline; an hour after it the deputy is reminded.
    const advanceTo = async (at: number) => {
      await t.control('POST', '/clock', { advance_s: Math.ceil((at - t.container.clock.now().getTime()) / 1000) });
      await t.container.clock.refresh();
    };
    const dueDay = localDate(Number(kase!.due_at), t.config.townTimezone);
    await db().updateTable('staff_user').set({ absent_from: localDate(Date.now(), t.config.townTimezone), absent_until: '2099-12-31' }).where('id', '=', contact!.id).execute();
    await advanceTo(Number(kase!.due_at) + 3600_000);
    expect(await t.container.caseEscalation.runOnce()).toBe(1);
    expect(await t.container.caseEscalation.runOnce()).toBe(0); // once only
    expect(await kinds_(deputy!.id)).toEqual(['case.overdue']);
    expect(await kinds_(contact!.id)).toEqual(['case.new']);
    expect(await kinds_(head!.id)).toEqual([]);
    const reminded = await db().selectFrom('case_file').selectAll().where('id', '=', kase!.id).executeTakeFirstOrThrow();
    expect(reminded.escalate_at).toBe(endOfLocalDay(await t.container.holidays.addWorkingDays(db(), dueDay, 1), t.config.townTimezone));

    // The overdue filter shows it.
    const admin = await createPerson(t.container, ['admin']);
    const client = await signIn(t.app, admin.email, admin.password);
    const overdue = (await client.inject('GET', '/api/cases?overdue=true')).json();
    expect(overdue.data.map((c: { reference: string; overdue: boolean }) => [c.reference, c.overdue])).toEqual([[kase!.reference, true]]);

    // Still open a working day later: the head gets the escalation, in the app and by e-mail.
    await advanceTo(Number(reminded.escalate_at) + 3600_000);
    expect(await t.container.caseEscalation.runOnce()).toBe(1);
    expect(await kinds_(head!.id)).toEqual(['case.escalated']);
    const mails = await db().selectFrom('mail_outbox').select(['to_address', 'subject', 'text_body']).where('to_address', '=', head!.email).execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(`Eskalation: Anliegen ${kase!.reference}`);
    expect(mails[0]!.text_body).not.toContain('Laterne flackert');
    expect(await t.container.caseEscalation.runOnce()).toBe(0);
    const history = await db().selectFrom('case_history').select('action').where('case_id', '=', kase!.id).orderBy('id').execute();
    expect(history.map((h) => h.action)).toEqual(['created', 'overdue_reminder', 'escalated']);
  });
});

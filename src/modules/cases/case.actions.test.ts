/**
 * Notes, assignment and the citizen's "solved?" through the case API and the emulator, on SQLite
 * and PostgreSQL: a note is never sent; assigning to a person without the role is refused; on
 * resolving the reporter is asked, "no" reopens the case and tells the responsible person, "yes"
 * is recorded; an old button tapped again changes nothing.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { body, CENTRE, Chat, choices, type OutItem } from '../../test/chat.js';
import { describeEachDatabase } from '../../test/databases.js';
import { phonePhoto } from '../../test/photos.js';
import { bearer, createApiToken, createPerson, signIn } from '../../test/staff.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { SYSTEM_CONTEXT } from '../auth/principal.js';

const offering = (items: OutItem[], prefix: string) => items.find((i) => choices(i).some((c) => c.id.startsWith(prefix)));
const choiceId = (item: OutItem | undefined, prefix: string) => choices(item).find((c) => c.id.startsWith(prefix))?.id ?? `${prefix}?`;

describeEachDatabase('case notes, assignment and "solved?"', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });
  const db = () => t.database.db;

  it('a note stays internal; assignment checks the role; "solved? no" reopens and tells the responsible person, "yes" is recorded', async () => {
    const departments = await t.container.departments.list(db());
    const tiefbau = departments.find((d) => d.key === 'tiefbau')!;
    const gruen = departments.find((d) => d.key === 'gruen')!;
    const lead = await createPerson(t.container, ['case_worker'], { department_ids: [tiefbau.id] });
    await t.container.departments.update(db(), SYSTEM_CONTEXT, tiefbau.id, { contact_user_id: lead.id });
    const colleague = await createPerson(t.container, ['case_worker'], { department_ids: [tiefbau.id] });
    const elsewhere = await createPerson(t.container, ['case_worker'], { department_ids: [gruen.id] });
    const editor = await createPerson(t.container, ['editor']);
    const staff = await signIn(t.app, lead.email, lead.password);

    const chat = await Chat.create(t, '+4921525555001', 'Fragende');
    const kinds = offering(await chat.pin(CENTRE.latitude, CENTRE.longitude), 'rep:k:');
    const categories = offering(await chat.tap(kinds, 'rep:k:hint'), 'rep:c:');
    await chat.tap(categories, 'rep:c:beleuchtung');
    await chat.photo(await phonePhoto('#123'));
    const summary = offering(await chat.say('Laterne am Kirchplatz ist aus'), 'rep:send:');
    await chat.tap(summary, choiceId(summary, 'rep:send:'));
    await chat.flush();
    const [kase] = await db().selectFrom('case_file').selectAll().execute();
    expect(kase!.assignee_user_id).toBe(lead.id);
    const url = `/api/cases/${kase!.reference}`;
    const current = async () => (await staff.inject('GET', url)).json().data;

    // MEINE ANLIEGEN: the citizen's cases with their status (a keyword in any language, before the dialogue).
    const [mine] = await chat.say('Meine Anliegen!');
    expect(body(mine)).toMatch(new RegExp(`^Ihre Meldungen:\\n• ${kase!.reference} · Beleuchtung · eingegangen`));
    const stranger = await Chat.create(t, '+4921525555009', 'Neugierig');
    await stranger.say('Hallo');
    expect(body((await stranger.say('my reports'))[0])).toContain('Sie haben noch keine Meldungen');

    // A note: in the history, never in the chat.
    const noted = await staff.inject('POST', `${url}/notes`, { text: 'Westnetz anrufen, Mast 4711' });
    expect(noted.statusCode, noted.body).toBe(200);
    expect(noted.json().data.history.at(-1)).toMatchObject({ action: 'note', reason: 'Westnetz anrufen, Mast 4711', actor_type: 'user', actor_id: lead.id });
    expect((await staff.inject('POST', `${url}/notes`, { text: '   ' })).json().error.code).toBe('case/note_empty');
    expect(await chat.flush()).toEqual([]);

    // Assignment: not to someone without the role or of another department; to a colleague, who is told.
    let version: number = (await current()).version;
    for (const who of [editor, elsewhere]) {
      const refused = await staff.inject('POST', `${url}/assign`, { user_id: who.id, version });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error).toMatchObject({ code: 'case/assignee_without_role', field: 'user_id' });
    }
    expect((await staff.inject('POST', `${url}/assign`, { user_id: 999999, version })).json().error.code).toBe('case/assignee_unknown');
    const assigned = await staff.inject('POST', `${url}/assign`, { user_id: colleague.id, version });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().data).toMatchObject({ assignee_user_id: colleague.id });
    expect((await staff.inject('POST', `${url}/assign`, { user_id: lead.id, version })).json().error.code).toBe('case/version_conflict');
    const told = await db().selectFrom('notification').select(['kind', 'title']).where('user_id', '=', colleague.id).execute();
    expect(told).toEqual([{ kind: 'case.assigned', title: `Anliegen ${kase!.reference} ist Ihnen zugewiesen` }]);
    expect(await chat.flush()).toEqual([]);

    // Resolving asks the reporter; "no" reopens the case and tells the assignee.
    version = assigned.json().data.version;
    for (const to of ['accepted', 'in_progress', 'resolved']) {
      const r = await staff.inject('POST', `${url}/transitions`, { to, version });
      expect(r.statusCode, r.body).toBe(200);
      version = r.json().data.version;
    }
    const updates = await chat.flush();
    const question = updates.at(-1);
    expect(body(question)).toContain('Ist Ihr Anliegen damit gelöst?');
    expect(choices(question).map((c) => c.title)).toEqual(['Ja, gelöst', 'Nein, noch nicht']);
    const [reopened] = await chat.tap(question, `case:solved:no:${kase!.id}`);
    expect(body(reopened)).toContain(`wir sehen uns Ihre Meldung ${kase!.reference} noch einmal an`);
    const afterNo = await current();
    expect(afterNo).toMatchObject({ status: 'in_progress', citizen_solved: false, closed_at: null });
    expect(afterNo.history.at(-1)).toMatchObject({ action: 'reopen', actor_type: 'citizen', from_status: 'resolved', to_status: 'in_progress' });
    const reopenNote = await db().selectFrom('notification').select('kind').where('user_id', '=', colleague.id).where('kind', '=', 'case.reopened').execute();
    expect(reopenNote).toHaveLength(1);

    // Resolved again: "yes" is recorded for the figures; the old "no" tapped again changes nothing.
    const again = await staff.inject('POST', `${url}/transitions`, { to: 'resolved', version: afterNo.version });
    expect(again.statusCode, again.body).toBe(200);
    const [question2] = await chat.flush();
    const [thanks] = await chat.tap(question2, `case:solved:yes:${kase!.id}`);
    expect(body(thanks)).toBe('Danke für Ihre Rückmeldung!');
    expect(await current()).toMatchObject({ status: 'resolved', citizen_solved: true });
    const [noted2] = await chat.tap(question, `case:solved:no:${kase!.id}`);
    expect(body(noted2)).toContain('haben wir schon');
    expect(await current()).toMatchObject({ status: 'resolved', citizen_solved: true });
  });

  it('release: a public summary and chosen photos for integrations; handover to another category moves department and responsibility', async () => {
    const tiefbau = (await t.container.departments.list(db())).find((d) => d.key === 'tiefbau')!;
    const lead = await createPerson(t.container, ['case_worker'], { department_ids: [tiefbau.id] });
    const staff = await signIn(t.app, lead.email, lead.password);
    const integration = bearer(t.app, await createApiToken(t.container, 'integration'));
    const chat = await Chat.create(t, '+4921525555002', 'Zeigende');
    const kinds = offering(await chat.pin(CENTRE.latitude, CENTRE.longitude), 'rep:k:');
    const categories = offering(await chat.tap(kinds, 'rep:k:hint'), 'rep:c:');
    await chat.tap(categories, 'rep:c:strassenschaeden');
    await chat.photo(await phonePhoto('#456'));
    const summary = offering(await chat.say('Schlagloch vor meinem Haus Nr. 3'), 'rep:send:');
    await chat.tap(summary, choiceId(summary, 'rep:send:'));
    const [kase] = await db().selectFrom('case_file').selectAll().execute();
    const url = `/api/cases/${kase!.id}`;
    const before = (await staff.inject('GET', url)).json().data;
    expect(before.photos).toEqual([expect.objectContaining({ released: false, from_reporter: true })]);

    // Release: the summary is required, photos must be the case's own.
    expect((await staff.inject('POST', `${url}/release`, { public_summary: ' ', photo_ids: [], version: before.version })).json().error.code).toBe('case/public_summary_required');
    expect((await staff.inject('POST', `${url}/release`, { public_summary: 'Schlagloch an der Burgstraße', photo_ids: [999], version: before.version })).json().error).toMatchObject({ code: 'case/photo_unknown', field: 'photo_ids' });
    const released = await staff.inject('POST', `${url}/release`, { public_summary: 'Schlagloch an der Burgstraße', photo_ids: [before.photos[0].id], version: before.version });
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json().data.photos[0].released).toBe(true);
    const seen = (await integration.inject('GET', '/api/cases')).json().data;
    expect(seen).toEqual([expect.objectContaining({ reference: kase!.reference, public_summary: 'Schlagloch an der Burgstraße' })]);
    expect(JSON.stringify(seen)).not.toContain('Haus Nr. 3'); // no citizen text for integrations
    expect((await integration.inject('GET', url)).json().data).not.toHaveProperty('description');

    // Handover: a reason and a target are needed; to another category its department and responsibility follow.
    const version = released.json().data.version;
    expect((await staff.inject('POST', `${url}/handover`, { category: 'muell', reason: '', version })).json().error.code).toBe('case/reason_required');
    expect((await staff.inject('POST', `${url}/handover`, { reason: 'falsch', version })).json().error.code).toBe('case/handover_target');
    expect((await staff.inject('POST', `${url}/handover`, { category: 'strassenschaeden', reason: 'gleich', version })).json().error.code).toBe('case/handover_same');
    const moved = await staff.inject('POST', `${url}/handover`, { category: 'muell', reason: 'Ist Sperrmüll, kein Straßenschaden', version });
    expect(moved.statusCode, moved.body).toBe(200);
    const betriebshof = (await t.container.departments.list(db())).find((d) => d.key === 'betriebshof')!;
    expect(moved.json().data).toMatchObject({ id: kase!.id, department_id: betriebshof.id });
    expect((await staff.inject('GET', url)).statusCode).toBe(404); // out of the case worker's departments now
    const history = await db().selectFrom('case_history').select(['action', 'reason']).where('case_id', '=', kase!.id).orderBy('id').execute();
    expect(history.map((h) => h.action)).toEqual(['created', 'released', 'handover']);
    expect(history.at(-1)!.reason).toBe('Ist Sperrmüll, kein Straßenschaden');
    expect(await chat.flush()).toEqual([]); // staff-side steps: nothing to the citizen
  });
});

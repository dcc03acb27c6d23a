/**
 * The workflow through the case API, on SQLite and PostgreSQL: a case filed through the emulator
 * is moved through every state by staff; the reporter and a follower read each change in their
 * chat — as text inside the 24-hour window, as the approved case-update template outside it (the
 * clock advanced); forbidden transitions answer 409 with the allowed ones; two staff changing
 * the case at once lose no update; the roles' scopes (decision 17) hold.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { body, CENTRE, Chat, choices, type OutItem } from '../../test/chat.js';
import { describeEachDatabase } from '../../test/databases.js';
import { phonePhoto } from '../../test/photos.js';
import { bearer, createApiToken, createPerson, signIn, type Client } from '../../test/staff.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { transition, TRANSITIONS } from './case.workflow.js';

const offering = (items: OutItem[], prefix: string) => items.find((i) => choices(i).some((c) => c.id.startsWith(prefix)));
const choiceId = (item: OutItem | undefined, prefix: string) => choices(item).find((c) => c.id.startsWith(prefix))?.id ?? `${prefix}?`;

async function toSummary(chat: Chat, o: { latitude: number; longitude: number; category: string; colour: string; text: string }) {
  const kinds = offering(await chat.pin(o.latitude, o.longitude), 'rep:k:');
  const categories = offering(await chat.tap(kinds, 'rep:k:hint'), 'rep:c:');
  await chat.tap(categories, `rep:c:${o.category}`);
  await chat.photo(await phonePhoto(o.colour));
  return offering(await chat.say(o.text), 'rep:send:');
}

describe('the transition table', () => {
  it('every state can be reached; closed states only reopen; details are required where the issue says', () => {
    const reachable = new Set(Object.values(TRANSITIONS).flat());
    expect([...reachable].sort()).toEqual(['accepted', 'duplicate', 'forwarded', 'in_progress', 'rejected', 'resolved']);
    for (const closed of ['resolved', 'rejected', 'forwarded', 'duplicate'] as const) expect(TRANSITIONS[closed]).toEqual(['in_progress']);
    const c = { id: 1, status: 'in_progress' as const, first_response_at: null };
    expect(transition(c, { to: 'new' }, 5)).toEqual({ ok: false, code: 'case/invalid_transition', allowed: TRANSITIONS.in_progress });
    expect(transition(c, { to: 'rejected', reason: '  ' }, 5)).toMatchObject({ ok: false, code: 'case/reason_required' });
    expect(transition(c, { to: 'forwarded' }, 5)).toMatchObject({ ok: false, code: 'case/forwarded_to_required' });
    expect(transition(c, { to: 'duplicate', duplicateOf: { id: 1, status: 'new' } }, 5)).toMatchObject({ ok: false, code: 'case/duplicate_of_invalid' });
    expect(transition(c, { to: 'resolved' }, 5)).toMatchObject({ ok: true, action: 'transition', patch: { status: 'resolved', closed_at: 5, first_response_at: 5 } });
    expect(transition({ ...c, status: 'resolved' }, { to: 'in_progress' }, 6)).toMatchObject({ ok: false, code: 'case/reason_required' });
    expect(transition({ ...c, status: 'forwarded' }, { to: 'in_progress', reason: 'zurück' }, 6)).toMatchObject({ ok: true, action: 'reopen', patch: { closed_at: null, forwarded_to: null } });
  });
});

describeEachDatabase('case workflow through the API', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });
  const db = () => t.database.db;

  async function worker(departmentKey: string): Promise<Client & { id: number; email: string; password: string }> {
    const department = (await t.container.departments.list(db())).find((d) => d.key === departmentKey)!;
    const person = await createPerson(t.container, ['case_worker'], { department_ids: [department.id] });
    return { ...(await signIn(t.app, person.email, person.password)), ...person };
  }

  it('every state from the API, each change in the reporter’s and the follower’s chat; 409s, lost updates, scopes', async () => {
    let tiefbau = await worker('tiefbau');
    const gruen = await worker('gruen');
    const integration = bearer(t.app, await createApiToken(t.container, 'integration'));

    const reporter = await Chat.create(t, '+4921525554001', 'Melderin');
    const summary = await toSummary(reporter, { ...CENTRE, category: 'beleuchtung', colour: '#c00', text: 'Die Laterne am Rathaus ist aus' });
    await reporter.tap(summary, choiceId(summary, 'rep:send:'));
    const follower = await Chat.create(t, '+4921525554002', 'Folger');
    const near = await toSummary(follower, { latitude: CENTRE.latitude + 0.0001, longitude: CENTRE.longitude, category: 'beleuchtung', colour: '#00c', text: 'Laterne dunkel' });
    const [offer] = await follower.tap(near, choiceId(near, 'rep:send:'));
    const [kase] = await db().selectFrom('case_file').selectAll().execute();
    await follower.tap(offer, `rep:dup:${kase!.id}`);
    // a case of another department, and one to be the original of a duplicate
    const other = await Chat.create(t, '+4921525554003', 'Andere');
    const park = await toSummary(other, { latitude: CENTRE.latitude + 0.01, longitude: CENTRE.longitude, category: 'gruenflaechen', colour: '#0c0', text: 'Bank im Park kaputt' });
    await other.tap(park, choiceId(park, 'rep:send:'));
    const third = await Chat.create(t, '+4921525554004', 'Dritte');
    const far = await toSummary(third, { latitude: CENTRE.latitude - 0.01, longitude: CENTRE.longitude, category: 'beleuchtung', colour: '#cc0', text: 'Noch eine Laterne' });
    await third.tap(far, choiceId(far, 'rep:send:'));
    const original = (await db().selectFrom('case_file').selectAll().where('description', '=', 'Noch eine Laterne').executeTakeFirstOrThrow()).reference;

    // The list: the case worker sees their department's cases, filtered and paged; others do not.
    const list = await tiefbau.inject('GET', '/api/cases?status=new&category=beleuchtung&text=RATHAUS&per_page=1');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data.map((c: { reference: string }) => c.reference)).toEqual([kase!.reference]);
    expect(list.json().meta).toEqual({ page: 1, per_page: 1, total: 1 });
    expect((await tiefbau.inject('GET', '/api/cases')).json().meta.total).toBe(2);
    expect((await tiefbau.inject('GET', '/api/cases?per_page=1&page=2')).json().data).toHaveLength(1);
    expect((await tiefbau.inject('GET', '/api/cases?overdue=true')).json().meta.total).toBe(0);
    expect((await tiefbau.inject('GET', '/api/cases?status=resolved')).json().meta.total).toBe(0);
    expect((await tiefbau.inject('GET', `/api/cases?assignee=${tiefbau.id}`)).json().meta.total).toBe(0);
    const bad = await tiefbau.inject('GET', '/api/cases?status=open');
    expect(bad.statusCode).toBe(422);
    expect((await gruen.inject('GET', '/api/cases')).json().data.map((c: { description: string }) => c.description)).toEqual(['Bank im Park kaputt']);
    expect((await gruen.inject('GET', `/api/cases/${kase!.reference}`)).statusCode).toBe(404);
    expect((await integration.inject('GET', '/api/cases')).json().meta.total).toBe(0); // released only

    // One case by reference or by id.
    const one = await tiefbau.inject('GET', `/api/cases/${kase!.reference}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().data).toMatchObject({ id: kase!.id, status: 'new', description: 'Die Laterne am Rathaus ist aus', version: expect.any(Number), allowed_transitions: ['accepted', 'rejected', 'forwarded', 'duplicate'] });
    expect((await tiefbau.inject('GET', `/api/cases/${kase!.id}`)).json().data.reference).toBe(kase!.reference);
    expect(one.body).not.toContain('4921525554001');
    await reporter.flush();
    await follower.flush();

    let version: number = one.json().data.version;
    const move = async (client: Client, to: string, extra: Record<string, unknown> = {}) => {
      const r = await client.inject('POST', `/api/cases/${kase!.reference}/transitions`, { to, version, ...extra });
      if (r.statusCode === 200) version = r.json().data.version;
      return r;
    };
    const told = async () => [(await reporter.flush()).map((i) => (i.type === 'template' ? `template:${JSON.stringify(i.content)}` : body(i))), (await follower.flush()).map((i) => (i.type === 'template' ? `template:${JSON.stringify(i.content)}` : body(i)))];

    // Forbidden: 409 with the allowed ones; another department: not found; nothing changed or sent.
    const skip = await move(tiefbau, 'resolved');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().error).toMatchObject({ code: 'case/invalid_transition', allowed: ['accepted', 'rejected', 'forwarded', 'duplicate'] });
    expect((await move(gruen, 'accepted')).statusCode).toBe(404);
    expect(await told()).toEqual([[], []]);

    // new → accepted: both read it in their chat (the window is open).
    expect((await move(tiefbau, 'accepted')).statusCode).toBe(200);
    const [r1, f1] = await told();
    expect(r1).toEqual([expect.stringContaining(`Neuigkeiten zu Ihrer Meldung ${kase!.reference}: Sie ist jetzt *angenommen*`)]);
    expect(f1).toEqual(r1);

    // Two staff at once with the same version: one wins, the other is told to reload; one message each.
    const [a, b] = await Promise.all([
      tiefbau.inject('POST', `/api/cases/${kase!.id}/transitions`, { to: 'in_progress', version }),
      tiefbau.inject('POST', `/api/cases/${kase!.id}/transitions`, { to: 'rejected', version, reason: 'Keine städtische Laterne' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().error.code).toBe('case/version_conflict');
    const winner = a.statusCode === 200 ? a : b;
    version = winner.json().data.version;
    const [r2] = await told();
    expect(r2).toHaveLength(1);
    if (winner.json().data.status === 'rejected') {
      expect(r2![0]).toContain('abgelehnt');
      expect((await move(tiefbau, 'in_progress', { reason: 'Doch unsere' })).statusCode).toBe(200);
      await told();
    }
    expect((await move(tiefbau, 'accepted', { version: version - 1 })).statusCode).toBe(409);

    // rejected needs a reason; forwarded needs to whom; duplicate needs which.
    expect((await move(tiefbau, 'rejected')).json().error).toMatchObject({ code: 'case/reason_required', field: 'reason' });
    expect((await move(tiefbau, 'forwarded')).json().error).toMatchObject({ code: 'case/forwarded_to_required', field: 'forwarded_to' });
    expect((await move(tiefbau, 'duplicate', { duplicate_of: 'KE-1999-000001' })).statusCode).toBe(422);

    expect((await move(tiefbau, 'rejected', { reason: 'Privatgelände' })).statusCode).toBe(200);
    expect((await told())[0]).toEqual([expect.stringMatching(/jetzt \*abgelehnt\*[\s\S]*Begründung: Privatgelände/)]);
    expect((await move(tiefbau, 'in_progress', { reason: 'Neu geprüft' })).statusCode).toBe(200);
    await told();
    expect((await move(tiefbau, 'forwarded', { forwarded_to: 'Westnetz GmbH' })).statusCode).toBe(200);
    expect((await told())[1]).toEqual([expect.stringContaining('Zuständig ist jetzt: Westnetz GmbH.')]);
    expect((await move(tiefbau, 'in_progress', { reason: 'Westnetz ist nicht zuständig' })).statusCode).toBe(200);
    await told();
    expect((await move(tiefbau, 'duplicate', { duplicate_of: original })).statusCode).toBe(200);
    expect((await told())[0]).toEqual([expect.stringContaining(`zusammen mit der Meldung ${original} bearbeitet`)]);
    expect((await move(tiefbau, 'in_progress', { reason: 'Doch eigenständig' })).statusCode).toBe(200);
    await told();

    // A staff reply: over 4,096 characters refused; else both read it.
    const long = await tiefbau.inject('POST', `/api/cases/${kase!.id}/replies`, { text: 'x'.repeat(4097) });
    expect(long.json().error).toMatchObject({ code: 'case/reply_too_long', field: 'text' });
    expect((await tiefbau.inject('POST', `/api/cases/${kase!.id}/replies`, { text: 'Der Techniker kommt am Dienstag.' })).statusCode).toBe(200);
    expect((await told())[1]).toEqual([expect.stringContaining('Der Techniker kommt am Dienstag.')]);
    version = (await tiefbau.inject('GET', `/api/cases/${kase!.id}`)).json().data.version;

    // Outside the window (clock advanced 25 h): the approved case-update template, for both.
    await db()
      .insertInto('message_template')
      .values({ name: 'anliegen_status', language: 'de', category: 'utility', status: 'approved', body: 'Ihr Anliegen {{1}} hat den Status {{2}}.', parameter_count: 2, serves: '["case_update"]', status_reason: null, meta_id: null, updated_at: 0 })
      .execute();
    t.emulator.updateConfig({ templates: [{ name: 'anliegen_status', language: 'de', category: 'UTILITY', status: 'APPROVED', body: 'Ihr Anliegen {{1}} hat den Status {{2}}.', quick_replies: ['Ganze Nachricht'] }] });
    await t.control('POST', '/clock', { advance_s: 25 * 3600 });
    await t.container.clock.refresh();
    tiefbau = { ...(await signIn(t.app, tiefbau.email, tiefbau.password)), id: tiefbau.id, email: tiefbau.email, password: tiefbau.password }; // the session has ended meanwhile
    expect((await move(tiefbau, 'resolved', { reason: 'Leuchtmittel getauscht' })).statusCode).toBe(200);
    const [templateItem, ...none] = await reporter.flush();
    expect(none).toEqual([]);
    expect(templateItem?.type).toBe('template');
    expect(JSON.stringify(templateItem?.content)).toMatch(/anliegen_status.*erledigt/);
    expect(JSON.stringify(templateItem?.content)).toContain(kase!.reference);
    expect(JSON.stringify(templateItem?.content)).not.toContain('Leuchtmittel');
    const [f9] = await follower.flush();
    expect(f9?.type).toBe('template');
    // The tap on the template's button brings the full text (the window is open now); no dialogue turn.
    const full = await reporter.send({ type: 'button', payload: 'Ganze Nachricht', text: 'Ganze Nachricht', context_wamid: templateItem!.wamid });
    expect(full.map(body)).toEqual([expect.stringMatching(/jetzt \*erledigt\*[\s\S]*Begründung: Leuchtmittel getauscht/)]);
    const fullForFollower = await follower.send({ type: 'button', payload: 'Ganze Nachricht', text: 'Ganze Nachricht', context_wamid: f9!.wamid });
    expect(fullForFollower.map(body)).toEqual([expect.stringMatching(/jetzt \*erledigt\*[\s\S]*Begründung: Leuchtmittel getauscht$/)]);
    expect(choices(full[0]).map((c) => c.id)).toEqual([`case:solved:yes:${kase!.id}`, `case:solved:no:${kase!.id}`]); // only the reporter is asked

    // A follower who stopped updates hears nothing more.
    await db().updateTable('contact').set({ case_updates_stopped_at: 1 }).where('phone', '=', '4921525554002').execute();
    expect((await move(tiefbau, 'in_progress', { reason: 'Laterne wieder aus' })).statusCode).toBe(200);
    const [r10, f10] = await told();
    expect(r10).toHaveLength(1);
    expect(f10).toEqual([]);

    // The history: every step with actor, time and reason.
    const history = (await tiefbau.inject('GET', `/api/cases/${kase!.id}`)).json().data.history as { action: string; to_status: string | null; actor_type: string; actor_id: number | null; reason: string | null }[];
    const steps = history.filter((h) => h.action === 'transition' || h.action === 'reopen');
    expect(steps.map((h) => h.to_status)).toEqual(expect.arrayContaining(['accepted', 'in_progress', 'rejected', 'forwarded', 'duplicate', 'resolved']));
    expect(steps.every((h) => h.actor_type === 'user' && h.actor_id === tiefbau.id)).toBe(true);
    expect(steps.find((h) => h.to_status === 'rejected' && h.reason === 'Privatgelände')).toBeDefined();
    expect(history.filter((h) => h.action === 'reply').map((h) => h.reason)).toEqual(['Der Techniker kommt am Dienstag.']);

    // A reply to a citizen who had their data erased: refused with the reason; nothing written.
    const [question] = await other.say('LÖSCHEN');
    await other.tap(question, 'erase:yes:*');
    const gruenAgain = await signIn(t.app, gruen.email, gruen.password);
    const parkCase = (await gruenAgain.inject('GET', '/api/cases')).json().data[0];
    expect(parkCase.citizen).toBe('none');
    const refused = await gruenAgain.inject('POST', `/api/cases/${parkCase.id}/replies`, { text: 'Wir reparieren die Bank.' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('case/citizen_erased');
    expect(await db().selectFrom('case_history').select('id').where('case_id', '=', parkCase.id).where('action', '=', 'reply').execute()).toEqual([]);
  });
});

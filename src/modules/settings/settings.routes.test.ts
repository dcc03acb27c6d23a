import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.js';
import { createPerson, firstAdmin, signIn, type Client } from '../../test/staff.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

const names = (de: string) => ({ de, en: `${de} (en)`, nl: `${de} (nl)` });

describeEachDatabase('settings API: town data, topics, categories, departments, users, holidays, retention, rate card', (dialect) => {
  let t: TestApp;
  let admin: Client & { cookie: string; csrf: string };

  beforeEach(async () => {
    t = await createTestApp(dialect);
    const a = firstAdmin(t.config);
    admin = await signIn(t.app, a.email, a.password);
  });
  afterEach(async () => {
    await t.close();
  });

  const noStackOrSql = (body: string) => expect(body).not.toMatch(/\bat \S+:\d+:\d+|select |insert into|update "|sqlite|postgres|constraint/i);

  it('the seed is there and editable: topics with Eilmeldungen, categories, departments, holidays, retention, rate card, town', async () => {
    const topics = (await admin.inject('GET', '/api/topics')).json().data;
    expect(topics.find((x: { key: string }) => x.key === 'eilmeldungen')).toMatchObject({ urgent: true, names: { de: 'Eilmeldungen' } });
    const categories = (await admin.inject('GET', '/api/categories')).json().data;
    expect(categories.map((c: { names: { de: string } }) => c.names.de)).toEqual(
      expect.arrayContaining(['Straßenschäden', 'Beleuchtung', 'Müll & Sauberkeit', 'Grünflächen', 'Verkehr', 'Sonstiges']),
    );
    const departments = (await admin.inject('GET', '/api/departments')).json().data;
    expect(departments.length).toBeGreaterThanOrEqual(4);
    const holidays = (await admin.inject('GET', '/api/holidays?year=2026')).json().data;
    expect(holidays).toHaveLength(11);
    expect(holidays.map((h: { date: string }) => h.date)).toContain('2026-06-04'); // Fronleichnam (NRW)
    expect((await admin.inject('GET', '/api/holidays?year=2027')).json().data).toHaveLength(11);
    expect((await admin.inject('GET', '/api/settings/retention')).json().data.raw_webhook_days).toBe(30);
    const card = (await admin.inject('GET', '/api/settings/rate-card')).json().data;
    expect(card).toMatchObject({ currency: 'EUR', estimate: true });
    expect(card.prices).toHaveLength(12);
    expect((await admin.inject('GET', '/api/settings/town')).json().data.name).toBe('Kempen');

    const town = (await admin.inject('GET', '/api/settings/town')).json().data;
    const changed = await admin.inject('PUT', '/api/settings/town', { ...town, contact_phone: '+49 2152 917-1000' });
    expect(changed.statusCode).toBe(200);
    expect((await admin.inject('GET', '/api/settings/town')).json().data.contact_phone).toBe('+49 2152 917-1000');
  });

  it('topics: create and change, key stays, duplicate key is 409 naming the field', async () => {
    const body = { key: 'kultur', names: names('Kultur'), descriptions: names('Theater und Museen') };
    const created = await admin.inject('POST', '/api/topics', body);
    expect(created.statusCode).toBe(201);
    expect(created.json().data).toMatchObject({ key: 'kultur', active: true, urgent: false });
    const dup = await admin.inject('POST', '/api/topics', body);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'topic/key_taken', field: 'key' });
    const id = created.json().data.id;
    const patched = await admin.inject('PATCH', `/api/topics/${id}`, { active: false, names: names('Kultur & Museen'), key: 'ignored' });
    expect(patched.json().data).toMatchObject({ key: 'kultur', active: false, names: { de: 'Kultur & Museen' } });
  });

  it('bad input is rejected naming the field, and nothing is half-saved', async () => {
    const before = (await admin.inject('GET', '/api/topics')).json().data.length;
    const missingNl = await admin.inject('POST', '/api/topics', { key: 'x', names: { de: 'X', en: 'X' }, descriptions: names('X') });
    expect(missingNl.statusCode).toBe(422);
    expect(missingNl.json().error).toMatchObject({ code: 'request/invalid', field: 'names.nl' });
    const badKey = await admin.inject('POST', '/api/topics', { key: 'Not A Key', names: names('X'), descriptions: names('X') });
    expect(badKey.json().error.field).toBe('key');
    expect((await admin.inject('GET', '/api/topics')).json().data.length).toBe(before);

    const category = await admin.inject('POST', '/api/categories', { key: 'baeume', names: names('Bäume'), department_id: 999, deadline_days: 5 });
    expect(category.statusCode).toBe(422);
    expect(category.json().error).toMatchObject({ code: 'department/unknown', field: 'department_id' });
    const days = await admin.inject('POST', '/api/categories', { key: 'baeume', names: names('Bäume'), department_id: 1, deadline_days: 0 });
    expect(days.json().error.field).toBe('deadline_days');

    const users = (await admin.inject('GET', '/api/users')).json().data.length;
    const badDept = await admin.inject('POST', '/api/users', { email: 'neu@kempen.de', name: 'Neu', roles: ['case_worker'], department_ids: [1, 999], password: 'long enough password' });
    expect(badDept.statusCode).toBe(422);
    expect(badDept.json().error.field).toBe('department_ids');
    const badRole = await admin.inject('POST', '/api/users', { email: 'neu@kempen.de', name: 'Neu', roles: ['integration'] });
    expect(badRole.json().error.field).toBe('roles.0');
    const shortPassword = await admin.inject('POST', '/api/users', { email: 'neu@kempen.de', name: 'Neu', roles: ['editor'], password: 'short' });
    expect(shortPassword.json().error).toMatchObject({ field: 'password', code: 'auth/password_too_short' });
    expect((await admin.inject('GET', '/api/users')).json().data.length).toBe(users);

    const card = (await admin.inject('GET', '/api/settings/rate-card')).json().data;
    const incomplete = await admin.inject('PUT', '/api/settings/rate-card', { ...card, prices: card.prices.slice(1) });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().error.field).toBe('prices');
    const negative = await admin.inject('PUT', '/api/settings/rate-card', { ...card, prices: card.prices.map((p: object, i: number) => (i === 3 ? { ...p, price: -1 } : p)) });
    expect(negative.json().error.field).toBe('prices.3.price');
    expect((await admin.inject('GET', '/api/settings/rate-card')).json().data).toEqual(card);

    const retention = await admin.inject('PUT', '/api/settings/retention', { raw_webhook_days: 30, closed_case_personal_data_days: 'a year', inactive_subscriber_days: 1, audit_log_days: 1 });
    expect(retention.json().error.field).toBe('closed_case_personal_data_days');
    const town = await admin.inject('PUT', '/api/settings/town', { name: 'Kempen' });
    expect(town.statusCode).toBe(422);
    expect(town.json().error.field).toBe('service_name');

    const holiday = await admin.inject('POST', '/api/holidays', { date: '2026-02-30', name: 'Kein Tag' });
    expect(holiday.json().error.field).toBe('date');
    const dupHoliday = await admin.inject('POST', '/api/holidays', { date: '2026-12-25', name: 'Weihnachten' });
    expect(dupHoliday.statusCode).toBe(409);
    expect(dupHoliday.json().error.field).toBe('date');

    for (const r of [missingNl, category, badDept, incomplete, town, dupHoliday]) noStackOrSql(r.body);
  });

  it('not JSON, a text body, an unknown route: coded errors without internals', async () => {
    const notJson = await t.app.inject({ method: 'POST', url: '/api/topics', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' }, payload: '{"key":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('request/invalid_json');
    noStackOrSql(notJson.body);
    const text = await t.app.inject({ method: 'POST', url: '/api/topics', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'text/plain' }, payload: 'hi' });
    expect(text.statusCode).toBe(422); // a text body is never an object: no cross-site form posts
    expect((await admin.inject('GET', '/api/nothing-here')).statusCode).toBe(404);
  });

  it('departments and categories: responsibility with contact person and deputy', async () => {
    const contact = await createPerson(t.container, ['case_worker']);
    const deputy = await createPerson(t.container, ['case_worker']);
    const head = await createPerson(t.container, ['approver']);
    const dept = await admin.inject('POST', '/api/departments', { key: 'bauhof', name: 'Bauhof', head_user_id: head.id, contact_user_id: contact.id, deputy_user_id: deputy.id });
    expect(dept.statusCode).toBe(201);
    const deptId = dept.json().data.id;
    const same = await admin.inject('PATCH', `/api/departments/${deptId}`, { deputy_user_id: contact.id });
    expect(same.json().error).toMatchObject({ code: 'responsibility/deputy_is_contact', field: 'deputy_user_id' });
    const ghost = await admin.inject('PATCH', `/api/departments/${deptId}`, { head_user_id: 424242 });
    expect(ghost.json().error).toMatchObject({ field: 'head_user_id' });

    const cat = await admin.inject('POST', '/api/categories', { key: 'baeume', names: names('Bäume'), department_id: deptId, deadline_days: 2 });
    expect(cat.statusCode).toBe(201);
    const r1 = await t.container.responsibility.resolve(t.container.db, cat.json().data.id, new Date('2026-12-23T10:00:00Z'));
    expect(r1).toMatchObject({ responsible_user_id: contact.id, via: 'contact', head_user_id: head.id, deadline_date: '2026-12-28' });

    // During the contact person's absence the deputy takes over; both away → the head.
    expect((await admin.inject('PATCH', `/api/users/${contact.id}`, { absent_from: '2026-12-20', absent_until: '2027-01-06' })).statusCode).toBe(200);
    const r2 = await t.container.responsibility.resolve(t.container.db, cat.json().data.id, new Date('2026-12-23T10:00:00Z'));
    expect(r2).toMatchObject({ responsible_user_id: deputy.id, via: 'deputy' });
    const deputyClient = await signIn(t.app, deputy.email, deputy.password);
    expect((await deputyClient.inject('PATCH', '/api/account', { absent_from: '2026-12-21', absent_until: '2026-12-24' })).statusCode).toBe(200);
    const r3 = await t.container.responsibility.resolve(t.container.db, cat.json().data.id, new Date('2026-12-23T10:00:00Z'));
    expect(r3).toMatchObject({ responsible_user_id: head.id, via: 'head' });
    const backwards = await deputyClient.inject('PATCH', '/api/account', { absent_from: '2026-12-21', absent_until: '2026-12-01' });
    expect(backwards.json().error.field).toBe('absent_until');

    // A category's own contact person wins over the department's.
    const own = await createPerson(t.container, ['case_worker']);
    await admin.inject('PATCH', `/api/categories/${cat.json().data.id}`, { contact_user_id: own.id });
    const r4 = await t.container.responsibility.resolve(t.container.db, cat.json().data.id, new Date('2026-12-23T10:00:00Z'));
    expect(r4).toMatchObject({ responsible_user_id: own.id, via: 'contact' });
  });

  it('users: create with a generated password shown once, roles and departments, the last admin stays', async () => {
    const created = await admin.inject('POST', '/api/users', { email: 'Sachbearbeitung@Kempen.de', name: 'Sam Sachbearbeiter', roles: ['case_worker'], department_ids: [1] });
    expect(created.statusCode).toBe(201);
    const { data: user, password } = created.json();
    expect(user).toMatchObject({ email: 'sachbearbeitung@kempen.de', roles: ['case_worker'], department_ids: [1], active: true });
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    const stored = await t.database.db.selectFrom('staff_user').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await signIn(t.app, 'sachbearbeitung@kempen.de', password);

    const dup = await admin.inject('POST', '/api/users', { email: 'sachbearbeitung@kempen.de', name: 'Nochmal', roles: ['editor'] });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.field).toBe('email');

    const adminId = (await admin.inject('GET', '/api/account')).json().data.id;
    const demote = await admin.inject('PATCH', `/api/users/${adminId}`, { roles: ['editor'] });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error).toMatchObject({ code: 'user/last_admin', field: 'roles' });

    const reset = await admin.inject('POST', `/api/users/${user.id}/password`, {});
    expect(reset.json().data.password).toMatch(/^[A-Za-z0-9]{20}$/);
    await expect(signIn(t.app, 'sachbearbeitung@kempen.de', password)).rejects.toThrow('401');
    await signIn(t.app, 'sachbearbeitung@kempen.de', reset.json().data.password);
    expect(JSON.stringify((await admin.inject('GET', '/api/users')).json())).not.toMatch(/argon2|password_hash/);
  });

  it('the audit log records logins and settings changes, is searchable, and cannot be changed through the API', async () => {
    await t.app.inject({ method: 'POST', url: '/api/session', payload: { email: 'intruder@example.org', password: 'guess-123' } });
    await admin.inject('POST', '/api/holidays', { date: '2026-11-11', name: 'Sankt Martin' });
    const topics = (await admin.inject('GET', '/api/topics')).json().data;
    await admin.inject('PATCH', `/api/topics/${topics[1].id}`, { sort_order: 42 });

    const all = (await admin.inject('GET', '/api/audit')).json();
    const actions = all.data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed', 'settings.holiday.create', 'settings.topic.update']));
    expect(JSON.stringify(all)).not.toContain('guess-123');
    const topicChange = all.data.find((e: { action: string }) => e.action === 'settings.topic.update');
    expect(topicChange).toMatchObject({ actor_type: 'user', actor_label: firstAdmin(t.config).email, subject_type: 'topic', detail: { sort_order: { from: 1, to: 42 } } });

    const failed = (await admin.inject('GET', '/api/audit?q=intruder')).json().data;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ action: 'auth.login_failed', actor_type: 'anonymous', detail: { reason: 'unknown_account' } });
    expect((await admin.inject('GET', '/api/audit?action=settings.')).json().data.every((e: { action: string }) => e.action.startsWith('settings.'))).toBe(true);
    const page = (await admin.inject('GET', '/api/audit?limit=2')).json();
    expect(page.data).toHaveLength(2);
    const next = (await admin.inject('GET', `/api/audit?limit=2&before_id=${page.next_before_id}`)).json();
    expect(next.data[0].id).toBeLessThan(page.data[1].id);
    expect((await admin.inject('GET', '/api/audit?from=yesterday')).json().error.field).toBe('from');

    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST'] as const) {
      expect((await admin.inject(method, '/api/audit', method === 'DELETE' ? undefined : {})).statusCode).toBe(404);
      expect((await admin.inject(method, `/api/audit/${all.data[0].id}`, method === 'DELETE' ? undefined : {})).statusCode).toBe(404);
    }
  });
});

import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.js';
import { anonymous, bearer, createApiToken, createPerson, firstAdmin, signIn, TEST_PASSWORD } from '../../test/staff.js';
import { createTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../../test/test-app.js';
import { INITIAL_PASSWORD_FILE } from './first-admin.js';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './auth.service.js';

describeEachDatabase('sign-in, sessions, CSRF, tokens', (dialect) => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('creates the first admin with a generated password in a 0600 file, once', async () => {
    const file = path.join(t.config.dataDir, INITIAL_PASSWORD_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const admin = firstAdmin(t.config);
    expect(admin.password).toMatch(/^[A-Za-z0-9]{20}$/);
    const client = await signIn(t.app, admin.email, admin.password);
    const session = (await client.inject('GET', '/api/session')).json();
    expect(session.data).toMatchObject({ authenticated: true, auth: 'session', roles: ['admin'], user: { email: admin.email } });
    expect(session.data.capabilities).toContain('settings.write');
  });

  it('GET /api/session answers anonymously with the mode (for the emulator banner)', async () => {
    const r = await anonymous(t.app).inject('GET', '/api/session');
    expect(r.statusCode).toBe(200);
    expect(r.json().data).toMatchObject({ mode: 'emulator', authenticated: false, user: null, csrf_token: null, town: { name: 'Kempen' } });
  });

  it('the session cookie is httpOnly, SameSite=Lax, expiring, and not Secure on http', async () => {
    const admin = firstAdmin(t.config);
    const r = await t.app.inject({ method: 'POST', url: '/api/session', payload: admin });
    const header = String(r.headers['set-cookie']);
    expect(header).toMatch(/stadtbote_session=[A-Za-z0-9_-]{40,}/);
    expect(header).toMatch(/HttpOnly/i);
    expect(header).toMatch(/SameSite=Lax/i);
    expect(header).toMatch(/Max-Age=43200/);
    expect(header).not.toMatch(/Secure/i);
  });

  it('a wrong password is 401 without saying which part was wrong, and is audited without the password', async () => {
    const admin = firstAdmin(t.config);
    const wrong = await anonymous(t.app).inject('POST', '/api/session', { email: admin.email, password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: { code: 'auth/invalid_credentials', message: 'E-mail address or password is wrong' } });
    const unknown = await anonymous(t.app).inject('POST', '/api/session', { email: 'nobody@example.org', password: 'x' });
    expect(unknown.json().error.code).toBe('auth/invalid_credentials');
    const rows = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login_failed').execute();
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toContain('not-the-password');
    expect(rows[0]!.actor_label).toBe(admin.email);
  });

  it('bad input is 422 naming the field', async () => {
    const r = await anonymous(t.app).inject('POST', '/api/session', { email: 'not an address', password: 'x' });
    expect(r.statusCode).toBe(422);
    expect(r.json().error).toMatchObject({ code: 'request/invalid', field: 'email' });
  });

  it('throttles failed logins per account with growing delays, and waiting is enough (no lock-out)', async () => {
    const person = await createPerson(t.container, ['editor']);
    const attempt = (password: string, ip = '10.0.0.1') =>
      t.app.inject({ method: 'POST', url: '/api/session', payload: { email: person.email, password }, remoteAddress: ip });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong')).statusCode).toBe(401);
    const throttled = await attempt(TEST_PASSWORD);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error).toMatchObject({ code: 'auth/throttled', retry_after_s: 1 });
    // The same person from another address is not slowed by the guesser.
    expect((await attempt(TEST_PASSWORD, '10.0.0.2')).statusCode).toBe(200);
    await t.container.clock.advance(1.1);
    expect((await attempt('wrong')).statusCode).toBe(401);
    expect((await attempt('wrong')).json().error.retry_after_s).toBe(2);
    await t.container.clock.advance(2.1);
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('throttles per address across accounts', async () => {
    for (let i = 0; i < 30; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/session', payload: { email: `guess${i}@example.org`, password: 'x' }, remoteAddress: '10.9.9.9' });
      expect(r.statusCode).toBe(401);
    }
    const r = await t.app.inject({ method: 'POST', url: '/api/session', payload: { email: 'guess99@example.org', password: 'x' }, remoteAddress: '10.9.9.9' });
    expect(r.statusCode).toBe(429);
  });

  it('state-changing requests with the cookie need the X-CSRF-Token', async () => {
    const admin = firstAdmin(t.config);
    const client = await signIn(t.app, admin.email, admin.password);
    const body = { key: 'test', names: { de: 'Test', en: 'Test', nl: 'Test' }, descriptions: { de: 'T', en: 'T', nl: 'T' } };
    const without = await t.app.inject({ method: 'POST', url: '/api/topics', headers: { cookie: client.cookie }, payload: body });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('auth/csrf');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/topics', headers: { cookie: client.cookie, 'x-csrf-token': 'nope' }, payload: body });
    expect(wrong.statusCode).toBe(403);
    expect((await client.inject('POST', '/api/topics', body)).statusCode).toBe(201);
    // Reads need no token.
    expect((await t.app.inject({ method: 'GET', url: '/api/topics', headers: { cookie: client.cookie } })).statusCode).toBe(200);
  });

  it('sessions expire after idle time and absolutely; logout ends them', async () => {
    const admin = firstAdmin(t.config);
    const a = await signIn(t.app, admin.email, admin.password);
    await t.container.clock.advance(SESSION_IDLE_MS / 1000 - 60);
    expect((await a.inject('GET', '/api/account')).statusCode).toBe(200);
    await t.container.clock.advance(SESSION_IDLE_MS / 1000 - 60);
    expect((await a.inject('GET', '/api/account')).statusCode).toBe(200);
    await t.container.clock.advance(SESSION_IDLE_MS / 1000 + 1);
    const idle = await a.inject('GET', '/api/account');
    expect(idle.statusCode).toBe(401);
    expect(String(idle.headers['set-cookie'])).toMatch(/stadtbote_session=;/);

    const b = await signIn(t.app, admin.email, admin.password);
    for (let spent = 0; spent < SESSION_ABSOLUTE_MS; spent += SESSION_IDLE_MS / 2) {
      await t.container.clock.advance(SESSION_IDLE_MS / 2000);
      await b.inject('GET', '/api/account');
    }
    expect((await b.inject('GET', '/api/account')).statusCode).toBe(401);

    const c = await signIn(t.app, admin.email, admin.password);
    expect((await c.inject('DELETE', '/api/session')).statusCode).toBe(200);
    expect((await c.inject('GET', '/api/account')).statusCode).toBe(401);
  });

  it('changing the password checks the current one, names the field, and ends other sessions', async () => {
    const person = await createPerson(t.container, ['case_worker']);
    const one = await signIn(t.app, person.email, person.password);
    const two = await signIn(t.app, person.email, person.password);
    const wrong = await one.inject('POST', '/api/account/password', { current_password: 'nope', new_password: 'a new password 123' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.field).toBe('current_password');
    const short = await one.inject('POST', '/api/account/password', { current_password: person.password, new_password: 'short' });
    expect(short.json().error).toMatchObject({ field: 'new_password', code: 'auth/password_too_short' });
    expect((await one.inject('POST', '/api/account/password', { current_password: person.password, new_password: 'a new password 123' })).statusCode).toBe(200);
    expect((await one.inject('GET', '/api/account')).statusCode).toBe(200);
    expect((await two.inject('GET', '/api/account')).statusCode).toBe(401);
    await expect(signIn(t.app, person.email, person.password)).rejects.toThrow('401');
    await signIn(t.app, person.email, 'a new password 123');
  });

  it('API tokens: shown once, stored hashed, scoped to a role, revocable, last use recorded', async () => {
    const admin = await signIn(t.app, firstAdmin(t.config).email, firstAdmin(t.config).password);
    const created = await admin.inject('POST', '/api/tokens', { name: 'CMS', role: 'integration' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json().data;
    expect(token).toMatch(/^sbt_[A-Za-z0-9_-]{43}$/);
    const stored = await t.database.db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(token.slice(4));
    const cms = bearer(t.app, token);
    expect((await cms.inject('GET', '/api/topics')).statusCode).toBe(200);
    expect((await cms.inject('GET', '/api/users')).statusCode).toBe(403);
    const list = (await admin.inject('GET', '/api/tokens')).json().data;
    expect(list[0]).toMatchObject({ id, name: 'CMS', role: 'integration' });
    expect(list[0].last_used_at).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(token);
    expect((await admin.inject('DELETE', `/api/tokens/${id}`)).json().data.revoked_at).not.toBeNull();
    const revoked = await cms.inject('GET', '/api/topics');
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.code).toBe('auth/invalid_token');
  });

  it('STADTBOTE_ADMIN_TOKEN is accepted as admin, also for the operator routes', async () => {
    const boot = bearer(t.app, TEST_ADMIN_TOKEN);
    expect((await boot.inject('GET', '/api/users')).statusCode).toBe(200);
    expect((await boot.inject('GET', '/api/inbound-events/dead')).statusCode).toBe(200);
    const editor = bearer(t.app, await createApiToken(t.container, 'editor'));
    expect((await editor.inject('GET', '/api/inbound-events/dead')).statusCode).toBe(403);
    expect((await anonymous(t.app).inject('GET', '/api/inbound-events/dead')).statusCode).toBe(401);
  });

  it('a deactivated person cannot sign in and loses their sessions', async () => {
    const person = await createPerson(t.container, ['editor']);
    const client = await signIn(t.app, person.email, person.password);
    const admin = bearer(t.app, TEST_ADMIN_TOKEN);
    expect((await admin.inject('PATCH', `/api/users/${person.id}`, { active: false })).statusCode).toBe(200);
    expect((await client.inject('GET', '/api/account')).statusCode).toBe(401);
    await expect(signIn(t.app, person.email, person.password)).rejects.toThrow('401');
  });

  it('the login route is rate-limited per address', async () => {
    let last = 0;
    for (let i = 0; i < 31; i++) {
      last = (await t.app.inject({ method: 'POST', url: '/api/session', payload: { email: 'x@example.org' }, remoteAddress: '10.7.7.7' })).statusCode;
    }
    expect(last).toBe(429);
    const r = await t.app.inject({ method: 'POST', url: '/api/session', payload: { email: 'x@example.org' }, remoteAddress: '10.7.7.7' });
    expect(r.json().error.code).toBe('request/rate_limited');
  });
});

describeEachDatabase('session cookie behind https', (dialect) => {
  it('is Secure when PUBLIC_URL is https', async () => {
    const t = await createTestApp(dialect, { env: { PUBLIC_URL: 'https://stadtbote.kempen.example' } });
    try {
      const r = await t.app.inject({ method: 'POST', url: '/api/session', payload: firstAdmin(t.config) });
      expect(r.statusCode).toBe(200);
      expect(String(r.headers['set-cookie'])).toMatch(/; Secure/i);
    } finally {
      await t.close();
    }
  });
});

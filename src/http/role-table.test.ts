/**
 * The role table (architecture decision 17), checked over EVERY `/api` route: each route is called
 * anonymously, with a session of a person holding one role (admin, editor, approver,
 * case_worker), and with an API token of each role (integration included). Anonymous → 401 (but
 * public routes); a role without the right → 403; a role with it → neither.
 *
 * The expectations below are written from the architecture's table, not from the policy module,
 * so a route that declares the wrong capability fails here. A route that is not listed fails too:
 * later issues add their routes to this table.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLES, type Role } from '../modules/auth/auth.policy.js';
import { describeEachDatabase } from '../test/databases.js';
import { anonymous, bearer, createApiToken, createPerson, signIn, type Client } from '../test/staff.js';
import { createTestApp, type TestApp } from '../test/test-app.js';

/** `public`: anyone; `people`: any signed-in person, no API token; else the roles that may. */
type Expectation = 'public' | 'people' | readonly Role[];

// Rows of decision 17, as route expectations.
const TOPICS_READ = ['admin', 'editor', 'approver', 'integration'] as const; // "topics …: ✔ ✔ read – read topics"
const TOPICS_WRITE = ['admin', 'editor'] as const;
const TEMPLATES_READ = ['admin', 'editor', 'approver'] as const; // "… templates …: ✔ ✔ read – –" (integration reads topics only)
const TEMPLATES_WRITE = ['admin', 'editor'] as const;
const SETTINGS_READ = ['admin', 'approver'] as const; // "categories, departments, users, tokens, holidays, rate card, retention: ✔ – read – –"
const SETTINGS_WRITE = ['admin'] as const;
const AUDIT = ['admin', 'approver'] as const; // "audit log: ✔ – ✔ – –"
const OPERATIONS = ['admin'] as const; // operator tools (dead letters): the administrator's
const TOURISM_READ = ['admin', 'editor', 'approver'] as const; // "topics, templates, tourist answers: ✔ ✔ read – (read topics only)" (issue 9)
const TOURISM_WRITE = ['admin', 'editor'] as const;
const SUBSCRIBER_COUNTS = ['admin', 'editor', 'approver'] as const; // "subscribers: counts: ✔ ✔ ✔ – –" (issue 9)
const SUBSCRIBER_PERSONAL = ['admin'] as const; // "subscribers: look-up, export, erase (personal data): ✔ – – – –" (issue 9)
const BROADCASTS_WRITE = ['admin', 'editor', 'approver', 'integration'] as const; // "broadcasts: write, submit, cancel own: ✔ ✔ ✔ – ✔ (submit only)"
const BROADCASTS_SEND = ['admin', 'editor', 'approver'] as const; // the same row, but integrations "submit only": no send, no cancel
const BROADCASTS_APPROVE = ['admin', 'approver'] as const; // "broadcasts: approve / return (not one's own) …: ✔ – ✔ – –"
const CASES_READ = ['admin', 'approver', 'case_worker', 'integration'] as const; // "cases: read: ✔ – ✔ own departments, released only" (issue 12)
const CASES_ACT = ['admin', 'approver', 'case_worker'] as const; // "cases: transition, reply, note, assign, release: ✔ – ✔ own departments –" (issue 12)

const ROLE_TABLE: Record<string, Expectation> = {
  'GET /api/openapi.json': 'public',
  'GET /api/session': 'public',
  'POST /api/session': 'public',
  'DELETE /api/session': 'people',
  'GET /api/account': 'people',
  'PATCH /api/account': 'people',
  'POST /api/account/password': 'people',
  'GET /api/notifications': 'people',
  'GET /api/notifications/unread-count': 'people',
  'POST /api/notifications/:id/read': 'people',
  'POST /api/notifications/read-all': 'people',
  'GET /api/topics': TOPICS_READ,
  'POST /api/topics': TOPICS_WRITE,
  'PATCH /api/topics/:id': TOPICS_WRITE,
  'GET /api/templates': TEMPLATES_READ,
  'PATCH /api/templates/:id': TEMPLATES_WRITE,
  'POST /api/templates/sync': TEMPLATES_WRITE,
  'GET /api/users': SETTINGS_READ,
  'POST /api/users': SETTINGS_WRITE,
  'PATCH /api/users/:id': SETTINGS_WRITE,
  'POST /api/users/:id/password': SETTINGS_WRITE,
  'GET /api/tokens': SETTINGS_READ,
  'POST /api/tokens': SETTINGS_WRITE,
  'DELETE /api/tokens/:id': SETTINGS_WRITE,
  'GET /api/departments': SETTINGS_READ,
  'POST /api/departments': SETTINGS_WRITE,
  'PATCH /api/departments/:id': SETTINGS_WRITE,
  'GET /api/categories': SETTINGS_READ,
  'POST /api/categories': SETTINGS_WRITE,
  'PATCH /api/categories/:id': SETTINGS_WRITE,
  'GET /api/holidays': SETTINGS_READ,
  'POST /api/holidays': SETTINGS_WRITE,
  'DELETE /api/holidays/:id': SETTINGS_WRITE,
  'GET /api/settings/town': SETTINGS_READ,
  'PUT /api/settings/town': SETTINGS_WRITE,
  'GET /api/settings/retention': SETTINGS_READ,
  'PUT /api/settings/retention': SETTINGS_WRITE,
  'GET /api/settings/rate-card': SETTINGS_READ,
  'PUT /api/settings/rate-card': SETTINGS_WRITE,
  'GET /api/settings/dialogue-texts': SETTINGS_READ,
  'PUT /api/settings/dialogue-texts': SETTINGS_WRITE,
  'GET /api/audit': AUDIT,
  'GET /api/inbound-events/dead': OPERATIONS,
  'POST /api/inbound-events/:id/retry': OPERATIONS,
  // issue 9
  'GET /api/tourist-answers': TOURISM_READ,
  'POST /api/tourist-answers': TOURISM_WRITE,
  'PATCH /api/tourist-answers/:id': TOURISM_WRITE,
  'DELETE /api/tourist-answers/:id': TOURISM_WRITE,
  'GET /api/subscribers/stats': SUBSCRIBER_COUNTS,
  'POST /api/subscribers/lookup': SUBSCRIBER_PERSONAL,
  'GET /api/subscribers/:id': SUBSCRIBER_PERSONAL,
  'GET /api/subscribers/:id/export': SUBSCRIBER_PERSONAL,
  'POST /api/subscribers/:id/erase': SUBSCRIBER_PERSONAL,
  'GET /api/broadcasts': BROADCASTS_WRITE,
  'POST /api/broadcasts': BROADCASTS_WRITE,
  'GET /api/broadcasts/:id': BROADCASTS_WRITE,
  'PUT /api/broadcasts/:id': BROADCASTS_WRITE,
  'GET /api/broadcasts/:id/estimate': BROADCASTS_WRITE,
  'POST /api/broadcasts/:id/submit': BROADCASTS_WRITE,
  'POST /api/broadcasts/:id/send': BROADCASTS_SEND,
  'POST /api/broadcasts/:id/cancel': BROADCASTS_SEND,
  'POST /api/broadcasts/:id/approve': BROADCASTS_APPROVE,
  'POST /api/broadcasts/:id/return': BROADCASTS_APPROVE,
  'POST /api/media': BROADCASTS_WRITE,
  'GET /api/media/:id': BROADCASTS_WRITE,
  // issue 12
  'GET /api/cases': CASES_READ,
  'GET /api/cases/:id': CASES_READ,
  'POST /api/cases/:id/transitions': CASES_ACT,
  'POST /api/cases/:id/replies': CASES_ACT,
  'POST /api/cases/:id/notes': CASES_ACT,
  'POST /api/cases/:id/assign': CASES_ACT,
  'POST /api/cases/:id/handover': CASES_ACT,
  'POST /api/cases/:id/release': CASES_ACT,
};

const PEOPLE_ROLES = ['admin', 'editor', 'approver', 'case_worker'] as const;

describeEachDatabase('role table over every /api route', (dialect) => {
  let t: TestApp;
  const sessions = new Map<Role, Client>();
  const tokens = new Map<Role, Client>();

  beforeAll(async () => {
    t = await createTestApp(dialect);
    for (const role of PEOPLE_ROLES) {
      const person = await createPerson(t.container, [role]);
      sessions.set(role, await signIn(t.app, person.email, person.password));
    }
    for (const role of ROLES) tokens.set(role, bearer(t.app, await createApiToken(t.container, role)));
  });
  afterAll(async () => {
    await t.close();
  });

  it('every /api route is in the table, and every row of the table is a route', () => {
    const registered = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`).sort();
    expect(registered).toEqual(Object.keys(ROLE_TABLE).sort());
  });

  it('the OpenAPI document covers every /api route', async () => {
    const doc = (await anonymous(t.app).inject('GET', '/api/openapi.json')).json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
      .sort();
    expect(documented).toEqual(Object.keys(ROLE_TABLE).sort());
  });

  const call = (client: Client, route: string) => {
    const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', string];
    const url = path.replace(/:id/g, '999999');
    return client.inject(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
  };

  const check = (status: number, body: string, allowed: boolean, who: string, route: string) => {
    const where = `${route} as ${who} → ${status} ${body.slice(0, 120)}`;
    if (allowed) expect([401, 403], where).not.toContain(status);
    else expect(status, where).toBe(who === 'anonymous' ? 401 : 403);
    expect(status, where).toBeLessThan(500);
    expect(body, where).not.toMatch(/\bat \S+:\d+:\d+|select |insert into|sqlite|postgres/i);
  };

  it('anonymous: 401 except on public routes', async () => {
    for (const [route, expectation] of Object.entries(ROLE_TABLE)) {
      const r = await call(anonymous(t.app), route);
      check(r.statusCode, r.body, expectation === 'public', 'anonymous', route);
      if (r.statusCode === 401) expect(r.json().error.code).toMatch(/^auth\//);
    }
  });

  it('sessions of each role: exactly the table', async () => {
    for (const [route, expectation] of Object.entries(ROLE_TABLE)) {
      if (route === 'DELETE /api/session') continue; // below, with sessions of their own
      for (const role of PEOPLE_ROLES) {
        const r = await call(sessions.get(role)!, route);
        const allowed = expectation === 'public' || expectation === 'people' || expectation.includes(role);
        check(r.statusCode, r.body, allowed, `${role} (session)`, route);
      }
    }
  });

  it('API tokens of each role: exactly the table (personal routes are for people only)', async () => {
    for (const [route, expectation] of Object.entries(ROLE_TABLE)) {
      for (const role of ROLES) {
        const r = await call(tokens.get(role)!, route);
        const allowed = expectation === 'public' || (expectation !== 'people' && expectation.includes(role));
        check(r.statusCode, r.body, allowed, `${role} (token)`, route);
      }
    }
  });

  it('every person may sign out', async () => {
    for (const role of PEOPLE_ROLES) {
      const person = await createPerson(t.container, [role]);
      const client = await signIn(t.app, person.email, person.password);
      expect((await call(client, 'DELETE /api/session')).statusCode).toBe(200);
    }
  });
});

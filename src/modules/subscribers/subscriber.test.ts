/**
 * The subscribers screen's API (issue 9): figures for editors and approvers, look-up by number
 * with the consent history, export and erasure on a citizen's written request for the
 * administrator — each access audited without the number; after the erasure nothing of the
 * citizen is left in any table but the salted hash. On SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Chat } from '../../test/chat.js';
import { describeEachDatabase } from '../../test/databases.js';
import { dumpAllTables } from '../../test/dump.js';
import { createPerson, firstAdmin, signIn, type Client } from '../../test/staff.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

describeEachDatabase('subscribers API', (dialect) => {
  let t: TestApp;
  let admin: Client;
  let editor: Client;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    const a = firstAdmin(t.config);
    admin = await signIn(t.app, a.email, a.password);
    const e = await createPerson(t.container, ['editor']);
    editor = await signIn(t.app, e.email, e.password);
  });
  afterEach(async () => {
    await t.close();
  });

  /** A citizen who subscribes to the urgent topic and `topics` through the chat. */
  const subscriber = async (name: string, phone: string, topics: string[]) => {
    const user = (await t.control<{ id: string; bsuid: string }>('POST', '/users', { name, phone })).json;
    const chat = new Chat(t, user.id);
    const [welcome] = await chat.say('Hallo');
    let [list] = await chat.tap(welcome, 'optin:yes:*');
    for (const topic of topics) [list] = await chat.tap(list, `t+:${topic}`);
    await chat.tap(list, 'tdone');
    return { ...user, chat };
  };

  it('figures per topic and per day; look-up, export and erasure on request, each audited; nothing left after it', async () => {
    const erika = await subscriber('Erika Zaunkönig', '+4921525550301', ['abfall']);
    await subscriber('Jan Reiher', '+31612340302', ['abfall', 'veranstaltungen']);
    await erika.chat.say('Mein Gartentor quietscht so schön');

    const stats = (await editor.inject('GET', '/api/subscribers/stats?days=7')).json().data;
    const count = (key: string) => stats.topics.find((x: { key: string }) => x.key === key).subscribers;
    expect(stats.subscribed_contacts).toBe(2);
    expect([count('eilmeldungen'), count('abfall'), count('veranstaltungen'), count('jugend')]).toEqual([2, 2, 1, 0]);
    expect(stats.days).toHaveLength(7);
    expect(stats.days.at(-1)).toMatchObject({ granted: 2, withdrawn: 0, erased: 0 });
    expect(JSON.stringify(stats)).not.toContain('4921525550301');
    expect((await editor.inject('POST', '/api/subscribers/lookup', { phone: '+49 2152 555 0301' })).statusCode).toBe(403);

    expect((await admin.inject('POST', '/api/subscribers/lookup', { phone: 'call me' })).json().error).toMatchObject({ code: 'request/invalid', field: 'phone' });
    expect((await admin.inject('POST', '/api/subscribers/lookup', { phone: '+49 2152 000000' })).json().data).toBeNull();
    const found = (await admin.inject('POST', '/api/subscribers/lookup', { phone: '+49 2152 555 0301' })).json().data;
    expect(found).toMatchObject({ phone: '+4921525550301', user_id: erika.bsuid, name: 'Erika Zaunkönig', subscriptions: [{ key: 'eilmeldungen' }, { key: 'abfall' }] });
    expect(found.consents).toEqual([expect.objectContaining({ action: 'granted', text_version: 'information-v1-de', channel: 'whatsapp' })]);

    const exported = (await admin.inject('GET', `/api/subscribers/${found.id}/export`)).json().data as { key: string; rows: Record<string, unknown>[] }[];
    expect(exported.map((s) => s.key)).toEqual(expect.arrayContaining(['profile', 'consents', 'subscriptions', 'messages_in', 'messages_out', 'accesses']));
    expect(JSON.stringify(exported.find((s) => s.key === 'messages_in'))).toContain('Gartentor quietscht');

    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', 'like', 'personal_data.%').orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.subject_id])).toEqual([
      ['personal_data.view', null],
      ['personal_data.view', String(found.id)],
      ['personal_data.export', String(found.id)],
    ]);
    expect(JSON.stringify(audit)).not.toContain('4921525550301');

    expect((await admin.inject('POST', `/api/subscribers/${found.id}/erase`, {})).statusCode).toBe(422);
    expect((await admin.inject('POST', `/api/subscribers/${found.id}/erase`, { confirm: true })).statusCode).toBe(204);
    expect((await admin.inject('GET', `/api/subscribers/${found.id}`)).statusCode).toBe(404);
    const after = (await editor.inject('GET', '/api/subscribers/stats?days=7')).json().data;
    expect(after.subscribed_contacts).toBe(1);
    expect(after.days.at(-1)).toMatchObject({ erased: 1 });

    const dump = await dumpAllTables(t.database.db, dialect);
    for (const [table, rows] of Object.entries(dump)) {
      const text = JSON.stringify(rows);
      for (const secret of ['4921525550301', erika.bsuid, 'Erika Zaunkönig', 'Gartentor quietscht']) expect(text.includes(secret), `${table} holds ${secret}`).toBe(false);
    }
    expect(dump.privacy_erasure).toEqual([expect.objectContaining({ via: 'staff' })]);
    expect((await t.database.db.selectFrom('audit_log').select('action').orderBy('id', 'desc').executeTakeFirstOrThrow()).action).toBe('personal_data.erase');
  });
});

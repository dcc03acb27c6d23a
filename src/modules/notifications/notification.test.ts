import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.js';
import { startSmtpSink, type SmtpSink } from '../../test/smtp-sink.js';
import { bearer, createApiToken, createPerson, signIn } from '../../test/staff.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { SYSTEM_CONTEXT } from '../auth/principal.js';
import { mailRepository } from './notification.repository.js';

describeEachDatabase('notifications: in-app and e-mail', (dialect) => {
  let t: TestApp;
  let sink: SmtpSink;

  beforeEach(async () => {
    sink = await startSmtpSink();
    t = await createTestApp(dialect, { env: { SMTP_URL: sink.url, MAIL_FROM: 'stadtbote@kempen.example' } });
  });
  afterEach(async () => {
    await t.close();
    await sink.close();
  });

  const departmentId = async () => (await t.container.departments.list(t.container.db)).find((d) => d.key === 'tiefbau')!.id;

  it('notify reaches people by id, role and department (members and head), each once, in their language', async () => {
    const dept = await departmentId();
    const worker = await createPerson(t.container, ['case_worker'], { department_ids: [dept], language: 'en' });
    const head = await createPerson(t.container, ['approver']);
    const editor = await createPerson(t.container, ['editor']);
    await t.container.departments.update(t.container.db, SYSTEM_CONTEXT, dept, { head_user_id: head.id });

    const n = await t.container.db.transaction().execute((trx) =>
      t.container.notifications.notify(trx, {
        department_id: dept,
        role: 'approver',
        user_ids: [worker.id],
        kind: 'case.new',
        title: { de: 'Neues Anliegen', en: 'New case' },
        body: { de: 'Schlagloch in der Burgstraße', en: 'Pothole in Burgstraße' },
        link: '/anliegen/KE-2026-000001',
      }),
    );
    expect(n).toBe(2);

    const workerClient = await signIn(t.app, worker.email, worker.password);
    const list = (await workerClient.inject('GET', '/api/notifications')).json();
    expect(list.unread_count).toBe(1);
    expect(list.data[0]).toMatchObject({ kind: 'case.new', title: 'New case', body: 'Pothole in Burgstraße', link: '/anliegen/KE-2026-000001', read_at: null });
    const headClient = await signIn(t.app, head.email, head.password);
    expect((await headClient.inject('GET', '/api/notifications')).json().data[0].title).toBe('Neues Anliegen');
    const editorClient = await signIn(t.app, editor.email, editor.password);
    expect((await editorClient.inject('GET', '/api/notifications')).json()).toEqual({ data: [], unread_count: 0 });

    // Nobody marks another person's notification.
    const id = list.data[0].id as number;
    expect((await editorClient.inject('POST', `/api/notifications/${id}/read`)).statusCode).toBe(404);
    const read = await workerClient.inject('POST', `/api/notifications/${id}/read`);
    expect(read.json().data.read_at).not.toBeNull();
    expect((await workerClient.inject('GET', '/api/notifications/unread-count')).json().data.unread_count).toBe(0);
    expect((await headClient.inject('POST', '/api/notifications/read-all')).json().data.marked).toBe(1);

    // E-mail goes out off the request, through SMTP, with an absolute link.
    expect(await t.container.mailWorker!.drain()).toBe(2);
    const mails = await sink.waitFor(2);
    const toWorker = mails.find((m) => m.to.includes(worker.email))!;
    expect(toWorker.from).toBe('stadtbote@kempen.example');
    expect(toWorker.subject).toBe('Stadtbote: New case');
    expect(toWorker.text).toContain('Pothole in Burgstraße');
    expect(toWorker.text).toContain(`${t.config.publicUrl}/anliegen/KE-2026-000001`);
    expect(mails.find((m) => m.to.includes(head.email))!.subject).toBe('Stadtbote: Neues Anliegen');
    expect((await mailRepository.list(t.database.db)).map((m) => m.state)).toEqual(['sent', 'sent']);
  });

  it('people who turned e-mail off get the in-app notification only', async () => {
    const person = await createPerson(t.container, ['editor']);
    const client = await signIn(t.app, person.email, person.password);
    expect((await client.inject('PATCH', '/api/account', { email_notifications: false })).json().data.email_notifications).toBe(false);
    await t.container.notifications.notify(t.database.db, { user_ids: [person.id], kind: 'broadcast.approval_requested', title: 'Freigabe', body: 'Bitte prüfen' });
    expect((await client.inject('GET', '/api/notifications')).json().unread_count).toBe(1);
    expect(await mailRepository.list(t.database.db)).toEqual([]);
  });

  it('commits with its cause or not at all', async () => {
    const person = await createPerson(t.container, ['editor']);
    await expect(
      t.container.db.transaction().execute(async (trx) => {
        await t.container.notifications.notify(trx, { user_ids: [person.id], kind: 'case.new', title: 'x', body: 'y' });
        throw new Error('the case was not stored');
      }),
    ).rejects.toThrow('the case was not stored');
    expect(await t.database.db.selectFrom('notification').selectAll().execute()).toEqual([]);
    expect(await mailRepository.list(t.database.db)).toEqual([]);
  });

  it('an unreachable SMTP server means a retry later, not a lost e-mail', async () => {
    const person = await createPerson(t.container, ['editor']);
    await sink.close();
    await t.container.notifications.notify(t.database.db, { user_ids: [person.id], kind: 'case.overdue', title: 'Überfällig', body: 'Frist überschritten' });
    await t.container.mailWorker!.runOnce();
    const [row] = await mailRepository.list(t.database.db);
    expect(row).toMatchObject({ state: 'queued', attempts: 1 });
    expect(row!.last_error).toMatch(/ECONNREFUSED|ESOCKET|Error/);
    expect(row!.last_error).not.toContain(person.email);
    expect(row!.available_at).toBeGreaterThan(t.container.clock.now().getTime());
  });

  it('rejects a malformed kind or link naming the field', async () => {
    await expect(t.container.notifications.notify(t.database.db, { role: 'admin', kind: 'Case New', title: 'x', body: 'y' })).rejects.toMatchObject({ field: 'kind' });
    await expect(t.container.notifications.notify(t.database.db, { role: 'admin', kind: 'case.new', title: 'x', body: 'y', link: 'https://evil.example' })).rejects.toMatchObject({
      field: 'link',
    });
  });

  it('notifications are for people: an API token gets 403', async () => {
    const token = bearer(t.app, await createApiToken(t.container, 'admin'));
    expect((await token.inject('GET', '/api/notifications')).statusCode).toBe(403);
  });
});

describeEachDatabase('notifications without SMTP_URL', (dialect) => {
  it('writes in-app notifications and no e-mail', async () => {
    const t = await createTestApp(dialect);
    try {
      expect(t.container.mailWorker).toBeNull();
      const person = await createPerson(t.container, ['admin']);
      expect(await t.container.notifications.notify(t.database.db, { role: 'admin', kind: 'system.test', title: 'Hallo', body: 'Test' })).toBe(2);
      expect(await mailRepository.list(t.database.db)).toEqual([]);
      void person;
    } finally {
      await t.close();
    }
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../test/databases.js';
import { createTestApp, type TestApp } from '../test/test-app.js';

describeEachDatabase('health and metrics', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('GET /healthz answers ok once the database answers', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: 'ok', dialect });
  });

  it('GET /metrics counts outgoing messages per channel, state and reason, per running broadcast, and the messaging limit', async () => {
    const now = t.container.clock.now().getTime();
    const { id: contactId } = await t.database.db
      .insertInto('contact')
      .values({ phone: '4921525550099', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = { contact_id: contactId, channel: 'whatsapp', payload: '{}', attempts: 0, available_at: now - 5000, created_at: now, updated_at: now };
    await t.database.db
      .insertInto('outbox')
      .values([
        { ...row, kind: 'broadcast', priority: 100, state: 'queued', broadcast_id: 7 },
        { ...row, kind: 'broadcast', priority: 100, state: 'queued', broadcast_id: 7, error_reason: 'messaging_limit' },
        { ...row, kind: 'broadcast', priority: 100, state: 'sent', broadcast_id: 7 },
        { ...row, kind: 'dialogue_reply', priority: 10, state: 'failed', error_reason: 'outside_window' },
        { ...row, kind: 'broadcast', priority: 100, state: 'read', broadcast_id: 3 },
      ])
      .execute();
    await t.database.db.insertInto('messaging_limit_use').values({ contact_id: contactId, counted_at: now }).execute();
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const body = res.body;
    expect(body).toContain('stadtbote_outbox_messages{channel="whatsapp",state="queued",reason=""} 1');
    expect(body).toContain('stadtbote_outbox_messages{channel="whatsapp",state="queued",reason="messaging_limit"} 1');
    expect(body).toContain('stadtbote_outbox_messages{channel="whatsapp",state="failed",reason="outside_window"} 1');
    expect(body).toContain('stadtbote_broadcast_messages{broadcast="7",state="queued"} 2');
    expect(body).toContain('stadtbote_broadcast_messages{broadcast="7",state="sent"} 1');
    expect(body).not.toContain('broadcast="3"'); // finished broadcasts are not listed
    expect(body).toContain('stadtbote_messaging_limit_used 1');
    expect(body).toContain('stadtbote_messaging_limit 250');
    expect(Number(body.match(/^stadtbote_outbox_oldest_due_age_seconds (\S+)$/m)?.[1])).toBeGreaterThanOrEqual(5);
    expect(body).not.toMatch(/4921525550099/);
  });
});

/**
 * Staff override the dialogue's texts through the settings API; the citizen sees the override
 * in the chat (through the emulator), and a bad override is refused naming the field.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.js';
import { firstAdmin, signIn, type Client } from '../../test/staff.js';
import { createTestApp, eventually, type TestApp } from '../../test/test-app.js';

describeEachDatabase('dialogue texts in settings', (dialect) => {
  let t: TestApp;
  let admin: Client;
  beforeEach(async () => {
    t = await createTestApp(dialect);
    const a = firstAdmin(t.config);
    admin = await signIn(t.app, a.email, a.password);
  });
  afterEach(async () => {
    await t.close();
  });

  it('an override saved in settings is what the citizen sees; bad input is refused', async () => {
    expect((await admin.inject('GET', '/api/settings/dialogue-texts')).json()).toEqual({ data: {} });
    const bad = await admin.inject('PUT', '/api/settings/dialogue-texts', { fr: { 'consent.no': 'Non' } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.message).toMatch(/fr|language|key/i);
    const saved = await admin.inject('PUT', '/api/settings/dialogue-texts', { de: { 'consent.no': 'Nein, danke' } });
    expect(saved.statusCode).toBe(200);
    expect((await admin.inject('GET', '/api/settings/dialogue-texts')).json()).toEqual({ data: { de: { 'consent.no': 'Nein, danke' } } });

    const user = (await t.control<{ id: string }>('POST', '/users', { name: 'Erika', phone: '+4921525551111' })).json;
    await t.control('POST', `/users/${user.id}/messages`, { type: 'text', text: 'Hallo' });
    const buttons = await eventually(async () => {
      await t.container.inboundProcessor.drain();
      await t.container.dispatcher.drain();
      const items = (await t.control<{ items: { direction: string; type: string; content: { action?: { buttons?: { reply: { title: string } }[] } } }[] }>('GET', `/users/${user.id}/inbox`)).json.items;
      const welcome = items.find((i) => i.direction === 'out' && i.type === 'interactive');
      return welcome?.content.action?.buttons?.map((b) => b.reply.title) ?? null;
    }, 'the welcome with its buttons');
    expect(buttons).toContain('Nein, danke');
  });
});

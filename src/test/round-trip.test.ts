/**
 * The product and the built-in emulator, end to end over real HTTP: every outgoing message type
 * goes out through the outbox, the dispatcher and the WhatsApp adapter; every inbound type a
 * citizen can send comes back as a signed webhook and is stored as the right event; the one
 * clock moves the product and the emulator together.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { OutgoingMessage } from '../channels/channel.js';
import { outboxRepository } from '../modules/outbox/outbox.repository.js';
import { describeEachDatabase } from './databases.js';
import { createTestApp, eventually, type TestApp } from './test-app.js';
import { textMessage } from './whatsapp-payloads.js';

const PHONE = '4921525557777';
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

interface InboxItem {
  direction: 'in' | 'out';
  wamid: string;
  type: string;
  status?: string;
  content?: Record<string, unknown>;
  error?: { code: number } | null;
}

describeEachDatabase('round trip through the built-in emulator', (dialect) => {
  let t: TestApp;
  let userId: string;
  let contactId: number;
  /** Inbox items before the test's own sends. */
  let before: number;

  beforeEach(async () => {
    t = await createTestApp(dialect);
    t.emulator.updateConfig({
      templates: [
        { name: 'anliegen_status', language: 'de', category: 'UTILITY', status: 'APPROVED', body: 'Ihr Anliegen {{1}} hat den Status {{2}}.', quick_replies: ['Erledigt'] },
      ],
    });
    userId = (await t.control<{ id: string }>('POST', '/users', { name: 'Jan Jansen', phone: `+${PHONE}` })).json.id;
    await t.control('POST', `/users/${userId}/messages`, { type: 'text', text: 'Hallo' });
    await eventually(async () => (await t.database.db.selectFrom('inbound_event').select('id').where('kind', '=', 'message').executeTakeFirst()) ?? null, 'first message');
    await t.container.inboundProcessor.drain();
    await t.container.dispatcher.drain(); // whatever the dialogue answers to "Hallo" goes first
    contactId = (await t.database.db.selectFrom('contact').select('id').executeTakeFirstOrThrow()).id;
    before = (await inbox()).length;
  });
  afterEach(async () => {
    await t.close();
  });

  const inboundMessages = async () =>
    Number((await t.database.db.selectFrom('inbound_event').select((eb) => eb.fn.countAll().as('n')).where('kind', 'in', ['message', 'ignored']).executeTakeFirstOrThrow()).n);
  const inbox = async () => (await t.control<{ items: InboxItem[] }>('GET', `/users/${userId}/inbox`)).json.items;
  const enqueue = (message: OutgoingMessage) => t.container.outbox.enqueue(t.database.db, { contactId, kind: 'dialogue_reply', message });

  it('sends every outgoing message type and the citizen receives each', async () => {
    const upload = await t.container.channel.uploadMedia(Buffer.from(PNG_1x1, 'base64'), 'image/png', 'plan.png');
    expect(upload.ok).toBe(true);
    const mediaId = upload.ok ? upload.mediaId : '';
    const messages: OutgoingMessage[] = [
      { type: 'text', text: 'Willkommen beim Stadtboten!' },
      { type: 'buttons', text: 'Möchten Sie Mitteilungen erhalten?', buttons: [{ id: 'yes', title: 'Ja, gerne' }, { id: 'no', title: 'Nein' }] },
      { type: 'list', text: 'Worum geht es?', button: 'Kategorie', sections: [{ title: 'Kategorien', rows: [{ id: 'road', title: 'Straßenschaden' }, { id: 'light', title: 'Beleuchtung', description: 'Laterne defekt' }] }] },
      { type: 'media', media: 'image', source: { mediaId }, caption: 'Lageplan' },
      { type: 'media', media: 'document', source: { link: 'https://www.kempen.de/satzung.pdf' }, filename: 'satzung.pdf' },
      { type: 'location', latitude: 51.3646, longitude: 6.4187, name: 'Rathaus Kempen', address: 'Buttermarkt 1' },
      { type: 'location_request', text: 'Wo genau ist der Schaden?' },
      { type: 'template', name: 'anliegen_status', language: 'de', body: [{ text: 'KE-2026-000123' }, { text: 'in Bearbeitung' }], quickReplies: [{ index: 0, payload: 'DONE' }] },
    ];
    const ids: number[] = [];
    for (const message of messages) ids.push(await enqueue(message));
    await t.container.dispatcher.drain();
    for (const id of ids) expect(await outboxRepository.findById(t.database.db, id)).toMatchObject({ state: 'sent', error_code: null });

    const first = (await inbox()).slice(before).find((i) => i.direction === 'out')!;
    await enqueue({ type: 'reaction', messageId: first.wamid, emoji: '👍' });
    await t.container.dispatcher.drain();

    const out = (await inbox()).slice(before).filter((i) => i.direction === 'out');
    expect(out.map((i) => i.type)).toEqual(['text', 'interactive', 'interactive', 'image', 'document', 'location', 'interactive', 'template', 'reaction']);
    expect(out.every((i) => !i.error)).toBe(true);
  });

  it('receives every inbound type a citizen can send, stored as the right event', async () => {
    t.emulator.updateConfig({ webhooks: true });
    const sends: Record<string, unknown>[] = [
      { type: 'text', text: 'Die Laterne in der Burgstraße ist aus.' },
      { type: 'image', media: { data_base64: PNG_1x1, mime_type: 'image/png' }, caption: 'Foto' },
      { type: 'document', media: { data_base64: Buffer.from('%PDF-1.4').toString('base64'), mime_type: 'application/pdf', filename: 'brief.pdf' } },
      { type: 'audio', media: { data_base64: Buffer.from('OggS').toString('base64'), mime_type: 'audio/ogg' }, voice: true },
      { type: 'video', media: { data_base64: Buffer.from('....ftypmp4').toString('base64'), mime_type: 'video/mp4' } },
      { type: 'sticker', media: { data_base64: Buffer.from('RIFF....WEBP').toString('base64'), mime_type: 'image/webp' } },
      { type: 'location', latitude: 51.365, longitude: 6.42 },
      { type: 'location', latitude: 51.366, longitude: 6.421, name: 'Burg Kempen', address: 'Thomasstraße 20' },
      { type: 'unsupported', unsupported_type: 'poll' },
      { type: 'contacts', contacts: [{ name: { formatted_name: 'Nachbar' } }] },
    ];
    for (const body of sends) {
      const stored = await inboundMessages(); // one at a time: see below
      expect((await t.control('POST', `/users/${userId}/messages`, body)).status).toBe(201);
      await eventually(async () => (await inboundMessages()) > stored, 'the webhook');
    }
    // interactive answers need a business message to answer
    await enqueue({ type: 'buttons', text: 'Stimmt das?', buttons: [{ id: 'yes', title: 'Ja' }] });
    await enqueue({ type: 'list', text: 'Welche?', button: 'Wählen', sections: [{ rows: [{ id: 'r1', title: 'Eins' }] }] });
    await enqueue({ type: 'template', name: 'anliegen_status', language: 'de', body: [{ text: 'KE-1' }, { text: 'neu' }] });
    await t.container.dispatcher.drain();
    const firstOut = (await inbox()).slice(before).find((i) => i.direction === 'out')!;
    for (const body of [
      { type: 'button_reply', id: 'yes', title: 'Ja' },
      { type: 'list_reply', id: 'r1', title: 'Eins' },
      { type: 'button', payload: 'DONE', text: 'Erledigt' },
      { type: 'reaction', message_id: firstOut.wamid, emoji: '❤️' },
      { type: 'reaction', message_id: firstOut.wamid },
    ]) {
      // Meta delivers webhooks concurrently and these messages share one second: each is stored
      // before the next is sent, so that the expected order is not left to the arrival race.
      const stored = await inboundMessages();
      expect((await t.control('POST', `/users/${userId}/messages`, body)).status).toBe(201);
      await eventually(async () => (await inboundMessages()) > stored, 'the webhook');
    }
    const expected = 1 + sends.length + 5;
    await eventually(async () => {
      const n = await t.database.db.selectFrom('inbound_event').select((eb) => eb.fn.countAll().as('n')).where('kind', 'in', ['message', 'ignored']).executeTakeFirstOrThrow();
      return Number(n.n) >= expected;
    }, 'all inbound webhooks');
    await t.container.inboundProcessor.drain();
    const messages = await t.database.db.selectFrom('inbound_message').selectAll().orderBy('id').execute();
    const contents = messages.map((m) => JSON.parse(m.content) as { type: string; media?: string; source?: string; emoji?: string | null; name?: string; voice?: boolean });
    const summary = contents.map((c) => (c.type === 'media' ? `media:${c.media}` : c.type === 'choice' ? `choice:${c.source}` : c.type));
    expect(summary).toEqual([
      'text',
      'text',
      'media:image',
      'media:document',
      'media:audio',
      'media:video',
      'media:sticker',
      'location',
      'location',
      'unsupported',
      'choice:button',
      'choice:list',
      'choice:template_button',
      'reaction',
      'reaction',
    ]);
    expect(contents[4]!.voice).toBe(true);
    expect(contents[7]!.name).toBeUndefined();
    expect(contents[8]!.name).toBe('Burg Kempen');
    expect(contents[13]!.emoji).toBe('❤️');
    expect(contents[14]!.emoji).toBeNull();
    const ignored = await t.database.db.selectFrom('inbound_event').selectAll().where('state', '=', 'ignored').execute();
    expect(ignored).toHaveLength(1);
    expect(ignored[0]!.ignored_reason).toMatch(/contacts/);
  });

  it('one clock: past 24 hours a free-form message goes out as the approved template; the emulator enforces 131047', async () => {
    await t.database.db
      .insertInto('message_template')
      .values({ name: 'anliegen_status', language: 'de', category: 'utility', status: 'approved', body: 'Ihr Anliegen {{1}} hat den Status {{2}}.', parameter_count: 2, serves: '["case_update"]', status_reason: null, meta_id: null, updated_at: 0 })
      .execute();
    const before = t.container.clock.now().getTime();
    const advanced = await t.control<{ now: string }>('POST', '/clock', { advance_s: 25 * 3600 });
    expect(advanced.status).toBe(200);
    expect(t.container.clock.now().getTime() - before).toBeGreaterThanOrEqual(25 * 3600_000);
    expect(Math.abs(new Date(advanced.json.now).getTime() - t.container.clock.now().getTime())).toBeLessThan(5_000);

    // decided at claim time: the window is closed, so the case update goes out as its template …
    const update = await t.container.outbox.enqueue(t.database.db, {
      contactId,
      kind: 'case_update',
      message: { type: 'text', text: 'Ihr Anliegen KE-2026-000001 ist in Bearbeitung.' },
      fallbackParams: ['KE-2026-000001', 'in Bearbeitung'],
    });
    // … and a free-form message without a stand-in is not sent at all
    const chat = await enqueue({ type: 'text', text: 'Noch Fragen?' });
    await t.container.dispatcher.drain();
    expect(await outboxRepository.findById(t.database.db, chat)).toMatchObject({ state: 'failed', error_reason: 'outside_window' });
    const sent = await eventually(async () => {
      await t.container.inboundProcessor.drain();
      const r = await outboxRepository.findById(t.database.db, update);
      return r?.state === 'read' ? r : null;
    }, 'the template read');
    expect(sent.pricing_category).toBe('utility');
    const out = (await inbox()).filter((i) => i.direction === 'out');
    expect(out.at(-1)).toMatchObject({ type: 'template' });

    // Meta's view can differ from ours (a message it never delivered, clock skew): the emulator
    // then fails a free-form send with 131047 as a status, and the product re-sends the template.
    await t.postWebhook(textMessage({ from: PHONE, id: 'wamid.late', text: 'Hallo?', timestamp: Math.floor(t.container.clock.now().getTime() / 1000) }));
    await t.container.inboundProcessor.drain();
    const second = await t.container.outbox.enqueue(t.database.db, {
      contactId,
      kind: 'case_update',
      message: { type: 'text', text: 'Ihr Anliegen KE-2026-000001 ist erledigt.' },
      fallbackParams: ['KE-2026-000001', 'erledigt'],
    });
    await t.container.dispatcher.drain();
    const failed = await eventually(async () => {
      await t.container.inboundProcessor.drain();
      const r = await outboxRepository.findById(t.database.db, second);
      return r?.state === 'failed' && r.replaced_by !== null ? r : null;
    }, 'the 131047 status and the fallback');
    expect(failed).toMatchObject({ error_code: '131047', error_reason: 'outside_window' });
    await t.container.dispatcher.drain();
    const replacement = await outboxRepository.findById(t.database.db, failed.replaced_by!);
    expect(replacement).toMatchObject({ state: 'sent', cause: `fallback:${second}` });
    expect(JSON.parse(replacement!.payload)).toMatchObject({ type: 'template', name: 'anliegen_status', body: [{ text: 'KE-2026-000001' }, { text: 'erledigt' }] });
  });
});

/**
 * normalizeWebhook against our own real-format fixtures (fixtures/*.json): statuses, more
 * message types, BSUID-only citizens, identity changes, account-level fields, a batch, and odd input.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../channel.js';
import { normalizeWebhook } from './whatsapp.inbound.js';
import { hashJson } from './whatsapp.json.js';

function fixtures(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}
const statuses = fixtures('statuses');
const messages = fixtures('messages');
const system = fixtures('system');
const account = fixtures('account');
const batch = fixtures('batch');

function only(payload: unknown): InboundEvent {
  const events = normalizeWebhook(payload);
  expect(events).toHaveLength(1);
  return events[0] as InboundEvent;
}

describe('statuses', () => {
  const wamid = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=';

  it('sent with pricing and correlation', () => {
    expect(only(statuses.sent_with_pricing)).toMatchObject({
      kind: 'status',
      key: `status:${wamid}:sent`,
      orderKey: 'phone:16505551234',
      at: new Date(1750030073 * 1000),
      externalId: wamid,
      status: 'sent',
      recipient: { phone: '16505551234' },
      pricing: { billable: true, model: 'PMP', type: 'regular', category: 'marketing' },
      correlation: 'outbox:42',
    });
  });

  it('delivered (with a BSUID-era contacts block: the user id joins the recipient)', () => {
    const event = only(statuses.delivered);
    expect(event).toMatchObject({
      key: `status:${wamid}:delivered`,
      status: 'delivered',
      recipient: { phone: '16505551234', userId: 'US.13491208655302741918' },
      pricing: { billable: false, type: 'free_customer_service', category: 'utility' },
    });
    expect(event.raw).toMatchObject({ contacts: [{ user_id: 'US.13491208655302741918' }], status: { id: wamid } });
  });

  it('read without pricing; played', () => {
    const read = only(statuses.read);
    expect(read).toMatchObject({ key: `status:${wamid}:read`, status: 'read' });
    expect(read).not.toHaveProperty('pricing');
    expect(read).not.toHaveProperty('errors');
    expect(only(statuses.played)).toMatchObject({ status: 'played', key: 'status:wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCMjY5QkJGQjg2NUU2RjQ3QTcA:played' });
  });

  it('failed, with the errors classified', () => {
    expect(only(statuses.failed)).toMatchObject({
      kind: 'status',
      status: 'failed',
      correlation: 'outbox:43',
      errors: [
        {
          code: 131047,
          title: 'Re-engagement message',
          reason: 'outside_window',
          retryable: false,
          details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        },
      ],
    });
  });

  it('sent to a BSUID: empty recipient_id, ordered by the user id', () => {
    expect(only(statuses.delivered_to_bsuid)).toMatchObject({
      orderKey: 'user:US.13491208655302741918',
      recipient: { userId: 'US.13491208655302741918' },
    });
    expect((only(statuses.delivered_to_bsuid) as Extract<InboundEvent, { kind: 'status' }>).recipient).not.toHaveProperty('phone');
  });

  it("never takes a user id from another person's contact", () => {
    const payload = structuredClone(statuses.delivered) as { entry: { changes: { value: { contacts: { wa_id: string }[] } }[] }[] };
    const value = payload.entry[0]?.changes[0]?.value;
    if (value?.contacts[0] !== undefined) value.contacts[0].wa_id = '16505550000';
    const event = only(payload) as Extract<InboundEvent, { kind: 'status' }>;
    expect(event.recipient).toEqual({ phone: '16505551234' });
    expect(event.raw).not.toHaveProperty('contacts');
  });

  it('group statuses and unknown states are ignored with a reason', () => {
    expect(only(statuses.group_sent)).toMatchObject({ kind: 'ignored', reason: 'group message statuses are not used by Stadtbote' });
    expect(only(statuses.unknown_status)).toMatchObject({ kind: 'ignored', reason: "status 'deleted' is not used by Stadtbote" });
  });
});

describe('messages', () => {
  it('current location: coordinates only', () => {
    const event = only(messages.current_location);
    expect(event).toMatchObject({ kind: 'message', content: { type: 'location', latitude: 51.36422, longitude: 6.41943 } });
    expect(Object.keys((event as Extract<InboundEvent, { kind: 'message' }>).content).sort()).toEqual(['latitude', 'longitude', 'type']);
  });

  it('voice note, audio file (forwarded), video (frequently forwarded), sticker, document', () => {
    expect(only(messages.voice)).toMatchObject({
      content: { type: 'media', media: 'audio', mediaId: '1234567890987654321', mimeType: 'audio/ogg; codecs=opus', voice: true },
    });
    const audio = only(messages.audio_file);
    expect(audio).toMatchObject({ forwarded: true, content: { media: 'audio', voice: false } });
    expect(only(messages.video)).toMatchObject({ forwarded: true, content: { media: 'video', mediaId: '765756756', caption: 'Wasser im Keller' } });
    expect(only(messages.sticker)).toMatchObject({ content: { media: 'sticker', animated: true, mimeType: 'image/webp' } });
    expect(only(messages.document)).toMatchObject({
      content: { media: 'document', filename: 'Antrag Sondernutzung.pdf', caption: 'Antrag', mimeType: 'application/pdf' },
    });
    expect(only(messages.image_with_url)).toMatchObject({ content: { media: 'image', mediaId: '1003383421387257' } });
  });

  it('media with errors[] becomes unsupported content with the error code', () => {
    expect(only(messages.media_error)).toMatchObject({
      kind: 'message',
      content: { type: 'unsupported', reason: 'video could not be received: Media download error', errorCode: 131052 },
    });
    expect(only(messages.media_error_details_on_error)).toMatchObject({
      content: { type: 'unsupported', errorCode: 400, reason: 'image could not be received: Media download failed: Not retrying as download is not retriable at this time' },
    });
  });

  it('reaction and its removal (empty or missing emoji)', () => {
    const target = 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBJCVVNJTkVTU01FU1NBR0UwMQA=';
    expect(only(messages.reaction)).toMatchObject({ content: { type: 'reaction', messageId: target, emoji: '😮' } });
    expect(only(messages.unreaction_empty)).toMatchObject({ content: { type: 'reaction', messageId: target, emoji: null } });
    expect(only(messages.unreaction_no_emoji)).toMatchObject({ content: { type: 'reaction', messageId: target, emoji: null } });
  });

  it('BSUID-only citizen: empty from and wa_id, user id, username, country code', () => {
    const event = only(messages.bsuid_only);
    expect(event).toMatchObject({
      kind: 'message',
      key: 'message:wamid.cloud-bsuid-only-message',
      orderKey: 'user:DE.2081978709342942',
      from: { userId: 'DE.2081978709342942', name: 'Muhsin', username: '@muhsin', countryCode: 'DE' },
      content: { type: 'text', text: 'Laterne defekt' },
    });
    expect((event as Extract<InboundEvent, { kind: 'message' }>).from).not.toHaveProperty('phone');
    expect(only(messages.bsuid_without_from)).toMatchObject({ orderKey: 'user:DE.2081978709342942', from: { userId: 'DE.2081978709342942' } });
  });

  it("takes the value's only contact when from and wa_id differ (e.g. Brazilian numbers)", () => {
    const payload = structuredClone(messages.document) as { entry: { changes: { value: { contacts: { wa_id: string }[] } }[] }[] };
    const value = payload.entry[0]?.changes[0]?.value;
    if (value?.contacts[0] !== undefined) value.contacts[0].wa_id = '5516505551234';
    expect(only(payload)).toMatchObject({ orderKey: 'phone:16505551234', from: { phone: '16505551234', name: 'Sheena Nelson' } });
  });

  it('phone and BSUID: both on the sender, ordered by the phone', () => {
    expect(only(messages.phone_and_bsuid)).toMatchObject({
      orderKey: 'phone:16505551234',
      from: { phone: '16505551234', userId: 'US.13491208655302741918', username: '@testusername', countryCode: 'US' },
    });
  });

  it('unsupported types keep the kind Meta names; unknown interactive and message types are unsupported content', () => {
    expect(only(messages.unsupported_poll)).toMatchObject({
      content: { type: 'unsupported', reason: "unsupported message type 'poll': Message type unknown", errorCode: 131051 },
    });
    expect(only(messages.flow_reply)).toMatchObject({
      kind: 'message',
      replyTo: 'wamid.original-flow-message',
      content: { type: 'unsupported', reason: "interactive reply 'nfm_reply' is not supported by Stadtbote" },
    });
    expect(only(messages.request_welcome)).toMatchObject({
      content: { type: 'unsupported', reason: "message type 'request_welcome' is not supported by Stadtbote" },
    });
  });
});

describe('identity changes', () => {
  it('user_changed_number with the new BSUID', () => {
    expect(only(system.changed_number_with_bsuid)).toMatchObject({
      kind: 'identity_changed',
      key: 'message:wamid.HBgLMTY1MDU1NTEyMzQVAgASGAoxMTgyMDg2MjY3AA==',
      orderKey: 'phone:16505551234',
      previous: { phone: '16505551234', userId: 'US.13491208655302741918' },
      current: { phone: '12195555358', userId: 'US.99887766554433221100' },
    });
  });

  it('user_changed_user_id (no phone at all)', () => {
    expect(only(system.changed_user_id)).toMatchObject({
      kind: 'identity_changed',
      orderKey: 'user:CO.1234567890',
      previous: { userId: 'CO.1234567890' },
      current: { userId: 'MX.0987654321' },
    });
  });

  it('other system messages and incomplete changes are ignored, without the body text', () => {
    expect(only(system.customer_identity_changed)).toMatchObject({ kind: 'ignored', reason: "system message type 'customer_identity_changed' is not used by Stadtbote" });
    expect(only(system.changed_number_without_new_identity)).toMatchObject({
      kind: 'ignored',
      reason: "system message 'user_changed_number' without previous and new identity",
    });
  });
});

describe('account-level fields', () => {
  it('user_preferences: marketing stop and resume (BSUID)', () => {
    const stop = only(account.marketing_stop);
    expect(stop).toMatchObject({
      kind: 'preference',
      orderKey: 'phone:16505551234',
      at: new Date(1731705721 * 1000),
      who: { phone: '16505551234' },
      category: 'marketing',
      value: 'stop',
    });
    expect(stop.key).toBe(`preference:${hashJson(stop.raw)}`);
    expect(only(account.marketing_resume_bsuid)).toMatchObject({ orderKey: 'user:DE.2081978709342942', who: { userId: 'DE.2081978709342942' }, value: 'resume' });
    expect(only(account.unknown_preference)).toMatchObject({ kind: 'ignored', reason: "user preference 'unknown' = 'bla' is not used by Stadtbote" });
  });

  it('template status updates: approved, paused, rejected, disabled', () => {
    const approved = only(account.template_approved);
    expect(approved).toMatchObject({
      kind: 'template_status',
      orderKey: 'template:abfall_aenderung',
      at: new Date(1751247548 * 1000),
      template: { name: 'abfall_aenderung', language: 'de', id: '1689556908129832' },
      event: 'approved',
      category: 'utility',
    });
    expect(approved).not.toHaveProperty('reason');
    expect(approved.key).toMatch(/^template_status:1689556908129832:approved:[0-9a-f]{16}$/);
    expect(only(account.template_paused)).toMatchObject({ event: 'paused', reason: 'FIRST_PAUSE' });
    expect(only(account.template_rejected)).toMatchObject({
      event: 'rejected',
      category: 'marketing',
      reason: 'INVALID_FORMAT: Your template has parameters placed next to each other (like {{1}}{{2}}) without text or punctuation between them.',
    });
    expect(only(account.template_disabled)).toMatchObject({ event: 'disabled', template: { name: 'umfrage' } });
  });

  it('template category updates: completed and scheduled', () => {
    expect(only(account.category_changed)).toMatchObject({
      kind: 'template_status',
      event: 'category_changed',
      category: 'marketing',
      previousCategory: 'utility',
      key: expect.stringMatching(/^template_status:278077987957091:category_changed:[0-9a-f]{16}$/),
    });
    expect(only(account.category_change_scheduled)).toMatchObject({
      event: 'category_change_scheduled',
      category: 'marketing',
      previousCategory: 'utility',
      reason: 'takes effect 2025-05-02T07:00:00.000Z',
    });
  });

  it('value-level errors → channel_error, classified', () => {
    const event = only(account.value_errors);
    expect(event).toMatchObject({ kind: 'channel_error', errors: [{ code: 130429, reason: 'throughput', retryable: true, title: 'Rate limit hit' }] });
    expect(event.key).toBe(`channel_error:${hashJson(event.raw)}`);
    expect(event.orderKey).toBe(event.key);
  });

  it('unknown fields and unknown shapes → ignored, naming them', () => {
    expect(only(account.unknown_field)).toMatchObject({ kind: 'ignored', reason: "webhook field 'phone_number_quality_update' is not handled by Stadtbote", at: new Date(1751300100 * 1000) });
    expect(only(account.messages_without_content)).toMatchObject({ kind: 'ignored', reason: 'messages change without messages, statuses or errors' });
  });
});

describe('a batch with several entries, changes, messages and statuses', () => {
  const events = normalizeWebhook(batch.batch, new Date('2026-05-12T00:00:00Z'));

  it('yields one event per part, in payload order', () => {
    expect(events.map((e) => [e.kind, e.key.startsWith('ignored:') ? 'ignored:…' : e.key.replace(/:[0-9a-f]{16}$/, ':…')])).toEqual([
      ['message', 'message:wamid.batch-1'],
      ['message', 'message:wamid.batch-2'],
      ['message', 'message:wamid.batch-3'],
      ['status', 'status:wamid.out-1:sent'],
      ['status', 'status:wamid.out-1:read'],
      ['template_status', 'template_status:42:approved:…'],
      ['ignored', 'ignored:…'],
    ]);
  });

  it('attributes each message to its own contact, and keeps only that contact in raw', () => {
    const [first, second] = events as Extract<InboundEvent, { kind: 'message' }>[];
    expect(first).toMatchObject({ orderKey: 'phone:4921525550001', from: { phone: '4921525550001', name: 'Anna' } });
    expect(second).toMatchObject({ orderKey: 'user:DE.555000111222333', from: { userId: 'DE.555000111222333', name: 'Bernd', countryCode: 'DE' } });
    expect((first?.raw as { contacts: unknown[] }).contacts).toEqual([{ profile: { name: 'Anna' }, wa_id: '4921525550001' }]);
  });

  it('uses entry.time, then receivedAt, for parts without their own timestamp', () => {
    expect(events[5]?.at).toEqual(new Date(1778600010 * 1000));
    const noTime = normalizeWebhook(account.value_errors, new Date('2026-05-12T00:00:00Z'));
    expect(noTime[0]?.at).toEqual(new Date('2026-05-12T00:00:00Z'));
  });

  it('gives a redelivery the same keys', () => {
    expect(normalizeWebhook(structuredClone(batch.batch)).map((e) => e.key)).toEqual(events.map((e) => e.key));
  });
});

describe('odd input never throws', () => {
  const odd: unknown[] = [
    null,
    undefined,
    42,
    'text',
    [],
    {},
    { object: 'page', entry: [] },
    { object: 'whatsapp_business_account' },
    { object: 'whatsapp_business_account', entry: [null, 1, { changes: 'x' }, { changes: [null, { field: 'messages' }, { field: 7, value: {} }] }] },
    {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                contacts: 'x',
                messages: [null, {}, { id: 'wamid.1' }, { id: 'wamid.2', from: 5, type: 'image', image: 'x' }, { id: 'wamid.3', from: '49', type: 'location', location: { latitude: 'north' } }],
                statuses: [7, { id: 'w' }, { status: 'sent', recipient_id: '49' }, { id: 'w', status: 'sent' }, { id: 'w', status: 'sent', recipient_id: '49', errors: [null, { code: 'x' }] }],
                errors: [{}],
              },
            },
            { field: 'user_preferences', value: { user_preferences: [null, { category: 'marketing_messages', value: 'stop' }] } },
            { field: 'message_template_status_update', value: { event: 5 } },
            { field: 'template_category_update', value: { message_template_name: 'x' } },
          ],
        },
      ],
    },
  ];

  it.each(odd.map((payload, i) => [i, payload] as const))('payload %i → events, no exception', (_i, payload) => {
    const events = normalizeWebhook(payload);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event.key).not.toBe('');
      expect(event.orderKey).not.toBe('');
      expect(event.at).toBeInstanceOf(Date);
    }
  });

  it('maps the odd parts to named reasons', () => {
    const events = normalizeWebhook(odd[9]);
    const reasons = events.filter((e) => e.kind === 'ignored').map((e) => (e as { reason: string }).reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'message is not an object',
        'message without id',
        'status is not an object',
        'status without message id',
        "status '(missing)' is not used by Stadtbote",
        'status without recipient',
        "user preference '(missing)' = '(missing)' is not used by Stadtbote",
        'user preference without user identity',
        'template status update without event',
        'template category update without category',
      ]),
    );
    expect(reasons.filter((r) => r === 'message without sender identity')).toHaveLength(2);
    expect(events.find((e) => e.key === 'message:wamid.3')).toMatchObject({
      kind: 'message',
      content: { type: 'unsupported', reason: 'location without coordinates' },
    });
  });
});

describe('reasons carry no personal data', () => {
  it('never contain names, numbers or message texts of any fixture', () => {
    const all = [statuses, messages, system, account, batch].flatMap((set) =>
      Object.entries(set)
        .filter(([key]) => !key.startsWith('_'))
        .flatMap(([, payload]) => normalizeWebhook(payload)),
    );
    const texts = all.flatMap((e) => [
      e.kind === 'ignored' ? e.reason : '',
      e.kind === 'message' && e.content.type === 'unsupported' ? e.content.reason : '',
    ]);
    for (const text of texts) {
      expect(text).not.toMatch(/\d{6,}/);
      expect(text).not.toMatch(/Sheena|Muhsin|Anna|Bernd|Laterne|Schlagloch/);
    }
  });
});

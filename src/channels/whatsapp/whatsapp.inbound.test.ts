import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InboundEvent } from '../channel.js';
import { normalizeWebhook, verifyHandshake, verifySignature } from './whatsapp.inbound.js';

const META = new URL('./fixtures/meta/webhooks/', import.meta.url);
const meta = (file: string): unknown => JSON.parse(readFileSync(new URL(file, META), 'utf8'));

function only(payload: unknown): InboundEvent {
  const events = normalizeWebhook(payload);
  expect(events).toHaveLength(1);
  return events[0] as InboundEvent;
}

const sign = (body: Buffer | string, secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('verifySignature', () => {
  const secret = 'app-secret';
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

  it('accepts the right signature, upper- or lower-case hex', () => {
    expect(verifySignature(body, sign(body, secret), secret)).toBe(true);
    expect(verifySignature(body, `sha256=${sign(body, secret).slice(7).toUpperCase()}`, secret)).toBe(true);
  });

  it('rejects a missing header, a wrong prefix, malformed or wrong hex, another secret, an empty secret', () => {
    const hex = sign(body, secret).slice('sha256='.length);
    expect(verifySignature(body, undefined, secret)).toBe(false);
    expect(verifySignature(body, '', secret)).toBe(false);
    expect(verifySignature(body, `sha1=${hex}`, secret)).toBe(false);
    expect(verifySignature(body, hex, secret)).toBe(false);
    expect(verifySignature(body, `sha256=${hex.slice(0, 63)}`, secret)).toBe(false);
    expect(verifySignature(body, `sha256=${hex.slice(0, 63)}g`, secret)).toBe(false);
    expect(verifySignature(body, `sha256=${'0'.repeat(64)}`, secret)).toBe(false);
    expect(verifySignature(body, sign(body, 'other-secret'), secret)).toBe(false);
    expect(verifySignature(body, sign(body, ''), '')).toBe(false);
  });

  it('signs the raw bytes: non-ASCII bodies verify as sent, not as re-serialised', () => {
    const raw = Buffer.from('{"text":{"body":"Grüße aus Kempen 👍 \\u00fc"}}', 'utf8');
    expect(verifySignature(raw, sign(raw, secret), secret)).toBe(true);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))), 'utf8');
    expect(reserialised.equals(raw)).toBe(false);
    expect(verifySignature(reserialised, sign(raw, secret), secret)).toBe(false);
  });
});

describe('verifyHandshake', () => {
  const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' };

  it('returns the challenge for mode subscribe and the right token', () => {
    expect(verifyHandshake(query, 'verify-me')).toBe('1158201444');
    expect(verifyHandshake({ hub: { mode: 'subscribe', verify_token: 'verify-me', challenge: 'abc' } }, 'verify-me')).toBe('abc');
  });

  it('returns null for a wrong or missing token, another mode, no challenge, or an unset token', () => {
    expect(verifyHandshake({ ...query, 'hub.verify_token': 'verify-mE' }, 'verify-me')).toBeNull();
    expect(verifyHandshake({ ...query, 'hub.verify_token': 'verify-me-too' }, 'verify-me')).toBeNull();
    expect(verifyHandshake({ 'hub.mode': 'subscribe', 'hub.challenge': '1' }, 'verify-me')).toBeNull();
    expect(verifyHandshake({ ...query, 'hub.mode': 'unsubscribe' }, 'verify-me')).toBeNull();
    expect(verifyHandshake({ ...query, 'hub.challenge': '' }, 'verify-me')).toBeNull();
    expect(verifyHandshake({ ...query, 'hub.verify_token': ['verify-me', 'x'] }, 'verify-me')).toBeNull();
    expect(verifyHandshake({ ...query, 'hub.verify_token': '' }, '')).toBeNull();
  });
});

describe("normalizeWebhook: Meta's 16 webhook examples", () => {
  const sheena = { phone: '16505551234', name: 'Sheena Nelson' };

  it('covers all 16 files', () => {
    expect(readdirSync(META).filter((f) => f.endsWith('.json'))).toHaveLength(16);
  });

  it('text-message.json', () => {
    expect(only(meta('text-message.json'))).toEqual({
      kind: 'message',
      key: 'message:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
      orderKey: 'phone:16505551234',
      at: new Date(1749416383 * 1000),
      externalId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
      from: sheena,
      content: { type: 'text', text: 'Does it come in another color?' },
      raw: {
        metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
        contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
        message: {
          from: '16505551234',
          id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
          timestamp: '1749416383',
          type: 'text',
          text: { body: 'Does it come in another color?' },
        },
      },
    });
  });

  it('text-message-from-click-to-whatsapp-ad.json', () => {
    expect(only(meta('text-message-from-click-to-whatsapp-ad.json'))).toMatchObject({
      kind: 'message',
      key: 'message:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUQ0N0VFMDA2MTQ0RkJFNkNDNAA=',
      content: { type: 'text', text: 'Hello! Can I get more info on this?' },
    });
  });

  it('text-message-with-context-product-inquiry.json: the quoted message becomes replyTo', () => {
    expect(only(meta('text-message-with-context-product-inquiry.json'))).toMatchObject({
      kind: 'message',
      key: 'message:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTA2NTUwRkNEMDdFQjJCRUU0NQA=',
      replyTo: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA',
      content: { type: 'text', text: 'Is this still available?' },
    });
  });

  it('image-message.json', () => {
    expect(only(meta('image-message.json'))).toMatchObject({
      kind: 'message',
      key: 'message:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
      orderKey: 'phone:16505551234',
      at: new Date(1744344496 * 1000),
      content: {
        type: 'media',
        media: 'image',
        mediaId: '1003383421387256',
        mimeType: 'image/jpeg',
        sha256: 'SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=',
        caption: 'Taj Mahal',
      },
    });
  });

  it('location-message.json: a chosen place with name, address and url', () => {
    expect(only(meta('location-message.json'))).toMatchObject({
      kind: 'message',
      key: 'message:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTU2MjZEMDBGRkE3MENEMDE0RQA=',
      content: {
        type: 'location',
        latitude: 37.44221496582,
        longitude: -122.16165924072,
        name: 'Philz Coffee',
        address: '101 Forest Ave, Palo Alto, CA 94301',
        url: 'https://philzcoffee.com/',
      },
    });
  });

  it('interactive-button-reply-message.json', () => {
    const event = only(meta('interactive-button-reply-message.json'));
    expect(event).toMatchObject({
      kind: 'message',
      key: 'message:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTZBQzg0MzQ4QjRCM0NGNkVGOAA=',
      replyTo: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA',
      content: { type: 'choice', source: 'button', id: 'cancel-button', title: 'Cancel' },
    });
  });

  it('interactive-list-reply-message.json', () => {
    expect(only(meta('interactive-list-reply-message.json'))).toMatchObject({
      kind: 'message',
      key: 'message:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUJDQ0NDM0FEODY4ODkzOTc5RgA=',
      replyTo: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJGMzEyNzhENTZDMzNGODlDRDgA',
      content: { type: 'choice', source: 'list', id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' },
    });
  });

  it('button-message.json: quick reply of a template', () => {
    expect(only(meta('button-message.json'))).toMatchObject({
      kind: 'message',
      key: 'message:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUU0M0MxQzQzMUJCMTMwNUZFOQA=',
      replyTo: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJFNjk2OTMwNEZCQjhGMzUyQUYA',
      content: { type: 'choice', source: 'template_button', id: 'Unsubscribe', title: 'Unsubscribe' },
    });
  });

  it('reaction-message.json', () => {
    expect(only(meta('reaction-message.json'))).toMatchObject({
      kind: 'message',
      key: 'message:wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
      at: new Date(1749419544 * 1000),
      content: { type: 'reaction', messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RTJEOTc2ODVERUY5RDlGNkYA', emoji: '👍' },
    });
  });

  it('unsupported-message.json: content unsupported with the reason and code', () => {
    expect(only(meta('unsupported-message.json'))).toMatchObject({
      kind: 'message',
      key: 'message:wamid.HBgLMTQyMDU1NTA3NDkVAgASGBI5N0MwRjg0RTVBNUI1RDA2OTkA',
      content: { type: 'unsupported', reason: 'unsupported message: Message type unknown', errorCode: 131051 },
    });
  });

  it('system-message.json: user_changed_number moves the identity', () => {
    const event = only(meta('system-message.json'));
    expect(event).toMatchObject({
      kind: 'identity_changed',
      key: 'message:wamid.HBgLMTk4MzU1NTE5NzQVAgASGAoxMTgyMDg2MjY3AA==',
      orderKey: 'phone:16505551234',
      previous: { phone: '16505551234' },
      current: { phone: '12195555358' },
      at: new Date(1750269342 * 1000),
    });
  });

  it.each([
    ['contact-sharing-message.json', "message type 'contacts' is not used by Stadtbote"],
    ['order-message.json', "message type 'order' is not used by Stadtbote"],
    ['group-create-message.json', "group events are not used by Stadtbote (field 'group_lifecycle_update')"],
    ['group-remove-participants.json', "group events are not used by Stadtbote (field 'group_participants_update')"],
    ['group-settings-update.json', "group events are not used by Stadtbote (field 'group_settings_update')"],
  ])('%s is ignored with a named reason', (file, reason) => {
    const event = only(meta(file));
    expect(event).toMatchObject({ kind: 'ignored', reason });
    expect(event.key).toMatch(/^ignored:[0-9a-f]{64}$/);
    expect(event.orderKey).toBe(event.key);
  });
});

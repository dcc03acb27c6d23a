import { describe, expect, it } from 'vitest';
import { buildMarkReadBody, buildMessageBody, recipientAddress } from './whatsapp.outbound.js';

const phone = { phone: '4921525551234' };
const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+4921525551234' };

describe('recipientAddress', () => {
  it('prefers "+" and the phone digits, else the BSUID, else null', () => {
    expect(recipientAddress({ phone: '4921525551234', userId: 'DE.1' })).toBe('+4921525551234');
    expect(recipientAddress({ phone: '+49 2152 555-1234' })).toBe('+4921525551234');
    expect(recipientAddress({ phone: '', userId: 'DE.13491208655302741918' })).toBe('DE.13491208655302741918');
    expect(recipientAddress({})).toBeNull();
  });

  it('makes buildMessageBody throw for an identity without phone and user id', () => {
    expect(() => buildMessageBody({}, { type: 'text', text: 'a' })).toThrow(/neither phone nor user id/);
  });
});

describe('buildMessageBody', () => {
  it('text: preview_url defaults to false; replyTo → context; correlation → biz_opaque_callback_data', () => {
    expect(buildMessageBody(phone, { type: 'text', text: 'Hallo' })).toEqual({ ...envelope, type: 'text', text: { body: 'Hallo', preview_url: false } });
    expect(buildMessageBody({ userId: 'DE.1' }, { type: 'text', text: 'https://a.de', previewUrl: true, replyTo: 'wamid.Q' }, { correlation: 'outbox:7' })).toEqual({
      ...envelope,
      to: 'DE.1',
      type: 'text',
      text: { body: 'https://a.de', preview_url: true },
      context: { message_id: 'wamid.Q' },
      biz_opaque_callback_data: 'outbox:7',
    });
  });

  it('reply buttons with header and footer', () => {
    const body = buildMessageBody(phone, {
      type: 'buttons',
      header: 'Kopf',
      text: 'Frage?',
      footer: 'Fuß',
      buttons: [
        { id: 'y', title: 'Ja' },
        { id: 'n', title: 'Nein' },
      ],
    });
    expect(body).toEqual({
      ...envelope,
      type: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'text', text: 'Kopf' },
        body: { text: 'Frage?' },
        footer: { text: 'Fuß' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'y', title: 'Ja' } },
            { type: 'reply', reply: { id: 'n', title: 'Nein' } },
          ],
        },
      },
    });
  });

  it('list: optional section titles and row descriptions only when given', () => {
    const body = buildMessageBody(phone, {
      type: 'list',
      text: 'Wählen',
      button: 'Liste',
      sections: [{ rows: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B', description: 'Bee' }] }],
    });
    expect(body).toEqual({
      ...envelope,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Wählen' },
        action: { button: 'Liste', sections: [{ rows: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B', description: 'Bee' }] }] },
      },
    });
  });

  it('media by id and by link; caption and filename only where WhatsApp allows them', () => {
    expect(buildMessageBody(phone, { type: 'media', media: 'document', source: { mediaId: 'M1' }, caption: 'C', filename: 'f.pdf' })).toEqual({
      ...envelope,
      type: 'document',
      document: { id: 'M1', caption: 'C', filename: 'f.pdf' },
    });
    expect(buildMessageBody(phone, { type: 'media', media: 'image', source: { link: 'https://a.de/x.jpg' }, caption: 'C' })).toEqual({
      ...envelope,
      type: 'image',
      image: { link: 'https://a.de/x.jpg', caption: 'C' },
    });
    expect(buildMessageBody(phone, { type: 'media', media: 'video', source: { mediaId: 'V' } })).toEqual({ ...envelope, type: 'video', video: { id: 'V' } });
    expect(buildMessageBody(phone, { type: 'media', media: 'audio', source: { mediaId: 'A' }, caption: 'dropped' })).toEqual({ ...envelope, type: 'audio', audio: { id: 'A' } });
    expect(buildMessageBody(phone, { type: 'media', media: 'sticker', source: { link: 'https://a.de/s.webp' } })).toEqual({
      ...envelope,
      type: 'sticker',
      sticker: { link: 'https://a.de/s.webp' },
    });
  });

  it('location with numbers and optional name/address; location request', () => {
    expect(buildMessageBody(phone, { type: 'location', latitude: 51.36, longitude: 6.41, name: 'Rathaus' })).toEqual({
      ...envelope,
      type: 'location',
      location: { latitude: 51.36, longitude: 6.41, name: 'Rathaus' },
    });
    expect(buildMessageBody(phone, { type: 'location_request', text: 'Wo?' })).toEqual({
      ...envelope,
      type: 'interactive',
      interactive: { type: 'location_request_message', body: { text: 'Wo?' }, action: { name: 'send_location' } },
    });
  });

  it('template: header media, positional and named body parameters, quick-reply payloads; language without policy', () => {
    expect(
      buildMessageBody(phone, {
        type: 'template',
        name: 'abfall',
        language: 'de',
        header: { type: 'image', source: { link: 'https://a.de/p.jpg' } },
        body: [{ text: 'Nord' }, { text: '12.03.' }],
        quickReplies: [{ index: 0, payload: 'STOP' }],
      }),
    ).toEqual({
      ...envelope,
      type: 'template',
      template: {
        name: 'abfall',
        language: { code: 'de' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://a.de/p.jpg' } }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Nord' }, { type: 'text', text: '12.03.' }] },
          { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'STOP' }] },
        ],
      },
    });
    const named = buildMessageBody(phone, {
      type: 'template',
      name: 'fest',
      language: 'de',
      header: { type: 'text', text: 'Fest' },
      body: [{ name: 'datum', text: '12. Juni' }],
    });
    expect(named).toMatchObject({
      template: {
        components: [
          { type: 'header', parameters: [{ type: 'text', text: 'Fest' }] },
          { type: 'body', parameters: [{ type: 'text', parameter_name: 'datum', text: '12. Juni' }] },
        ],
      },
    });
    expect(buildMessageBody(phone, { type: 'template', name: 'hello_world', language: 'en_US' })).toEqual({
      ...envelope,
      type: 'template',
      template: { name: 'hello_world', language: { code: 'en_US' } },
    });
  });

  it('reaction: names its message itself, so replyTo adds no context', () => {
    expect(buildMessageBody(phone, { type: 'reaction', messageId: 'wamid.R', emoji: '👍', replyTo: 'wamid.R' })).toEqual({
      ...envelope,
      type: 'reaction',
      reaction: { message_id: 'wamid.R', emoji: '👍' },
    });
  });
});

describe('buildMarkReadBody', () => {
  it('marks read, with the typing indicator only when asked', () => {
    expect(buildMarkReadBody('wamid.A')).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.A' });
    expect(buildMarkReadBody('wamid.A', { typing: true })).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.A',
      typing_indicator: { type: 'text' },
    });
  });
});

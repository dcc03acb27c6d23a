import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../channel.js';
import { charCount, mediaKindOf, validateOutgoing, WHATSAPP_LIMITS } from './whatsapp.limits.js';

const x = (n: number) => 'x'.repeat(n);

function buttons(titles: string[], extra: Partial<Extract<OutgoingMessage, { type: 'buttons' }>> = {}): OutgoingMessage {
  return { type: 'buttons', text: 'Frage', buttons: titles.map((title, i) => ({ id: `b${i}`, title })), ...extra };
}

function list(sections: { title?: string; rows: number }[], extra: Partial<Extract<OutgoingMessage, { type: 'list' }>> = {}): OutgoingMessage {
  let n = 0;
  return {
    type: 'list',
    text: 'Wählen',
    button: 'Auswahl',
    sections: sections.map((s) => ({
      ...(s.title !== undefined ? { title: s.title } : {}),
      rows: Array.from({ length: s.rows }, () => ({ id: `r${n}`, title: `Zeile ${n++}` })),
    })),
    ...extra,
  };
}

function template(extra: Partial<Extract<OutgoingMessage, { type: 'template' }>>): OutgoingMessage {
  return { type: 'template', name: 'abfall', language: 'de', ...extra };
}

/** [message within the limit, message one over it, expected code, text the details must contain] */
const LIMIT_CASES: [string, OutgoingMessage, OutgoingMessage, string, string][] = [
  ['text body', { type: 'text', text: x(4096) }, { type: 'text', text: x(4097) }, 'limit:textBody', 'text body (4097 characters) exceeds 4096 characters (limit: text body ≤ 4096)'],
  [
    'media caption',
    { type: 'media', media: 'image', source: { mediaId: '1' }, caption: x(1024) },
    { type: 'media', media: 'image', source: { mediaId: '1' }, caption: x(1025) },
    'limit:mediaCaption',
    'limit: media caption ≤ 1024',
  ],
  ['interactive body', buttons(['Ja'], { text: x(1024) }), buttons(['Ja'], { text: x(1025) }), 'limit:interactiveBody', 'limit: interactive body ≤ 1024'],
  ['footer', buttons(['Ja'], { footer: x(60) }), buttons(['Ja'], { footer: x(61) }), 'limit:footer', 'limit: footer ≤ 60'],
  ['text header', list([{ rows: 1 }], { header: x(60) }), list([{ rows: 1 }], { header: x(61) }), 'limit:textHeader', 'limit: text header ≤ 60'],
  [
    'button title',
    buttons(['Ja, ich möchte das!!']),
    buttons(['Ja, ich möchte das!!!']),
    'limit:buttonTitle',
    "button title 'Ja, ich möchte das!!!' (21 characters) exceeds 20 characters (limit: button title ≤ 20)",
  ],
  ['reply buttons', buttons(['a', 'b', 'c']), buttons(['a', 'b', 'c', 'd']), 'limit:buttonCount', '4 reply buttons exceed the maximum of 3 (limit: reply buttons 1–3)'],
  [
    'button id',
    { type: 'buttons', text: 'F', buttons: [{ id: x(256), title: 'Ja' }] },
    { type: 'buttons', text: 'F', buttons: [{ id: x(257), title: 'Ja' }] },
    'limit:buttonId',
    'limit: button id ≤ 256',
  ],
  ['list button label', list([{ rows: 1 }], { button: x(20) }), list([{ rows: 1 }], { button: x(21) }), 'limit:listButton', 'limit: list button label ≤ 20'],
  [
    'list sections',
    list(Array.from({ length: 10 }, (_, i) => ({ title: `S${i}`, rows: 1 }))),
    list(Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: 1 }))),
    'limit:listSections',
    'limit: list sections 1–10',
  ],
  ['list rows in total', list([{ title: 'A', rows: 5 }, { title: 'B', rows: 5 }]), list([{ title: 'A', rows: 5 }, { title: 'B', rows: 6 }]), 'limit:listRows', '11 list rows in total exceed the maximum of 10'],
  ['section title', list([{ title: x(24), rows: 1 }]), list([{ title: x(25), rows: 1 }]), 'limit:sectionTitle', 'limit: section title ≤ 24'],
  [
    'row id',
    { type: 'list', text: 'W', button: 'B', sections: [{ rows: [{ id: x(200), title: 'T' }] }] },
    { type: 'list', text: 'W', button: 'B', sections: [{ rows: [{ id: x(201), title: 'T' }] }] },
    'limit:rowId',
    'limit: row id ≤ 200',
  ],
  [
    'row title',
    { type: 'list', text: 'W', button: 'B', sections: [{ rows: [{ id: 'r', title: x(24) }] }] },
    { type: 'list', text: 'W', button: 'B', sections: [{ rows: [{ id: 'r', title: x(25) }] }] },
    'limit:rowTitle',
    'limit: row title ≤ 24',
  ],
  [
    'row description',
    { type: 'list', text: 'W', button: 'B', sections: [{ rows: [{ id: 'r', title: 'T', description: x(72) }] }] },
    { type: 'list', text: 'W', button: 'B', sections: [{ rows: [{ id: 'r', title: 'T', description: x(73) }] }] },
    'limit:rowDescription',
    'limit: row description ≤ 72',
  ],
  ['location request body', { type: 'location_request', text: x(1024) }, { type: 'location_request', text: x(1025) }, 'limit:locationRequestBody', 'limit: location request body ≤ 1024'],
  ['template name', template({ name: x(512) }), template({ name: x(513) }), 'limit:templateName', 'limit: template name ≤ 512'],
  ['template body parameter', template({ body: [{ text: x(1024) }] }), template({ body: [{ text: x(1025) }] }), 'limit:templateBodyParameter', 'limit: template body parameter ≤ 1024'],
  [
    'template header text',
    template({ header: { type: 'text', text: x(60) } }),
    template({ header: { type: 'text', text: x(61) } }),
    'limit:templateHeaderText',
    'limit: template header text ≤ 60',
  ],
  [
    'quick-reply button index',
    template({ quickReplies: [{ index: 9, payload: 'P' }] }),
    template({ quickReplies: [{ index: 10, payload: 'P' }] }),
    'limit:quickReplyIndex',
    'quick-reply button index 10 is out of range (limit: quick-reply button index 0–9)',
  ],
];

describe('validateOutgoing: each limit of the table', () => {
  it.each(LIMIT_CASES)('%s', (_name, within, over, code, details) => {
    expect(validateOutgoing(within)).toBeNull();
    const error = validateOutgoing(over);
    expect(error).toMatchObject({ code, reason: 'limit_exceeded', retryable: false });
    expect(error?.details).toContain(details);
  });

  it('has a case for every numeric limit except correlation (checked by the adapter)', () => {
    const tested = new Set(LIMIT_CASES.map(([, , , code]) => code.slice('limit:'.length)));
    const untested = Object.keys(WHATSAPP_LIMITS).filter((name) => !tested.has(name));
    expect(untested).toEqual(['correlation']);
  });
});

describe('validateOutgoing: rules beyond lengths', () => {
  it('counts characters, not UTF-16 units: 20 emoji fit a button title', () => {
    expect(charCount('👍'.repeat(20))).toBe(20);
    expect(validateOutgoing(buttons(['👍'.repeat(20)]))).toBeNull();
  });

  it('requires unique button titles and ids, and unique row ids', () => {
    expect(validateOutgoing(buttons(['Ja', 'Ja']))?.details).toBe("button title 'Ja' appears more than once (limit: each button title must be unique)");
    expect(validateOutgoing({ type: 'buttons', text: 'F', buttons: [{ id: 'a', title: 'A' }, { id: 'a', title: 'B' }] })?.code).toBe('limit:buttonId');
    expect(
      validateOutgoing({ type: 'list', text: 'W', button: 'B', sections: [{ rows: [{ id: 'a', title: 'A' }, { id: 'a', title: 'B' }] }] })?.code,
    ).toBe('limit:rowId');
  });

  it('requires at least one button, row and section, and non-empty texts', () => {
    expect(validateOutgoing(buttons([]))?.details).toContain('0 reply buttons are below the minimum of 1');
    expect(validateOutgoing(list([{ rows: 0 }]))?.code).toBe('limit:listRows');
    expect(validateOutgoing(list([]))?.code).toBe('limit:listSections');
    expect(validateOutgoing({ type: 'text', text: '  ' })?.details).toContain('text body is empty');
    expect(validateOutgoing(buttons([' ']))?.code).toBe('limit:buttonTitle');
  });

  it('requires section titles once a list has more than one section', () => {
    expect(validateOutgoing(list([{ rows: 1 }]))).toBeNull();
    expect(validateOutgoing(list([{ title: 'A', rows: 1 }, { rows: 1 }]))?.details).toContain('section title required when a list has more than one section');
  });

  it('allows captions only on image, video and document, filenames only on documents', () => {
    expect(validateOutgoing({ type: 'media', media: 'audio', source: { mediaId: '1' }, caption: 'c' })).toMatchObject({ reason: 'invalid_request', code: 'invalid:caption' });
    expect(validateOutgoing({ type: 'media', media: 'sticker', source: { mediaId: '1' }, caption: 'c' })?.code).toBe('invalid:caption');
    expect(validateOutgoing({ type: 'media', media: 'image', source: { mediaId: '1' }, filename: 'a.jpg' })?.code).toBe('invalid:filename');
    expect(validateOutgoing({ type: 'media', media: 'document', source: { mediaId: '1' }, caption: 'c', filename: 'a.pdf' })).toBeNull();
  });

  it('requires http(s) media links and a non-empty media id', () => {
    expect(validateOutgoing({ type: 'media', media: 'image', source: { link: 'ftp://a.de/x.jpg' } })?.code).toBe('invalid:media_link');
    expect(validateOutgoing({ type: 'media', media: 'image', source: { link: 'not a url' } })?.code).toBe('invalid:media_link');
    expect(validateOutgoing({ type: 'media', media: 'image', source: { mediaId: '' } })?.code).toBe('invalid:media_id');
    expect(validateOutgoing({ type: 'template', name: 't', language: 'de', header: { type: 'image', source: { link: 'javascript:x' } } })?.code).toBe('invalid:media_link');
  });

  it('checks coordinates', () => {
    expect(validateOutgoing({ type: 'location', latitude: 91, longitude: 0 })?.code).toBe('invalid:location');
    expect(validateOutgoing({ type: 'location', latitude: Number.NaN, longitude: 0 })?.code).toBe('invalid:location');
  });

  it('template parameters: single-line, at most four consecutive spaces, all named or all positional, valid unique names', () => {
    expect(validateOutgoing(template({ body: [{ text: 'a    b' }] }))).toBeNull();
    expect(validateOutgoing(template({ body: [{ text: 'a     b' }] }))?.details).toContain('template parameter 1 contains a newline, a tab or more than four consecutive spaces');
    expect(validateOutgoing(template({ body: [{ text: 'a\nb' }] }))?.code).toBe('limit:templateBodyParameter');
    expect(validateOutgoing(template({ body: [{ text: 'a\tb' }] }))?.code).toBe('limit:templateBodyParameter');
    expect(validateOutgoing(template({ header: { type: 'text', text: 'a\nb' } }))?.code).toBe('limit:templateHeaderText');
    expect(validateOutgoing(template({ body: [{ text: '' }] }))?.code).toBe('limit:templateBodyParameter');
    expect(validateOutgoing(template({ body: [{ name: 'datum', text: 'a' }, { text: 'b' }] }))?.code).toBe('invalid:template_parameters');
    expect(validateOutgoing(template({ body: [{ name: 'Datum', text: 'a' }] }))?.code).toBe('invalid:template_parameter_name');
    expect(validateOutgoing(template({ body: [{ name: 'datum', text: 'a' }, { name: 'datum', text: 'b' }] }))?.code).toBe('invalid:template_parameter_name');
  });

  it('template: language, unique quick-reply indexes, non-empty payloads', () => {
    expect(validateOutgoing(template({ language: '' }))?.code).toBe('invalid:template_language');
    expect(validateOutgoing(template({ quickReplies: [{ index: 0, payload: 'A' }, { index: 0, payload: 'B' }] }))?.code).toBe('limit:quickReplyIndex');
    expect(validateOutgoing(template({ quickReplies: [{ index: 1.5, payload: 'A' }] }))?.code).toBe('limit:quickReplyIndex');
    expect(validateOutgoing(template({ quickReplies: [{ index: 0, payload: '' }] }))?.code).toBe('invalid:quick_reply_payload');
  });

  it('reactions: an empty emoji (removal) is fine, an empty message id is not; replyTo must not be blank', () => {
    expect(validateOutgoing({ type: 'reaction', messageId: 'wamid.A', emoji: '' })).toBeNull();
    expect(validateOutgoing({ type: 'reaction', messageId: '', emoji: '👍' })?.code).toBe('invalid:reaction');
    expect(validateOutgoing({ type: 'text', text: 'a', replyTo: '' })?.code).toBe('invalid:reply_to');
  });
});

describe('mediaKindOf', () => {
  it('maps supported MIME types, ignoring parameters and case', () => {
    expect(mediaKindOf('image/jpeg')).toBe('image');
    expect(mediaKindOf('audio/ogg; codecs=opus')).toBe('audio');
    expect(mediaKindOf('Application/PDF')).toBe('document');
    expect(mediaKindOf('image/webp')).toBe('sticker');
    expect(mediaKindOf('image/gif')).toBeNull();
  });
});

/**
 * Spec conformance: every body we build validates against Meta's own OpenAPI schemas
 * (with only the known faults patched), and the patched schemas still reject what Meta rejects.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../channel.js';
import { OUTGOING_SAMPLES } from './fixtures/outgoing.js';
import { validateOutgoing } from './whatsapp.limits.js';
import { buildMarkReadBody, buildMessageBody } from './whatsapp.outbound.js';
import { SPEC_PATCHES, type Schemas } from './whatsapp.spec-patches.js';
import { createSpecValidators, patchSchemas, readSpecSchemas, type SpecValidators } from './whatsapp.spec-schema.js';

const to = { phone: '4921525551234' };
const EXAMPLES = new URL('./fixtures/meta/send-requests/', import.meta.url);

function example(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, EXAMPLES), 'utf8'));
}

/** Meta's send examples for things Stadtbote does not send, with the reason. */
const NOT_OURS: Record<string, string> = {
  'send-catalog-message.json': 'catalog',
  'send-catalog-template-message.json': 'catalog template button',
  'send-contact-message.json': 'contacts',
  'send-reply-to-contact-message.json': 'contacts',
  'send-draft-flow-by-id.json': 'flow',
  'send-draft-flow-by-name.json': 'flow',
  'send-published-flow-by-id.json': 'flow',
  'send-published-flow-by-name.json': 'flow',
  'send-flow-template-message.json': 'flow template button',
  'send-multi-product-message.json': 'product list',
  'send-single-product-message.json': 'product',
  'send-order-details-message.json': 'order details (not in the spec)',
  'send-order-status-message.json': 'order status (not in the spec)',
  // Meta's example itself is malformed: index as a number, quick-reply "text" as a boolean.
  'send-sample-issue-resolution-template.json': 'malformed example',
  // Meta's examples omit `type`, which the spec (and we) treat as required.
  'send-reply-to-list-message.json': 'example without type',
  'send-text-message-with-preview-url.json': 'example without type',
};

let raw: Schemas;
let strict: SpecValidators;
let lenient: SpecValidators;

beforeAll(() => {
  raw = readSpecSchemas();
  strict = createSpecValidators(patchSchemas(raw), { formats: true });
  lenient = createSpecValidators(patchSchemas(raw), { formats: false });
});

function errorsOf(validators: SpecValidators): string {
  return JSON.stringify(validators.message.errors?.slice(0, 3));
}

describe('bodies from buildMessageBody against the patched Message schema', () => {
  it.each(OUTGOING_SAMPLES.map((s) => [s.name, s] as const))('%s', (_name, sample) => {
    expect(validateOutgoing(sample.message)).toBeNull();
    const body = buildMessageBody(sample.to, sample.message, sample.correlation !== undefined ? { correlation: sample.correlation } : {});
    expect(strict.message(body), errorsOf(strict)).toBe(true);
  });

  it('covers every variant and media kind', () => {
    const kinds = new Set(OUTGOING_SAMPLES.map((s) => (s.message.type === 'media' ? `media:${s.message.media}` : s.message.type)));
    expect([...kinds].sort()).toEqual(
      ['buttons', 'list', 'location', 'location_request', 'media:audio', 'media:document', 'media:image', 'media:sticker', 'media:video', 'reaction', 'template', 'text'].sort(),
    );
  });

  it('mark-as-read, with and without typing indicator, matches MarkMessageRequestPayload', () => {
    expect(strict.markRead(buildMarkReadBody('wamid.X'))).toBe(true);
    expect(strict.markRead(buildMarkReadBody('wamid.X', { typing: true }))).toBe(true);
    expect(strict.markRead({ messaging_product: 'whatsapp', message_id: 'wamid.X' })).toBe(false);
  });
});

describe('the patched schema still rejects what Meta rejects', () => {
  const buttons = (n: number, title = 'OK'): OutgoingMessage => ({
    type: 'buttons',
    text: 'Frage',
    buttons: Array.from({ length: n }, (_, i) => ({ id: `b${i}`, title: n > 1 ? `${title} ${i}` : title })),
  });

  it('rejects 4 reply buttons (our table too)', () => {
    expect(strict.message(buildMessageBody(to, buttons(4)))).toBe(false);
    expect(validateOutgoing(buttons(4))?.code).toBe('limit:buttonCount');
  });

  it('rejects a 21-character button title (our table too)', () => {
    const message = buttons(1, 'Ja, ich möchte das ok');
    expect(strict.message(buildMessageBody(to, message))).toBe(false);
    expect(validateOutgoing(message)?.code).toBe('limit:buttonTitle');
  });

  it('rejects a list section with 11 rows (our table too)', () => {
    const message: OutgoingMessage = {
      type: 'list',
      text: 'Bitte wählen',
      button: 'Auswahl',
      sections: [{ rows: Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Zeile ${i}` })) }],
    };
    expect(strict.message(buildMessageBody(to, message))).toBe(false);
    expect(validateOutgoing(message)?.code).toBe('limit:listRows');
  });

  it('accepts a 4,097-character text, which only our own table rejects', () => {
    const message: OutgoingMessage = { type: 'text', text: 'x'.repeat(4097) };
    expect(strict.message(buildMessageBody(to, message))).toBe(true);
    expect(validateOutgoing(message)).toMatchObject({ reason: 'limit_exceeded', code: 'limit:textBody' });
  });

  it('rejects unknown top-level fields and a media object with both id and link', () => {
    expect(strict.message({ ...buildMessageBody(to, { type: 'text', text: 'a' }), contxt: {} })).toBe(false);
    expect(strict.message({ messaging_product: 'whatsapp', to: '+49', type: 'image', image: { id: '1', link: 'https://a.de/b.jpg' } })).toBe(false);
  });
});

describe("Meta's own send examples", () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));

  it('are all accounted for', () => {
    expect(files).toHaveLength(50);
    for (const file of Object.keys(NOT_OURS)) expect(files).toContain(file);
  });

  it.each(files.filter((f) => NOT_OURS[f] === undefined))('%s validates', (file) => {
    const body = example(file);
    const validate = file === 'send-typing-indicator-and-read-receipt.json' ? lenient.markRead : lenient.message;
    expect(validate(body), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('fail only for the missing type where they omit it', () => {
    const withType = (file: string, type: string) => ({ ...(example(file) as object), type });
    expect(lenient.message(example('send-text-message-with-preview-url.json'))).toBe(false);
    expect(lenient.message(withType('send-text-message-with-preview-url.json', 'text'))).toBe(true);
    expect(lenient.message(withType('send-reply-to-list-message.json', 'interactive'))).toBe(true);
  });
});

describe('each spec patch is needed', () => {
  const bodyFor = (message: OutgoingMessage, correlation?: string) =>
    buildMessageBody(to, message, correlation !== undefined ? { correlation } : {});
  const cases: Record<string, () => unknown> = {
    'allof-additional-properties': () => bodyFor({ type: 'text', text: 'a' }),
    'biz-opaque-callback-data': () => bodyFor({ type: 'text', text: 'a' }, 'outbox:1'),
    'location-request-message': () => bodyFor({ type: 'location_request', text: 'Wo?' }),
    'language-policy-optional': () => bodyFor({ type: 'template', name: 'hello_world', language: 'en_US' }),
    'recipient-type-optional': () => example('send-test-message.json'),
    'location-coordinates-number': () => bodyFor({ type: 'location', latitude: 51.36, longitude: 6.41 }),
    'button-index-pattern': () =>
      bodyFor({ type: 'template', name: 't', language: 'de', quickReplies: [{ index: 0, payload: 'P' }] }),
  };

  it('has a case for every patch', () => {
    expect(Object.keys(cases).sort()).toEqual(SPEC_PATCHES.map((p) => p.id).sort());
  });

  it.each(Object.keys(cases))('without %s, a valid body is rejected', (id) => {
    const body = (cases[id] as () => unknown)();
    expect(lenient.message(body)).toBe(true);
    const unpatched = createSpecValidators(patchSchemas(raw, { skip: id }), { formats: false });
    expect(unpatched.message(body)).toBe(false);
  });
});

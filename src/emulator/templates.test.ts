import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigPatch } from './emulator.config.js';
import type { Receiver, TestEmulator } from './emulator.test-kit.js';
import { startEmulator, startReceiver, template } from './emulator.test-kit.js';

const TO = '+4921525555001';
const TEMPLATES: NonNullable<ConfigPatch['templates']> = [
  { name: 'abfall', language: 'de', category: 'UTILITY', body: 'Abfuhr in {{1}} am {{2}}.' },
  { name: 'abfall', language: 'en', category: 'UTILITY', body: 'Collection in {{1}} on {{2}}.' },
  { name: 'pausiert', language: 'de', category: 'MARKETING', status: 'PAUSED', body: 'P {{1}}' },
  { name: 'deaktiviert', language: 'de', category: 'MARKETING', status: 'DISABLED', body: 'D {{1}}' },
  { name: 'abgelehnt', language: 'de', category: 'MARKETING', status: 'REJECTED', body: 'R {{1}}' },
  { name: 'wartend', language: 'de', category: 'UTILITY', status: 'PENDING', body: 'W {{1}}' },
  { name: 'termin', language: 'de', category: 'UTILITY', body: 'Hallo {{vorname}}, Termin am {{datum}}.' },
  { name: 'mit_bild', language: 'de', category: 'MARKETING', header: { format: 'IMAGE' }, body: 'Sommerfest!', quick_replies: ['Abmelden'] },
  { name: 'hinweis', language: 'de', category: 'UTILITY', billed_category: 'MARKETING', body: 'Hinweis: {{1}}' },
];

let t: TestEmulator;
let rx: Receiver;

beforeEach(async () => {
  rx = await startReceiver();
  t = await startEmulator({ webhook_url: rx.url, mps: 'unlimited', pair_rate: false, templates: TEMPLATES });
});
afterEach(async () => {
  await t.close();
  await rx.close();
});

async function expectError(body: unknown, status: number, code: number, details?: string | RegExp): Promise<void> {
  const res = await t.send(body);
  expect(res.status).toBe(status);
  const error = res.json.error as { code: number; message: string; error_data: { details: string } };
  expect(error.code).toBe(code);
  expect(error.message.startsWith(`(#${code}) `)).toBe(true);
  if (details) expect(error.error_data.details).toMatch(details);
}

describe('template rules', () => {
  it('looks templates up by name and language: unknown, rejected and pending answer 404 / 132001', async () => {
    await expectError(template(TO, 'gibt_es_nicht', ['a']), 404, 132001, 'template name (gibt_es_nicht) does not exist in de');
    await expectError(template(TO, 'abfall', ['a', 'b'], 'nl'), 404, 132001, /does not exist in nl/);
    await expectError(template(TO, 'abgelehnt', ['a']), 404, 132001);
    await expectError(template(TO, 'wartend', ['a']), 404, 132001);
    expect((await t.send(template(TO, 'abfall', ['Kempen', 'Montag'], 'en'))).status).toBe(200);
  });

  it('refuses paused (132015) and disabled (132016) templates', async () => {
    await expectError(template(TO, 'pausiert', ['a']), 400, 132015);
    await expectError(template(TO, 'deaktiviert', ['a']), 400, 132016);
  });

  it('checks the parameter count (132000)', async () => {
    await expectError(template(TO, 'abfall', ['nur einer']), 400, 132000, 'body: number of localizable_params (1) does not match the expected number of params (2)');
    await expectError(template(TO, 'abfall', ['a', 'b', 'c']), 400, 132000);
    await expectError(template(TO, 'mit_bild'), 400, 132000, /^header: /);
  });

  it('refuses parameters with a newline, a tab or more than four consecutive spaces (132018)', async () => {
    const details = 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces';
    await expectError(template(TO, 'abfall', ['Kempen\nNord', 'Montag']), 400, 132018, details);
    await expectError(template(TO, 'abfall', ['Kempen\tNord', 'Montag']), 400, 132018, details);
    await expectError(template(TO, 'abfall', ['Kempen     Nord', 'Montag']), 400, 132018, details);
    expect((await t.send(template(TO, 'abfall', ['Kempen    Nord', 'Montag']))).status).toBe(200);
  });

  it('refuses a rendered body over 1,024 characters (132005)', async () => {
    await expectError(template(TO, 'abfall', ['x'.repeat(1100), 'Montag']), 400, 132005, /exceeds the maximum of 1024/);
  });

  it('takes named parameters and media headers with quick replies', async () => {
    const named = {
      messaging_product: 'whatsapp',
      to: TO,
      type: 'template',
      template: {
        name: 'termin',
        language: { code: 'de' },
        components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'datum', text: '3.3.' }, { type: 'text', parameter_name: 'vorname', text: 'Anna' }] }],
      },
    };
    expect((await t.send(named)).status).toBe(200);
    const inbox = await t.control('GET', '/users/u1/inbox');
    const item = (inbox.json.items as Array<{ template: { rendered_body: string } }>)[0];
    expect(item?.template.rendered_body).toBe('Hallo Anna, Termin am 3.3..');

    const withImage = {
      messaging_product: 'whatsapp',
      to: TO,
      type: 'template',
      template: {
        name: 'mit_bild',
        language: { code: 'de' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.org/fest.jpg' } }] },
          { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'STOP' }] },
        ],
      },
    };
    expect((await t.send(withImage)).status).toBe(200);
    const wrongHeader = structuredClone(withImage);
    (wrongHeader.template.components[0] as { parameters: unknown[] }).parameters = [{ type: 'document', document: { link: 'https://example.org/a.pdf' } }];
    await expectError(wrongHeader, 400, 132012);
    const wrongButton = structuredClone(withImage);
    (wrongButton.template.components[1] as { index: string }).index = '3';
    await expectError(wrongButton, 400, 131009, /index 3/);
  });
});

describe('template pricing and webhooks', () => {
  it('bills the re-categorised category and makes utility inside the window free', async () => {
    const user = await t.control('POST', '/users', { name: 'Cem', phone: TO });
    const hinweis = await t.send(template(TO, 'hinweis', ['Baustelle']));
    const hinweisId = String((hinweis.json.messages as Array<{ id: string }>)[0]?.id);
    await rx.waitFor(() => rx.statuses().some((s) => s.id === hinweisId && s.status === 'sent'));
    expect(rx.statuses().find((s) => s.id === hinweisId)?.pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' });

    await t.control('POST', `/users/${String(user.json.id)}/messages`, { type: 'text', text: 'Hallo' });
    const abfall = await t.send(template(TO, 'abfall', ['Kempen', 'Montag']));
    const abfallId = String((abfall.json.messages as Array<{ id: string }>)[0]?.id);
    await rx.waitFor(() => rx.statuses().some((s) => s.id === abfallId && s.status === 'sent'));
    expect(rx.statuses().find((s) => s.id === abfallId)?.pricing).toEqual({
      billable: false,
      pricing_model: 'PMP',
      type: 'free_customer_service',
      category: 'utility',
    });
  });

  it('sends message_template_status_update and template_category_update when a template changes', async () => {
    const changed = TEMPLATES.map((tpl) =>
      tpl.name === 'abfall' && tpl.language === 'de'
        ? { ...tpl, status: 'PAUSED' as const, billed_category: 'MARKETING' as const }
        : tpl,
    );
    const res = await t.control('PUT', '/config', { templates: changed });
    expect(res.json.template_events).toBe(2);
    await rx.waitFor((all) => all.length >= 2);
    const changes = rx.received.map((r) => r.json.entry[0]?.changes[0]);
    const status = changes.find((c) => c?.field === 'message_template_status_update');
    expect(status?.value).toMatchObject({ event: 'PAUSED', message_template_name: 'abfall', message_template_language: 'de' });
    expect(typeof status?.value.message_template_id).toBe('number');
    const category = changes.find((c) => c?.field === 'template_category_update');
    expect(category?.value).toMatchObject({ previous_category: 'UTILITY', new_category: 'MARKETING', message_template_name: 'abfall' });
    expect(rx.received.every((r) => r.signatureValid && r.json.object === 'whatsapp_business_account')).toBe(true);
    expect(typeof rx.received[0]?.json.entry[0]?.time).toBe('number');
    await expectError(template(TO, 'abfall', ['a', 'b']), 400, 132015);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestEmulator } from './emulator.test-kit.js';
import { PHONE_NUMBER_ID, startEmulator, text } from './emulator.test-kit.js';

let t: TestEmulator;
const TO = '+4921525554001';

beforeAll(async () => {
  t = await startEmulator({ webhooks: false, mps: 'unlimited', pair_rate: false });
});
afterAll(async () => t.close());

function buttons(titles: string[]): Record<string, unknown> {
  return {
    messaging_product: 'whatsapp',
    to: TO,
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: 'Worum geht es?' },
      action: { buttons: titles.map((title, i) => ({ type: 'reply', reply: { id: `b${i}`, title } })) },
    },
  };
}

function list(rowsPerSection: number[]): Record<string, unknown> {
  let n = 0;
  return {
    messaging_product: 'whatsapp',
    to: TO,
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: 'Kategorie wählen' },
      action: {
        button: 'Kategorien',
        sections: rowsPerSection.map((rows, s) => ({
          title: `Abschnitt ${s}`,
          rows: Array.from({ length: rows }, () => ({ id: `r${n}`, title: `Zeile ${n++}` })),
        })),
      },
    },
  };
}

async function expectError(body: unknown, status: number, code: number, details?: string | RegExp): Promise<void> {
  const res = await t.send(body);
  expect(res.status).toBe(status);
  const error = res.json.error as { code: number; message: string; type: string; error_data: { details: string }; fbtrace_id: string };
  expect(error.code).toBe(code);
  expect(error.message).toMatch(new RegExp(`^\\(#${code}\\) `));
  expect(error.type).toBe('OAuthException');
  expect(error.fbtrace_id).toBeTruthy();
  if (details) expect(error.error_data.details).toMatch(details);
}

describe('length and count limits', () => {
  it('refuses four reply buttons', async () => {
    await expectError(buttons(['a', 'b', 'c', 'd']), 400, 131009, 'Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3');
  });

  it('refuses a 21-character button title and duplicate titles', async () => {
    await expectError(buttons(['x'.repeat(21)]), 400, 131009, 'Button title length invalid. Min length: 1, Max length: 20');
    await expectError(buttons(['Ja', 'Ja']), 400, 131009, /unique/);
    expect((await t.send(buttons(['x'.repeat(20), 'Nein', 'Vielleicht']))).status).toBe(200);
  });

  it('refuses a list with 11 rows in total, accepts 10 across sections', async () => {
    await expectError(list([6, 5]), 400, 131009, /Total row count exceed max allowed count: 10/);
    expect((await t.send(list([6, 4]))).status).toBe(200);
  });

  it('refuses a 4,097-character text and accepts 4,096', async () => {
    await expectError(text(TO, 'x'.repeat(4097)), 400, 100, "Param text['body'] must be at most 4096 characters long.");
    expect((await t.send(text(TO, 'x'.repeat(4096)))).status).toBe(200);
  });

  it('checks captions, row titles, footers and coordinates', async () => {
    await expectError({ messaging_product: 'whatsapp', to: TO, type: 'image', image: { link: 'https://example.org/a.jpg', caption: 'c'.repeat(1025) } }, 400, 131009, /Caption/);
    const longRow = list([1]);
    ((longRow.interactive as { action: { sections: Array<{ rows: Array<{ title: string }> }> } }).action.sections[0]?.rows[0] ?? { title: '' }).title = 'r'.repeat(25);
    await expectError(longRow, 400, 131009, /Row title length invalid/);
    const footer = buttons(['Ja']);
    (footer.interactive as Record<string, unknown>).footer = { text: 'f'.repeat(61) };
    await expectError(footer, 400, 131009, /Footer text length invalid/);
    await expectError({ messaging_product: 'whatsapp', to: TO, type: 'location', location: { latitude: 91, longitude: 6.4 } }, 400, 131009, /latitude/);
    expect((await t.send({ messaging_product: 'whatsapp', to: TO, type: 'location', location: { latitude: '51.36', longitude: 6.41, name: 'Rathaus' } })).status).toBe(200);
    expect(
      (await t.send({ messaging_product: 'whatsapp', to: TO, type: 'interactive', interactive: { type: 'location_request_message', body: { text: 'Wo?' }, action: { name: 'send_location' } } })).status,
    ).toBe(200);
  });
});

describe('envelope and access', () => {
  it('names what is missing or wrong', async () => {
    await expectError({ to: TO, type: 'text', text: { body: 'x' } }, 400, 100, 'The parameter messaging_product is required.');
    await expectError({ messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }, 400, 100, 'The parameter to is required.');
    await expectError({ messaging_product: 'whatsapp', to: TO, type: 'fax' }, 400, 100, /Param type must be one of/);
    await expectError({ messaging_product: 'whatsapp', to: TO, type: 'text', text: {} }, 400, 131008, "The parameter text['body'] is required.");
    await expectError({ messaging_product: 'whatsapp', to: TO, type: 'image', image: {} }, 400, 131008, /image\['id'\] or image\['link'\]/);
    await expectError({ messaging_product: 'whatsapp', to: 'not a number', type: 'text', text: { body: 'x' } }, 400, 100);
  });

  it('defaults the type to text', async () => {
    const res = await t.send({ messaging_product: 'whatsapp', to: TO, text: { body: 'ohne type' } });
    expect(res.status).toBe(200);
    expect(String((res.json.messages as Array<{ id: string }>)[0]?.id)).toMatch(/^wamid\./);
  });

  it('answers a wrong phone-number id, a missing or wrong token and a bad version like Graph', async () => {
    const wrongId = await fetch(`${t.base}/v23.0/12345/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
      body: JSON.stringify(text(TO, 'x')),
    });
    expect(wrongId.status).toBe(400);
    expect(await wrongId.json()).toMatchObject({ error: { code: 100, error_subcode: 33, type: 'GraphMethodException' } });

    expect((await t.send(text(TO, 'x'), { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await t.send(text(TO, 'x'), { authorization: 'Bearer wrong' })).json).toMatchObject({ error: { code: 190, type: 'OAuthException' } });
    const none = await fetch(`${t.base}/v23.0/${PHONE_NUMBER_ID}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);

    const badVersion = await fetch(`${t.base}/latest/${PHONE_NUMBER_ID}/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
      body: JSON.stringify(text(TO, 'x')),
    });
    expect(badVersion.status).toBe(400);
    expect(await badVersion.json()).toMatchObject({ error: { code: 2500 } });
    expect((await fetch(`${t.base}/v99.1/${PHONE_NUMBER_ID}`, { headers: { authorization: 'Bearer test-token' } })).status).toBe(200);
  });

  it('answers invalid JSON with error 100', async () => {
    const res = await fetch(`${t.base}/v23.0/${PHONE_NUMBER_ID}/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 100 } });
  });
});

describe('mark as read', () => {
  it('marks an inbound message read with a typing indicator', async () => {
    const user = await t.control('POST', '/users', { name: 'Ben', phone: '+4921525554002' });
    const inbound = await t.control('POST', `/users/${String(user.json.id)}/messages`, { type: 'text', text: 'Frage' });
    const res = await t.send({ messaging_product: 'whatsapp', status: 'read', message_id: inbound.json.wamid, typing_indicator: { type: 'text' } });
    expect(res).toEqual({ status: 200, json: { success: true } });
    const inbox = await t.control('GET', `/users/${String(user.json.id)}/inbox`);
    expect(inbox.json.typing).toBe(true);
    expect((inbox.json.items as Array<{ read_by_business?: boolean }>)[0]?.read_by_business).toBe(true);
    const unknown = await t.send({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.nope' });
    expect(unknown.status).toBe(400);
  });
});

/**
 * The broadcast API's rules and bad input, on SQLite and PostgreSQL: each refusal names what is
 * wrong and nothing is sent — empty or too long text, unknown topic, media of a wrong type or
 * over 5 MB (content checked, not the declared type), a schedule in the past, sending twice,
 * approving one's own; returning with a comment; urgent notices sent directly by an approver;
 * integrations submit only; four-eyes switched off.
 */
import sharp from 'sharp';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.js';
import { bearer, createApiToken, createPerson, signIn, type Client } from '../../test/staff.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { notice, staff } from './broadcast.test-kit.js';

function multipart(filename: string, type: string, bytes: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----stadtbote-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  return { payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachDatabase('broadcast API: rules and bad input', (dialect) => {
  let t: TestApp;
  let who: { editor: Client; approver: Client; secondApprover: Client };

  beforeEach(async () => {
    t = await createTestApp(dialect);
    who = await staff(t);
  });
  afterEach(async () => {
    await t.close();
  });

  const nothingSent = async () => {
    const rows = await t.database.db.selectFrom('outbox').select('id').where('broadcast_id', 'is not', null).execute();
    expect(rows).toEqual([]);
  };
  const create = (client: Client, body: Record<string, unknown>) => client.inject('POST', '/api/broadcasts', body);
  const upload = async (client: Client & { cookie?: string; csrf?: string }, filename: string, type: string, bytes: Buffer) => {
    const { payload, headers } = multipart(filename, type, bytes);
    const c = client as { cookie: string; csrf: string };
    return t.app.inject({ method: 'POST', url: '/api/media', payload, headers: { ...headers, cookie: c.cookie, 'x-csrf-token': c.csrf } });
  };

  it('refuses bad input with a clear error naming the field, and saves nothing', async () => {
    const cases: [Record<string, unknown>, number, string, string | undefined][] = [
      [notice({ text: '   ' }), 422, 'broadcast/text_empty', 'text'],
      [notice({ text: 'x'.repeat(4097) }), 422, 'broadcast/text_too_long', 'text'],
      [notice({ language_variants: { en: { title: 'Hi', text: '' } } }), 422, 'broadcast/text_empty', 'language_variants.en.text'],
      [notice({ title: 'T'.repeat(61) }), 422, 'broadcast/title_too_long', 'title'],
      [notice({ topics: ['gibtsnicht'] }), 422, 'broadcast/unknown_topic', 'topics'],
      [notice({ topics: [] }), 422, 'broadcast/no_topic', 'topics'],
      [notice({ scheduled_at: new Date(t.container.clock.now().getTime() - 60_000).toISOString() }), 422, 'broadcast/schedule_in_past', 'scheduled_at'],
      [notice({ media_id: 424242 }), 422, 'broadcast/unknown_media', 'media_id'],
      [notice({ content_class: 'press_review' }), 422, 'request/invalid', undefined],
    ];
    for (const [body, status, code, field] of cases) {
      const r = await create(who.editor, body);
      expect(r.statusCode, `${code}: ${r.body}`).toBe(status);
      expect(r.json().error.code).toBe(code);
      if (field) expect(r.json().error.field).toBe(field);
      expect(r.body).not.toMatch(/select |insert |sqlite|postgres|\bat \S+:\d+/i);
    }
    expect(await t.database.db.selectFrom('broadcast').select('id').execute()).toEqual([]);
    await nothingSent();
  });

  it('media: JPEG/PNG ≤ 5 MB or PDF, by content; a wrong type or size is refused', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } }).png().toBuffer();
    const ok = await upload(who.editor, 'plan.png', 'image/png', png);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().data).toMatchObject({ kind: 'image', mime_type: 'image/png', filename: 'plan.png' });
    const pdf = await upload(who.editor, 'satzung.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'));
    expect(pdf.statusCode, pdf.body).toBe(201);
    expect((await who.editor.inject('GET', `/api/media/${ok.json().data.id}`)).headers['content-type']).toBe('image/png');

    const gif = await upload(who.editor, 'a.gif', 'image/gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'));
    expect(gif.statusCode).toBe(415);
    expect(gif.json().error).toMatchObject({ code: 'media/unsupported_type', field: 'file' });
    const disguised = await upload(who.editor, 'virus.png', 'image/png', Buffer.from('MZ this is not an image'));
    expect(disguised.json().error.code).toBe('media/unsupported_type');
    const mislabelled = await upload(who.editor, 'plan.pdf', 'application/pdf', png);
    expect(mislabelled.json().error.code).toBe('media/unsupported_type');
    const huge = await upload(who.editor, 'big.png', 'image/png', Buffer.concat([png.subarray(0, 8), Buffer.alloc(5 * 1024 * 1024)]));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('media/too_large');
    const notMultipart = await who.editor.inject('POST', '/api/media', { file: 'x' });
    expect(notMultipart.json().error.code).toBe('media/not_multipart');
    expect((await t.database.db.selectFrom('media').select('id').execute()).length).toBe(2);

    // with media the text is a caption: at most 1,024 characters
    const long = await create(who.editor, notice({ media_id: ok.json().data.id, text: 'y'.repeat(1025) }));
    expect(long.json().error).toMatchObject({ code: 'broadcast/caption_too_long', field: 'text' });
    expect((await create(who.editor, notice({ media_id: ok.json().data.id }))).statusCode).toBe(201);
  });

  it('four eyes: not one’s own; return with a comment; send only when approved, and only once', async () => {
    const own = (await create(who.approver, notice())).json().data.id;
    await who.approver.inject('POST', `/api/broadcasts/${own}/submit`, {});
    const refused = await who.approver.inject('POST', `/api/broadcasts/${own}/approve`, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('broadcast/own_broadcast');

    const id = (await create(who.editor, notice({ checklist: ['official_task'] }))).json().data.id;
    const incomplete = await who.editor.inject('POST', `/api/broadcasts/${id}/submit`, {});
    expect(incomplete.json().error).toMatchObject({ code: 'broadcast/checklist_incomplete', field: 'checklist', missing: ['neutral_wording', 'no_party_politics'] });
    expect((await who.editor.inject('POST', `/api/broadcasts/${id}/send`, {})).json().error.code).toBe('broadcast/not_approved');
    await who.editor.inject('PUT', `/api/broadcasts/${id}`, notice());
    await who.editor.inject('POST', `/api/broadcasts/${id}/submit`, {});
    expect((await who.editor.inject('PUT', `/api/broadcasts/${id}`, notice())).json().error.code).toBe('broadcast/invalid_transition');
    expect((await who.approver.inject('POST', `/api/broadcasts/${id}/return`, {})).statusCode).toBe(422);
    const returned = await who.approver.inject('POST', `/api/broadcasts/${id}/return`, { comment: 'Bitte das Datum ergänzen.' });
    expect(returned.json().data).toMatchObject({ status: 'returned', return_comment: 'Bitte das Datum ergänzen.' });
    const audit = await t.database.db.selectFrom('audit_log').select(['action']).where('subject_type', '=', 'broadcast').where('subject_id', '=', String(id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['broadcast.create', 'broadcast.update', 'broadcast.submit', 'broadcast.return']);
    await nothingSent();

    await who.editor.inject('PUT', `/api/broadcasts/${id}`, notice({ text: 'Die Abfuhr am Montag, 7. Dezember, entfällt.' }));
    await who.editor.inject('POST', `/api/broadcasts/${id}/submit`, {});
    expect((await who.secondApprover.inject('POST', `/api/broadcasts/${id}/approve`, {})).json().data.status).toBe('approved');
    expect((await who.editor.inject('POST', `/api/broadcasts/${id}/send`, {})).json().data.status).toBe('sending');
    const twice = await who.editor.inject('POST', `/api/broadcasts/${id}/send`, {});
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('broadcast/already_sent');
  });

  it('urgent notices: an approver sends directly, an editor needs approval; integrations submit only', async () => {
    const urgent = notice({ topics: ['eilmeldungen'], title: 'Unwetterwarnung', text: 'Sturmböen bis 100 km/h: Parks sind gesperrt.' });
    const byEditor = (await create(who.editor, urgent)).json().data;
    expect(byEditor.urgent).toBe(true);
    expect((await who.editor.inject('POST', `/api/broadcasts/${byEditor.id}/send`, {})).json().error.code).toBe('broadcast/not_approved');
    const byApprover = (await create(who.approver, urgent)).json().data;
    expect((await who.approver.inject('POST', `/api/broadcasts/${byApprover.id}/send`, {})).json().data.status).toBe('sending');

    const integration = bearer(t.app, await createApiToken(t.container, 'integration', 'CMS'));
    const fromCms = await create(integration, notice());
    expect(fromCms.statusCode).toBe(201);
    expect((await integration.inject('POST', `/api/broadcasts/${fromCms.json().data.id}/submit`, {})).json().data.status).toBe('submitted');
    expect((await integration.inject('POST', `/api/broadcasts/${fromCms.json().data.id}/send`, {})).statusCode).toBe(403);
    expect((await integration.inject('POST', `/api/broadcasts/${fromCms.json().data.id}/cancel`, {})).statusCode).toBe(403);
    // an editor cancels only their own
    const other = await signIn(t.app, ...(await createPerson(t.container, ['editor']).then((p) => [p.email, p.password] as const)));
    expect((await other.inject('POST', `/api/broadcasts/${byEditor.id}/cancel`, {})).json().error.code).toBe('broadcast/not_own');
    expect((await who.editor.inject('POST', `/api/broadcasts/${byEditor.id}/cancel`, {})).json().data.status).toBe('cancelled');
  });

  it('the public archive shows sent notices only, escaped, with date, topic and the town’s legal links', async () => {
    const sent = (await create(who.approver, notice({ topics: ['eilmeldungen'], title: 'Sturm <b>heute</b>', text: '*Parks gesperrt* <script>alert(1)</script>\nInfo: https://www.kempen.de/sturm' }))).json().data.id;
    await who.approver.inject('POST', `/api/broadcasts/${sent}/send`, {});
    await create(who.editor, notice({ title: 'Entwurf, nicht öffentlich' }));
    const page = await t.app.inject({ method: 'GET', url: '/public/notices' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<html lang="de">');
    expect(page.body).toContain('Sturm &lt;b&gt;heute&lt;/b&gt;');
    expect(page.body).toContain('<strong>Parks gesperrt</strong> &lt;script&gt;alert(1)&lt;/script&gt;<br>');
    expect(page.body).toContain('<a href="https://www.kempen.de/sturm" rel="noopener nofollow">');
    expect(page.body).toContain('Thema: Eilmeldungen');
    expect(page.body).toMatch(/<time datetime="[^"]+">\d{1,2}\. \p{L}+ \d{4}<\/time>/u);
    expect(page.body).not.toContain('Entwurf, nicht öffentlich');
    expect(page.body).not.toContain('<script>');
    for (const href of ['https://www.kempen.de/impressum', 'https://www.kempen.de/datenschutz', 'https://www.kempen.de/barrierefreiheit']) expect(page.body).toContain(`href="${href}"`);
    const english = await t.app.inject({ method: 'GET', url: '/public/notices?lang=en' });
    expect(english.body).toContain('Collection postponed'); // the English variant
    expect(english.body).toContain('Topic: Urgent notices');
    expect(english.body).toContain('Imprint');
  });

  it('with BROADCAST_FOUR_EYES=off a submitted notice is approved at once', async () => {
    const solo = await createTestApp(dialect, { env: { BROADCAST_FOUR_EYES: 'off' } });
    try {
      const person = await createPerson(solo.container, ['editor']);
      const editor = await signIn(solo.app, person.email, person.password);
      const id = (await editor.inject('POST', '/api/broadcasts', notice())).json().data.id;
      expect((await editor.inject('POST', `/api/broadcasts/${id}/submit`, {})).json().data.status).toBe('approved');
    } finally {
      await solo.close();
    }
  });
});

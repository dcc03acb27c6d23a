import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.js';
import { dumpAllTables } from '../../test/dump.js';
import { exifTags, phonePhoto } from '../../test/photos.js';
import { startSmtpSink, type SmtpSink } from '../../test/smtp-sink.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { contactRepository } from '../contacts/contact.repository.js';

type Part = { name: string; value: string } | { name: string; file: Buffer; filename: string; type: string };

function multipart(parts: Part[]): { body: Buffer; type: string } {
  const boundary = `----stadtbote${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head = 'file' in p ? `Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n` : `Content-Disposition: form-data; name="${p.name}"\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`), 'file' in p ? p.file : Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

describeEachDatabase('web form: a report without WhatsApp', (dialect) => {
  let t: TestApp;
  let sink: SmtpSink;
  let ip = 1;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp(dialect, { env: { SMTP_URL: sink.url, MAIL_FROM: 'stadtbote@kempen.example' } });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  /** A form token as the page hands it out, a few seconds old (the time check). */
  async function token(): Promise<string> {
    const html = (await t.app.inject({ method: 'GET', url: '/public/report' })).body;
    await t.container.clock.advance(5);
    return /name="form_token" value="([^"]+)"/.exec(html)![1]!;
  }

  const fields = async (more: Record<string, string> = {}) => ({ form_token: await token(), kind: 'complaint', category: 'beleuchtung', address: 'Burgstraße 12', description: 'Laterne defekt', ...more });

  async function post(values: Record<string, string>, files: Part[] = [], address = `10.0.0.${ip++}`) {
    const form = multipart([...Object.entries(values).map(([name, value]) => ({ name, value })), ...files]);
    return t.app.inject({ method: 'POST', url: '/public/report', headers: { 'content-type': form.type }, payload: form.body, remoteAddress: address });
  }

  const caseCount = async () => (await t.database.db.selectFrom('case_file').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('shows the form in German and English, with the configured categories and a hidden honeypot', async () => {
    const de = await t.app.inject({ method: 'GET', url: '/public/report' });
    expect(de.statusCode).toBe(200);
    expect(de.body).toContain('<html lang="de">');
    expect(de.body).toContain('Anliegen melden');
    expect(de.body).toContain('<option value="beleuchtung">');
    expect(de.body).toContain('name="website"');
    const en = await t.app.inject({ method: 'GET', url: '/public/report?lang=en' });
    expect(en.body).toContain('Report an issue');
  });

  it('files a case with a reference number, EXIF-free photos, notifies staff; the e-mail gets updates only after the link', async () => {
    const photo = await phonePhoto();
    const response = await post(await fields({ email: 'erika@example.org', latitude: '51.3642', longitude: '6.4187' }), [{ name: 'photos', file: photo, filename: 'IMG_1.jpg', type: 'image/jpeg' }]);
    expect(response.statusCode).toBe(201);
    const reference = response.json().data.reference as string;
    expect(reference).toMatch(/^KE-\d{4}-\d{6}$/);
    expect(response.json().data.email_confirmation_sent).toBe(true);

    const row = await t.database.db.selectFrom('case_file').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'web', kind: 'complaint', status: 'new', description: 'Laterne defekt', location_source: 'pin' });
    const media = await t.database.db.selectFrom('case_media').selectAll().where('case_id', '=', row.id).execute();
    expect(media).toHaveLength(1);
    const stored = await sharp(t.container.reports.photos.resolve(media[0]!.path)).metadata();
    expect(exifTags(stored.exif)).toEqual([]);
    expect(row.department_id).toBeGreaterThan(0); // routed like any case: department, deadline
    expect(row.deadline_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // The confirmation link goes out by mail; an update before confirming is not sent.
    await t.container.mailWorker!.drain();
    const mail = (await sink.waitFor(1)).find((m) => m.to.includes('erika@example.org'))!;
    expect(mail.subject).toContain("E-Mail-Adresse");
    expect(mail.text).toContain(reference);
    const link = /(http:\/\/\S+\/public\/email\/confirm\?token=[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const contactId = row.contact_id!;
    await t.database.db.transaction().execute((trx) => t.container.outbox.enqueue(trx, { contactId, kind: 'case_update', message: { type: 'text', text: `Vor der Bestätigung ${reference}` } }));
    await t.container.dispatcher.drain();
    const early = await t.database.db.selectFrom('outbox').select(['state', 'error_code']).where('contact_id', '=', contactId).executeTakeFirstOrThrow();
    expect(early).toEqual({ state: 'failed', error_code: 'no_address' });

    const path = new URL(link).pathname + new URL(link).search;
    const confirmed = await t.app.inject({ method: 'GET', url: path });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Ihre E-Mail-Adresse ist bestätigt');
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404); // one-time

    const before = sink.messages.length;
    await t.database.db.transaction().execute((trx) => t.container.outbox.enqueue(trx, { contactId, kind: 'case_update', message: { type: 'text', text: `Ihr Anliegen ${reference} ist in Bearbeitung.` } }));
    await t.container.dispatcher.drain();
    const [update] = (await sink.waitFor(before + 1)).slice(before);
    expect(update!.to.join()).toContain('erika@example.org');
    expect(update!.text).toContain(`Ihr Anliegen ${reference} ist in Bearbeitung.`);
    const sent = await t.database.db.selectFrom('outbox').select(['state', 'channel']).where('contact_id', '=', contactId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(sent.state).toBe('sent');

    // MY DATA shows the address and the text; erasure leaves neither in any table.
    const sections = await t.container.privacy.registry.collect(t.database.db, contactId);
    expect(JSON.stringify(sections)).toContain('erika@example.org');
    expect(JSON.stringify(sections)).toContain('Laterne defekt');
    const contact = (await contactRepository.findById(t.database.db, contactId))!;
    await t.database.db.transaction().execute(async (trx) => {
      await t.container.privacy.erase(trx, contact, 'staff');
      await t.container.privacy.purge(trx, contactId);
    });
    const dump = JSON.stringify(await dumpAllTables(t.database.db, dialect));
    expect(dump).not.toContain('erika@example.org');
    expect(dump).not.toContain('Laterne defekt');
    expect(dump).toContain(reference); // the case stays, anonymised
  });

  it('answers bad input clearly and stores nothing', async () => {
    const before = await caseCount();
    const cases: [Record<string, string>, Part[], number, string][] = [
      [await fields({ kind: '' }), [], 422, 'webform/kind_missing'],
      [await fields({ category: 'nope' }), [], 422, 'webform/category_missing'],
      [await fields({ description: '  ' }), [], 422, 'webform/description_missing'],
      [await fields({ address: '' }), [], 422, 'webform/place_missing'],
      [await fields({ latitude: '91', longitude: '6' }), [], 422, 'webform/place_invalid'],
      [await fields({ email: 'not an address' }), [], 422, 'webform/email_invalid'],
      [await fields(), [{ name: 'photos', file: Buffer.from('<?php echo 1; ?>'), filename: 'x.jpg', type: 'image/jpeg' }], 422, 'webform/photo_not_image'],
      [await fields(), [{ name: 'photos', file: Buffer.alloc(5 * 1024 * 1024 + 10, 1), filename: 'big.jpg', type: 'image/jpeg' }], 413, 'webform/photo_too_large'],
      [await fields(), [{ name: 'photos', file: Buffer.from('%PDF-1.4'), filename: 'x.pdf', type: 'application/pdf' }], 422, 'webform/photo_not_image'],
      [await fields({ website: 'http://spam.example' }), [], 422, 'webform/rejected'],
      [{ ...(await fields()), form_token: '1.forged' }, [], 422, 'webform/form_expired'],
    ];
    for (const [values, files, status, code] of cases) {
      const r = await post(values, files);
      expect({ code: r.json().error?.code, status: r.statusCode }).toEqual({ code, status });
      expect(r.json().error.message).toBeTruthy();
    }
    const photo = await phonePhoto();
    const six = Array.from({ length: 6 }, (_, i) => ({ name: 'photos', file: photo, filename: `${i}.jpg`, type: 'image/jpeg' }));
    expect((await post(await fields(), six)).json().error.code).toBe('webform/too_many_photos');

    // Sent straight after the page was shown: a robot.
    const values = await fields();
    const html = (await t.app.inject({ method: 'GET', url: '/public/report' })).body;
    const fresh = /name="form_token" value="([^"]+)"/.exec(html)![1]!;
    const fast = await post({ ...values, form_token: fresh });
    expect(fast.json().error.code).toBe('webform/too_fast');
    expect(await caseCount()).toBe(before);
  });

  it('escapes script typed into the form on the page that shows it again', async () => {
    const form = multipart(Object.entries(await fields({ description: '<script>alert(1)</script>', category: '' })).map(([name, value]) => ({ name, value })));
    const r = await t.app.inject({ method: 'POST', url: '/public/report', headers: { 'content-type': form.type, accept: 'text/html' }, payload: form.body, remoteAddress: '10.1.0.1' });
    expect(r.statusCode).toBe(422);
    expect(r.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.body).not.toContain('<script>alert(1)');
    expect(r.body).toContain('role="alert"');
  });

  it('limits floods from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(await fields({ description: `Flut ${i}` }), [], '10.9.9.9')).statusCode);
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(statuses[5]).toBe(429);
    const again = await post(await fields(), [], '10.9.9.9');
    expect(again.json().error.code).toBe('request/rate_limited');
  });
});

describe('web form e-mail channel', () => {
  it('is off without SMTP_URL (no e-mail field)', async () => {
    // covered by renderForm: mailEnabled false hides the field
    const { renderForm } = await import('./webform.page.js');
    const html = renderForm({ town: { name: 'Kempen', service_name: 'Stadtbote', reference_prefix: 'KE', privacy_url: 'https://kempen.example/ds', imprint_url: 'https://kempen.example/imp' }, language: 'de', categories: [], formToken: 'x', mailEnabled: false });
    expect(html).not.toContain('name="email"');
  });
});

/**
 * The public side in a real Chromium (issue 14 "Done when"): a citizen reports through the web
 * form with a photo and an e-mail address, confirms the address by the link in the mail; the
 * case is released (as issue 12's release does) and appears on the public list, map and case
 * page without personal data while the e-mail sink receives the update; a page on another origin
 * embeds the widget and shows it; axe on every public page; ≤ 150 KB before the map loads, with
 * the map tiles blocked. SQLite and PostgreSQL.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, seriousViolations, type LaunchedBrowser } from '../../test/browser.js';
import { describeEachDatabase } from '../../test/databases.js';
import { phonePhoto } from '../../test/photos.js';
import { startSmtpSink, type SmtpSink } from '../../test/smtp-sink.js';
import { createTestApp, eventually, freePort, type TestApp } from '../../test/test-app.js';
import { releaseCase } from './public.test-kit.js';

describeInBrowser('the public side', () =>
  describeEachDatabase('in Chromium', (dialect) => {
    let t: TestApp;
    let sink: SmtpSink;
    let browser: LaunchedBrowser;
    let host: Server;
    let hostUrl: string;

    beforeAll(async () => {
      sink = await startSmtpSink();
      const tilePort = await freePort(); // nothing listens: tiles are blocked
      t = await createTestApp(dialect, { env: { SMTP_URL: sink.url, MAIL_FROM: 'stadtbote@kempen.example', WHATSAPP_DISPLAY_NUMBER: '+49 2152 555 0100', MAP_TILE_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png` } });
      t.container.start();
      browser = await launchBrowser();
      const port = await freePort();
      hostUrl = `http://127.0.0.1:${port}`;
      host = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Stadt Kempen</title></head><body><main><h1>Stadt Kempen</h1><p>Willkommen.</p><script src="${t.url}/public/widget.js" async></script></main></body></html>`);
      });
      await new Promise<void>((resolve) => host.listen(port, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await browser?.close();
      await new Promise((resolve) => host?.close(resolve));
      await t?.close();
      await sink?.close();
    });

    it('web form with photo → e-mail confirmed → released → list, map, case page without personal data, update by mail; the widget on another origin', async () => {
      const page = await browser.newPage();
      await page.goto(`${t.url}/public/report`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByLabel('Beschwerde').check();
      await page.getByLabel('Kategorie *').selectOption('beleuchtung');
      await page.getByLabel('Adresse oder Ortsbeschreibung').fill('Buttermarkt 1');
      await page.getByLabel('Breitengrad').fill('51.3646');
      await page.getByLabel('Längengrad').fill('6.4194');
      await page.getByLabel('Beschreibung *').fill('Laterne aus, ruft mich an: 0171 9999999');
      await page.getByLabel(/^Fotos/).setInputFiles({ name: 'laterne.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto() });
      await page.getByLabel('E-Mail für Neuigkeiten (freiwillig)').fill('erika@example.org');
      await t.container.clock.advance(10); // a person takes a while to fill the form
      await page.getByRole('button', { name: 'Anliegen absenden' }).click();
      const reference = (await page.locator('[data-reference]').textContent())!.trim();
      expect(reference).toMatch(/^KE-\d{4}-\d{6}$/);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await t.database.db.selectFrom('case_media').select('id').execute()).toHaveLength(1);

      const mail = await eventually(async () => sink.messages.find((m) => m.to.join().includes('erika@example.org')), 'the confirmation mail');
      const link = /(http:\/\/\S+\/public\/email\/confirm\?token=[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
      await page.goto(link);
      await page.getByText('Ihre E-Mail-Adresse ist bestätigt').waitFor();
      expect(await seriousViolations(page)).toEqual([]);

      // A case worker releases it and tells the citizen (release and update are issue 12's; here as the rows they write).
      await releaseCase(t, reference);
      const contactId = (await t.database.db.selectFrom('case_file').select('contact_id').where('reference', '=', reference).executeTakeFirstOrThrow()).contact_id!;
      await t.database.db.transaction().execute((trx) => t.container.outbox.enqueue(trx, { contactId, kind: 'case_update', message: { type: 'text', text: `Ihr Anliegen ${reference} ist in Bearbeitung.` } }));
      t.container.dispatcher.nudge();
      const update = await eventually(async () => sink.messages.find((m) => m.text.includes(`Ihr Anliegen ${reference} ist in Bearbeitung.`)), 'the update by e-mail');
      expect(update.to.join()).toContain('erika@example.org');

      // The public page: under 150 KB before the map loads, the list with the tiles blocked.
      let bytes = 0;
      page.on('requestfinished', (request) => {
        const url = request.url();
        if (url.includes('/public/leaflet/') || url.includes('/public/map.js') || url.endsWith('.png')) return;
        void request.sizes().then((s) => (bytes += s.responseBodySize + s.responseHeadersSize));
      });
      await page.goto(`${t.url}/public`);
      const entry = page.getByRole('link', { name: new RegExp(reference) });
      await entry.waitFor();
      expect(bytes).toBeLessThan(150 * 1024);
      const text = (await page.locator('body').textContent())!;
      for (const secret of ['0171', 'erika', 'Laterne aus']) expect(text).not.toContain(secret);
      await page.getByRole('link', { name: 'Per WhatsApp schreiben' }).waitFor();
      expect(await page.getByRole('link', { name: 'Per WhatsApp schreiben' }).getAttribute('href')).toMatch(/^https:\/\/wa\.me\/4921525550100\?text=/);
      await page.locator('.qr svg').waitFor();
      await page.locator('.leaflet-marker-icon').first().waitFor({ timeout: 15_000 }); // the map's pin
      expect(await seriousViolations(page)).toEqual([]);

      await entry.click();
      await page.getByRole('heading', { name: new RegExp(reference) }).waitFor();
      expect(await page.locator('[data-status]').textContent()).toBe('In Bearbeitung');
      expect(await page.locator('body').textContent()).not.toContain('0171');
      expect(await seriousViolations(page)).toEqual([]);

      for (const url of ['/public?lang=en', '/public/notices', '/public/report?lang=en']) {
        await page.goto(`${t.url}${url}`);
        expect({ url, violations: await seriousViolations(page) }).toEqual({ url, violations: [] });
      }

      // The town's homepage, another origin, embeds the widget with one script tag.
      await page.goto(hostUrl);
      const widgetEntry = page.getByRole('link', { name: new RegExp(reference) });
      await widgetEntry.waitFor({ timeout: 15_000 });
      expect(await page.getByRole('link', { name: 'Ohne WhatsApp: das Webformular' }).getAttribute('href')).toBe(`${t.url}/public/report`);
      expect(await widgetEntry.getAttribute('href')).toBe(`${t.url}/public/cases/${reference}`);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }),
);

import { afterAll, beforeAll, expect, it } from 'vitest';
import sharp from 'sharp';
import { describeEachDatabase } from '../../test/databases.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { figuresOf, median } from './public.repository.js';
import { fileWebCase, releaseCase } from './public.test-kit.js';

describeEachDatabase('public page, case pages, widget data', (dialect) => {
  let t: TestApp;
  let released: string;
  let hidden: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { WHATSAPP_DISPLAY_NUMBER: '+49 2152 555 0100', SMTP_URL: 'smtp://127.0.0.1:9' } });
    const photo = (r: number) => sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g: 90, b: 40 } } }).jpeg().toBuffer();
    released = await fileWebCase(t, { description: 'Meine Nummer 0171 1234567 <script>x()</script>', email: 'geheim@example.org', photos: [await photo(200), await photo(20)] });
    hidden = await fileWebCase(t, { description: 'noch nicht freigegeben', photos: [await photo(120)] });
    await t.container.clock.advance(7200);
    await releaseCase(t, released, 'resolved', { summary: 'Die Leuchte <b>ist</b> ersetzt.', photos: [0] });
  });
  afterAll(async () => t?.close());

  it('/public: click-to-chat link and its QR code, the form, the archive, legal links, only released cases, no personal data', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/public' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('href="https://wa.me/4921525550100?text=Hallo%20Stadtbote');
    expect(r.body).toMatch(/<div class="qr" role="img" aria-label="[^"]+"><svg/);
    expect(r.body).toContain('href="/public/report"');
    expect(r.body).toContain('href="/public/notices"');
    expect(r.body).toContain('Impressum');
    expect(r.body).toContain(released);
    expect(r.body).not.toContain(hidden);
    for (const secret of ['0171', 'geheim@example.org', 'script', 'Meier', 'Meine Nummer']) expect(r.body).not.toContain(secret);
    expect(r.body).toContain('Erledigt');
    expect(r.body).not.toContain('id="map"'); // no MAP_TILE_URL: the list alone
    expect((await t.app.inject({ method: 'GET', url: '/public?lang=en' })).body).toContain('Published reports');
  });

  it('/public/cases/{reference}: status history of a released case; unreleased and unknown answer 404', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/public/cases/${released}` });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Eingegangen');
    expect(r.body).toContain('Erledigt');
    expect(r.body).toContain('Burgstraße 12');
    for (const secret of ['0171', 'geheim', 'Meier', 'intern']) expect(r.body).not.toContain(secret);
    expect((await t.app.inject({ method: 'GET', url: `/public/cases/${hidden}` })).statusCode).toBe(404);
    const unknown = await t.app.inject({ method: 'GET', url: '/public/cases/%3Cscript%3E' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).not.toContain('<script>');
  });

  it('the public summary staff wrote (escaped) and only the photos they released; any other photo id is 404', async () => {
    const page = (await t.app.inject({ method: 'GET', url: `/public/cases/${released}` })).body;
    expect(page).toContain('Die Leuchte &lt;b&gt;ist&lt;/b&gt; ersetzt.');
    const ids = [...page.matchAll(/href="\/public\/photos\/(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids).toHaveLength(1);
    const all = await t.database.db.selectFrom('case_media').select(['id', 'released_at']).orderBy('id').execute();
    expect(all).toHaveLength(3); // two of the released case, one of the hidden one
    expect(ids).toEqual(all.filter((m) => m.released_at !== null).map((m) => Number(m.id)));
    for (const variant of ['', '/thumb']) {
      const shown = await t.app.inject({ method: 'GET', url: `/public/photos/${ids[0]}${variant}` });
      expect(shown.statusCode).toBe(200);
      expect(shown.headers['content-type']).toBe('image/jpeg');
      expect((await sharp(shown.rawPayload).metadata()).format).toBe('jpeg');
    }
    for (const m of all.filter((x) => x.released_at === null)) {
      expect((await t.app.inject({ method: 'GET', url: `/public/photos/${m.id}` })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/public/photos/${m.id}/thumb` })).statusCode).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: '/public/photos/abc' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/public' })).body).toContain('Die Leuchte &lt;b&gt;ist&lt;/b&gt; ersetzt.');
  });

  it('figures per category: received, resolved, median hours', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/public' });
    expect(r.body).toMatch(/<th scope="row">Beleuchtung[^<]*<\/th><td>2<\/td><td>1<\/td><td>2<\/td><td>2<\/td>/);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(figuresOf([])).toEqual([]);
  });

  it('widget: script and data usable from another origin, nothing else loosened', async () => {
    const js = await t.app.inject({ method: 'GET', url: '/public/widget.js' });
    expect(js.headers['content-type']).toContain('text/javascript');
    expect(js.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const data = await t.app.inject({ method: 'GET', url: '/public/widget.json', headers: { origin: 'https://www.kempen.example' } });
    expect(data.headers['access-control-allow-origin']).toBe('*');
    expect(data.headers['access-control-allow-credentials']).toBeUndefined();
    const body = data.json();
    expect(body.cases.map((c: { reference: string }) => c.reference)).toEqual([released]);
    expect(JSON.stringify(body)).not.toContain('0171');
    expect(body.entries[0].url).toContain('https://wa.me/4921525550100');
    for (const url of ['/public', '/public/report', '/api/session', `/public/cases/${released}`]) {
      const other = await t.app.inject({ method: 'GET', url, headers: { origin: 'https://www.kempen.example' } });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      expect(other.headers['cross-origin-resource-policy']).toBe('same-origin');
    }
  });
});

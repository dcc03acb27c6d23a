/**
 * The phone simulator in a real Chromium: a citizen types "Hallo" and sees the town's answer
 * arrive with ticks; the page passes axe's WCAG 2.1 AA checks.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, seriousViolations, type LaunchedBrowser } from '../../src/test/browser.js';
import { createTestApp, type TestApp } from '../../src/test/test-app.js';

describeInBrowser('phone simulator', () => {
  let t: TestApp;
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    t.container.start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a citizen types "Hallo" and sees the town’s answer arrive with ticks', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/simulator`);
    await page.getByRole('heading', { name: 'Handy-Simulator' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Name').fill('Erika Mustermann');
    await page.getByLabel('Telefonnummer').fill('+49 2152 555123');
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByRole('heading', { name: /Chat mit der Stadt – als Erika Mustermann/ }).waitFor();

    await page.getByLabel('Nachricht').fill('Hallo');
    await page.getByRole('button', { name: 'Senden', exact: true }).click();
    await page.getByTestId('from-citizen').filter({ hasText: 'Hallo' }).waitFor();

    const answer = page.getByTestId('from-town').first();
    await answer.waitFor({ timeout: 15_000 });
    expect(await answer.textContent()).toContain('Kempen');
    // the ticks follow the statuses: sent → delivered → read
    await answer.locator('.ticks.read').waitFor({ timeout: 15_000 });
    expect(await answer.locator('.ticks').getAttribute('title')).toBe('gelesen');
    expect(await seriousViolations(page)).toEqual([]);

    // the product stored the conversation
    const contact = await t.database.db.selectFrom('contact').selectAll().executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ phone: '492152555123', name: 'Erika Mustermann' });
  });

  it('the clock control jumps ahead and the service window closes', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/simulator`);
    await page.getByRole('button', { name: /Erika Mustermann/ }).click();
    await page.getByText(/Servicefenster offen bis/).waitFor();
    const before = t.container.clock.now().getTime();
    await page.getByRole('button', { name: '+25 Stunden' }).click();
    await page.getByText('Servicefenster geschlossen (nur Vorlagen erlaubt)').waitFor({ timeout: 10_000 });
    expect(t.container.clock.now().getTime() - before).toBeGreaterThanOrEqual(25 * 3600_000);
  });

  it('shares a location by coordinates, starting at the town’s centre', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/simulator`);
    await page.getByRole('button', { name: /Erika Mustermann/ }).click();
    await page.getByRole('button', { name: 'Standort teilen' }).click();
    await expect.poll(() => page.getByLabel('Breite').inputValue()).toBe('51.36460');
    expect(await page.locator('.map').count()).toBe(0); // no MAP_TILE_URL → no map
    await page.getByLabel('Breite').fill('51.36611');
    await page.getByLabel('Länge').fill('6.42001');
    await page.getByRole('button', { name: 'Standort senden' }).click();
    await page.getByTestId('from-citizen').filter({ hasText: '51.36611' }).waitFor();
    await expect
      .poll(async () => (await t.database.db.selectFrom('inbound_message').select('id').where('content_type', '=', 'location').executeTakeFirst()) ?? null, { timeout: 10_000 })
      .not.toBeNull();
    const row = await t.database.db.selectFrom('inbound_message').select('content').where('content_type', '=', 'location').executeTakeFirstOrThrow();
    expect(JSON.parse(row.content)).toMatchObject({ type: 'location', latitude: 51.36611, longitude: 6.42001 });
  });

  it('shows a map to tap on when MAP_TILE_URL is set', async () => {
    const mapped = await createTestApp('sqlite', { env: { MAP_TILE_URL: 'http://127.0.0.1:9/tiles/{z}/{x}/{y}.png', MAP_ATTRIBUTION: '© Stadt' } });
    try {
      const csp = (await mapped.app.inject({ url: '/simulator' })).headers['content-security-policy'];
      expect(String(csp)).toMatch(/img-src 'self' data: blob: http:\/\/127\.0\.0\.1:9/);
      const page = await browser.newPage();
      await page.goto(`${mapped.url}/simulator`);
      await page.getByLabel('Name').fill('Piet');
      await page.getByLabel('Telefonnummer').fill('+31 6 12345678');
      await page.getByRole('button', { name: 'Anlegen' }).click();
      await page.getByRole('button', { name: 'Standort teilen' }).click();
      const map = page.getByRole('application', { name: /Karte/ });
      await map.waitFor();
      await expect.poll(() => page.getByLabel('Breite').inputValue()).toBe('51.36460');
      const box = (await map.boundingBox())!;
      await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.2);
      await expect.poll(() => page.getByLabel('Breite').inputValue()).not.toBe('51.36460');
      expect(Number(await page.getByLabel('Länge').inputValue())).toBeGreaterThan(6.4187);
    } finally {
      await mapped.close();
    }
  });

  it('answers only local clients (or the admin token)', async () => {
    const remote = await t.app.inject({ url: '/simulator', remoteAddress: '203.0.113.7' });
    expect(remote.statusCode).toBe(403);
    const control = await t.app.inject({ method: 'GET', url: '/emulator/_control/users', remoteAddress: '203.0.113.7' });
    expect(control.statusCode).toBe(403);
    const withToken = await t.app.inject({ url: '/simulator', remoteAddress: '203.0.113.7', headers: { authorization: `Bearer ${t.config.admin.token}` } });
    expect(withToken.statusCode).toBe(200);
  });
});

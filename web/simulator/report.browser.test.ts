/**
 * A report filed from the phone simulator in a real Chromium: a photo with a caption, the kind
 * and the category from lists, the location shared on request, "Absenden" — and the reference
 * number arrives; the product holds the case with its photo (SQLite and PostgreSQL). The page
 * passes axe's checks.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, seriousViolations, type LaunchedBrowser } from '../../src/test/browser.js';
import { phonePhoto } from '../../src/test/photos.js';
import { describeEachDatabase } from '../../src/test/databases.js';
import { createTestApp, type TestApp } from '../../src/test/test-app.js';

describeInBrowser('a report from the phone simulator', () => describeEachDatabase('in Chromium', (dialect) => {
  let t: TestApp;
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    t.container.start();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('photo, kind, category, location, send → a reference number', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/simulator`);
    await page.getByLabel('Name').fill('Erika Mustermann');
    await page.getByLabel('Telefonnummer').fill('+49 2152 555125');
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByRole('heading', { name: /Chat mit der Stadt – als Erika Mustermann/ }).waitFor();

    // a photo with the description as its caption
    await page.getByLabel('Nachricht').fill('Die Laterne am Buttermarkt ist aus');
    await page.locator('input[type=file]').setInputFiles({ name: 'laterne.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto() });
    const town = page.getByTestId('from-town');

    const kinds = town.filter({ hasText: 'Worum geht es?' });
    await kinds.waitFor({ timeout: 15_000 });
    expect(await kinds.textContent()).toContain('Danke für das Foto');
    await kinds.locator('summary', { hasText: 'Auswählen' }).click();
    await kinds.getByRole('button', { name: /^Hinweis \/ Schaden/ }).click();

    const categories = town.filter({ hasText: 'Zu welchem Bereich gehört es?' });
    await categories.waitFor({ timeout: 15_000 });
    await categories.locator('summary', { hasText: 'Auswählen' }).click();
    await categories.getByRole('button', { name: /^Beleuchtung/ }).click();

    const where = town.filter({ hasText: 'Wo ist es?' });
    await where.waitFor({ timeout: 15_000 });
    await where.getByRole('button', { name: 'Standort teilen' }).click();
    await expect.poll(() => page.getByLabel('Breite').inputValue()).toBe('51.36460');
    await page.getByRole('button', { name: 'Standort senden' }).click();

    const summary = town.filter({ hasText: 'Bitte prüfen Sie Ihre Meldung' });
    await summary.waitFor({ timeout: 15_000 });
    expect(await summary.textContent()).toContain('Die Laterne am Buttermarkt ist aus');
    expect(await seriousViolations(page)).toEqual([]);
    await summary.getByRole('button', { name: 'Absenden' }).click();

    const filed = town.filter({ hasText: 'Aktenzeichen' });
    await filed.waitFor({ timeout: 15_000 });
    const reference = /KE-\d{4}-\d{6}/.exec((await filed.textContent()) ?? '')?.[0];
    expect(reference).toBeTruthy();
    await town.filter({ hasText: 'Möchten Sie außerdem Mitteilungen' }).waitFor({ timeout: 15_000 });
    expect(await seriousViolations(page)).toEqual([]);

    const c = await t.database.db.selectFrom('case_file').selectAll().executeTakeFirstOrThrow();
    expect(c).toMatchObject({ reference, status: 'new', kind: 'hint', description: 'Die Laterne am Buttermarkt ist aus', location_source: 'pin', latitude: 51.3646 });
    expect(await t.database.db.selectFrom('case_media').selectAll().where('case_id', '=', c.id).execute()).toHaveLength(1);
  });
}));

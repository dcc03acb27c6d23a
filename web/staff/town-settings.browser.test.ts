/**
 * The town settings screen keeps what it does not show: saving the town's name from the staff
 * app leaves the report settings (boundary, reference format, draft time) as they were.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, seriousViolations, type LaunchedBrowser } from '../../src/test/browser.js';
import { firstAdmin } from '../../src/test/staff.js';
import { createTestApp, type TestApp } from '../../src/test/test-app.js';
import type { Town } from '../../src/modules/town/town.seed.js';

describeInBrowser('town settings and the report settings', () => {
  let t: TestApp;
  let browser: LaunchedBrowser;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('saving the town page keeps boundary, reference_format and report_draft_minutes', async () => {
    const town = async () => JSON.parse((await t.database.db.selectFrom('setting').select('value').where('key', '=', 'town').executeTakeFirstOrThrow()).value) as Town;
    const before = await town();
    expect(before.boundary?.length).toBeGreaterThanOrEqual(3);
    const page = await browser.newPage();
    const admin = firstAdmin(t.config);
    await page.goto(`${t.url}/login`);
    await page.getByLabel(/^E-Mail-Adresse( \*)?$/).fill(admin.email);
    await page.getByLabel(/^Passwort( \*)?$/).fill(admin.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anliegen' }).waitFor();
    await page.goto(`${t.url}/einstellungen/stadt`);
    await page.getByRole('heading', { level: 1, name: 'Stadt' }).waitFor();
    const name = page.getByLabel(/^Name der Stadt/);
    await expect.poll(() => name.inputValue()).toBe('Kempen');
    expect(await seriousViolations(page)).toEqual([]);
    await name.fill('Kempen am Niederrhein');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(async () => (await town()).name).toBe('Kempen am Niederrhein');
    const after = await town();
    expect({ boundary: after.boundary, reference_format: after.reference_format, report_draft_minutes: after.report_draft_minutes }).toEqual({
      boundary: before.boundary,
      reference_format: '{prefix}-{year}-{number}',
      report_draft_minutes: 120,
    });
  });
});

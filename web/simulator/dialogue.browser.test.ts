/**
 * The citizen dialogue in the phone simulator, in a real Chromium: a citizen says hello, taps
 * the opt-in button, chooses a topic in the list, taps "Fertig" and sees the confirmation; the
 * product recorded the consent and the subscriptions.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, type LaunchedBrowser } from '../../src/test/browser.js';
import { createTestApp, type TestApp } from '../../src/test/test-app.js';

describeInBrowser('citizen dialogue in the phone simulator', () => {
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

  it('subscribes: opt-in button, topics from the list, confirmation', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}/simulator`);
    await page.getByLabel('Name').fill('Erika Mustermann');
    await page.getByLabel('Telefonnummer').fill('+49 2152 555124');
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByRole('heading', { name: /Chat mit der Stadt – als Erika Mustermann/ }).waitFor();

    await page.getByLabel('Nachricht').fill('Hallo');
    await page.getByRole('button', { name: 'Senden', exact: true }).click();

    const town = page.getByTestId('from-town');
    const welcome = town.filter({ hasText: 'Möchten Sie Mitteilungen' });
    await welcome.waitFor({ timeout: 15_000 });
    expect(await welcome.textContent()).toContain('https://www.kempen.de/datenschutz');
    await welcome.getByRole('button', { name: 'Ja, gerne' }).click();

    // the topic list: Eilmeldungen is preselected (✓); choose the waste calendar
    const firstList = town.filter({ hasText: 'Danke! Sie sind angemeldet.' });
    await firstList.waitFor({ timeout: 15_000 });
    await firstList.locator('summary', { hasText: 'Themen wählen' }).click();
    expect(await firstList.getByRole('button', { name: /^✓ Eilmeldungen/ }).count()).toBe(1);
    await firstList.getByRole('button', { name: /^Abfallkalender/ }).click();

    const secondList = town.filter({ hasText: 'Abfallkalender ist dazugekommen' });
    await secondList.waitFor({ timeout: 15_000 });
    await secondList.locator('summary', { hasText: 'Themen wählen' }).click();
    expect(await secondList.getByRole('button', { name: /^✓ Abfallkalender/ }).count()).toBe(1);
    await secondList.getByRole('button', { name: /^Fertig/ }).click();

    const confirmation = town.filter({ hasText: 'Gespeichert. Sie erhalten Mitteilungen zu: Eilmeldungen, Abfallkalender.' });
    await confirmation.waitFor({ timeout: 15_000 });

    const contact = await t.database.db.selectFrom('contact').selectAll().where('phone', '=', '492152555124').executeTakeFirstOrThrow();
    const topics = await t.database.db
      .selectFrom('subscription')
      .innerJoin('topic', 'topic.id', 'subscription.topic_id')
      .select('topic.key')
      .where('subscription.contact_id', '=', contact.id)
      .orderBy('topic.sort_order')
      .execute();
    expect(topics.map((r) => r.key)).toEqual(['eilmeldungen', 'abfall']);
    const consents = await t.database.db.selectFrom('consent').selectAll().where('contact_id', '=', contact.id).execute();
    expect(consents).toMatchObject([{ action: 'granted', text_version: 'information-v1-de', channel: 'whatsapp' }]);
  });
});

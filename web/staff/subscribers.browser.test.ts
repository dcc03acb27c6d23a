/**
 * Issue 9 in a real Chromium: a citizen subscribes in the phone simulator; the administrator
 * finds them on the subscribers screen by their number, sees the consent history and erases
 * them on their written request; the tourist-answer settings screen lists the seed's answers.
 * axe-core (WCAG 2.0/2.1 A and AA, no rule disabled) on both screens, with data and with the
 * open dialogs.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, launchBrowser, seriousViolations, type LaunchedBrowser } from '../../src/test/browser.js';
import { body, Chat } from '../../src/test/chat.js';
import { createPerson, firstAdmin } from '../../src/test/staff.js';
import { createTestApp, eventually, type TestApp } from '../../src/test/test-app.js';

const label = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`);

async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.getByTestId('loading').first().waitFor({ state: 'detached' });
  // Checked after transitions (a dialog fading in has too little contrast for a moment).
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  expect(await seriousViolations(page), screen).toEqual([]);
}

describeInBrowser('subscribers and tourist answers in the staff app', () => {
  let t: TestApp;
  let browser: LaunchedBrowser;
  let page: Page;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    t.container.start();
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a citizen from the simulator is found on the subscribers screen and erased on request', async () => {
    // The citizen subscribes in the phone simulator.
    await page.goto(`${t.url}/simulator`);
    await page.getByLabel('Name').fill('Hilde Habicht');
    await page.getByLabel('Telefonnummer').fill('+49 2152 555321');
    await page.getByRole('button', { name: 'Anlegen' }).click();
    await page.getByRole('heading', { name: /Chat mit der Stadt – als Hilde Habicht/ }).waitFor();
    await page.getByLabel('Nachricht').fill('Hallo');
    await page.getByRole('button', { name: 'Senden', exact: true }).click();
    const town = page.getByTestId('from-town');
    const welcome = town.filter({ hasText: 'Möchten Sie Mitteilungen' });
    await welcome.waitFor({ timeout: 15_000 });
    await welcome.getByRole('button', { name: 'Ja, gerne' }).click();
    const list = town.filter({ hasText: 'Danke! Sie sind angemeldet.' });
    await list.waitFor({ timeout: 15_000 });
    await list.locator('summary', { hasText: 'Themen wählen' }).click();
    await list.getByRole('button', { name: /^Fertig/ }).click();
    await town.filter({ hasText: 'Gespeichert. Sie erhalten Mitteilungen zu: Eilmeldungen.' }).waitFor({ timeout: 15_000 });

    // The administrator signs in and opens the subscribers screen.
    const admin = firstAdmin(t.config);
    await page.goto(`${t.url}/login`);
    await page.getByLabel(label('E-Mail-Adresse')).fill(admin.email);
    await page.getByLabel(label('Passwort')).fill(admin.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('link', { name: 'Abonnenten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Abonnenten' }).waitFor();
    await page.getByText('1 Person hat mindestens ein Thema abonniert.').waitFor();
    const urgent = page.getByRole('row', { name: /Eilmeldungen/ });
    expect(await urgent.getByRole('cell').nth(1).textContent()).toBe('1');
    await expectAccessible(page, 'subscribers');

    // Look-up by number: the person and the consent history.
    await page.getByLabel('Telefonnummer').fill('+49 2152 555321');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.getByRole('cell', { name: 'Hilde Habicht' }).waitFor();
    await page.getByRole('cell', { name: 'Eingewilligt' }).waitFor();
    await page.getByRole('cell', { name: 'information-v1-de' }).waitFor();
    await expectAccessible(page, 'subscribers with a person');
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'personal_data.view').execute();
    expect(audit).toHaveLength(1);

    // Erasure on the written request: asks first, needs the confirmation box.
    await page.getByRole('button', { name: 'Auf Antrag löschen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Alle Daten dieser Person löschen?' });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Endgültig löschen' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'erase dialog');
    await dialog.getByLabel('Ein schriftlicher Antrag der Person liegt vor.').check();
    await dialog.getByRole('button', { name: 'Endgültig löschen' }).click();
    await page.getByRole('status').filter({ hasText: 'Gelöscht.' }).waitFor();
    await page.getByText('0 Personen haben mindestens ein Thema abonniert.').waitFor();
    expect(await t.database.db.selectFrom('contact').selectAll().execute()).toEqual([]);

    // Looking again finds nothing.
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.getByText('Zu dieser Nummer ist nichts gespeichert.').waitFor();

    // An editor sees the figures, but no look-up of people.
    const editor = await createPerson(t.container, ['editor']);
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByLabel(label('E-Mail-Adresse')).fill(editor.email);
    await page.getByLabel(label('Passwort')).fill(editor.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('link', { name: 'Abonnenten' }).click();
    await page.getByRole('heading', { level: 2, name: 'Abonnenten je Thema' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Person suchen (personenbezogene Daten)' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByLabel(label('E-Mail-Adresse')).fill(admin.email);
    await page.getByLabel(label('Passwort')).fill(admin.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('link', { name: 'Abonnenten' }).waitFor();
  });

  it('the tourist-answer settings screen lists the answers and edits them', async () => {
    await page.goto(`${t.url}/einstellungen/auskuenfte`);
    await page.getByRole('heading', { level: 1, name: 'Auskünfte für Gäste' }).waitFor();
    await page.getByRole('cell', { name: 'Parken', exact: true }).waitFor();
    await expectAccessible(page, 'tourist answers');
    await page.getByRole('button', { name: 'Neue Auskunft' }).click();
    const dialog = page.getByRole('dialog', { name: 'Neue Auskunft' });
    await dialog.waitFor();
    await expectAccessible(page, 'new tourist answer');
    await dialog.getByLabel(label('Schlüssel')).fill('minigolf');
    for (const [lang, title, words, answer] of [
      ['Deutsch', 'Minigolf', 'minigolf', 'Minigolf gibt es im Stadtpark.'],
      ['English', 'Mini golf', 'mini golf', 'Mini golf is in the town park.'],
      ['Nederlands', 'Minigolf', 'minigolf', 'Minigolf is in het stadspark.'],
    ] as const) {
      await dialog.getByLabel(label(`Titel in der Liste (höchstens 24 Zeichen) (${lang})`)).fill(title);
      await dialog.getByLabel(label(`Stichwörter, durch Kommas getrennt (${lang})`)).fill(words);
      await dialog.getByLabel(label(`Antwort (${lang})`)).fill(answer);
    }
    await dialog.getByLabel('Link für mehr (optional)').fill('http://kempen.example');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.getByText(/https/).first().waitFor();
    await dialog.getByLabel('Link für mehr (optional)').fill('');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Minigolf', exact: true }).waitFor();
    const row = await t.database.db.selectFrom('tourist_answer').selectAll().where('key', '=', 'minigolf').executeTakeFirstOrThrow();
    expect(JSON.parse(row.keywords)).toEqual({ de: ['minigolf'], en: ['mini golf'], nl: ['minigolf'] });
  });

  it('the one-time link of MY DATA: a page with a button, then the document — both pass axe', async () => {
    const user = (await t.control<{ id: string }>('POST', '/users', { name: 'Otto Ortmann', phone: '+49 2152 555322' })).json;
    const chat = new Chat(t, user.id);
    await chat.say('Hallo');
    await chat.say(`Sehr geehrte Damen und Herren, ${'ein langer Brief an die Stadt. '.repeat(120)}`);
    await chat.say('MEINE DATEN');
    // The app's workers run here too: wait for the reply rather than for one drain.
    const reply = await eventually(async () => (await chat.outItems()).find((i) => body(i).includes('/privacy/export/')), 'the link');
    const url = /(http:\/\/\S+\/privacy\/export\/[A-Za-z0-9_-]+)/.exec(body(reply))![1]!;
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'Ihre gespeicherten Daten jetzt anzeigen' }).waitFor();
    expect(await seriousViolations(page), 'export link page').toEqual([]);
    await page.getByRole('button', { name: 'Ihre gespeicherten Daten jetzt anzeigen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ihre bei der Stadt Kempen gespeicherten Daten' }).waitFor();
    await page.getByRole('cell', { name: 'Otto Ortmann' }).waitFor();
    expect(await seriousViolations(page), 'export document').toEqual([]);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /abgelaufen oder wurde schon benutzt/ }).waitFor();
  });
});

/**
 * Broadcasts in a real Chromium, on SQLite and PostgreSQL: an editor writes a notice (live
 * WhatsApp preview, estimate) and submits it; a second person, an approver, approves and sends
 * it; the citizen sees it in the phone simulator — and a day later, outside the window, the
 * teaser with "Lesen", which brings the full text. axe-core (WCAG 2.0/2.1 A and AA, no rule
 * disabled) checks the list, the editor and the public archive.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { approvedAndSent, notice, staff, subscriber } from '../../src/modules/broadcasts/broadcast.test-kit.js';
import { describeInBrowser, launchBrowser, seriousViolations, type LaunchedBrowser } from '../../src/test/browser.js';
import { describeEachDatabase } from '../../src/test/databases.js';
import { createPerson } from '../../src/test/staff.js';
import { createTestApp, type TestApp } from '../../src/test/test-app.js';

const label = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`);

describeInBrowser('broadcasts in the staff app', () => {
  describeEachDatabase('in Chromium', (dialect) => {
    let t: TestApp;
    let browser: LaunchedBrowser;
    let page: Page;
    let editor: { email: string; password: string };
    let approver: { email: string; password: string };

    beforeAll(async () => {
      t = await createTestApp(dialect);
      await t.container.templateSync!.sync();
      await subscriber(t, '+4921525550301', 'de', ['abfall']); // Anna, in the simulator
      editor = await createPerson(t.container, ['editor'], { name: 'Eva Redaktion' });
      approver = await createPerson(t.container, ['approver'], { name: 'Alex Leitung' });
      t.container.start();
      browser = await launchBrowser();
      page = await browser.newPage();
      page.setDefaultTimeout(10_000);
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
    const expectAccessible = async (screen: string) => {
      await page.getByTestId('loading').first().waitFor({ state: 'detached' });
      expect(await seriousViolations(page), screen).toEqual([]);
    };
    const signInAs = async (who: { email: string; password: string }) => {
      await page.goto(`${t.url}/login`);
      await heading('Anmelden');
      await page.getByLabel(label('E-Mail-Adresse')).fill(who.email);
      await page.getByLabel(label('Passwort')).fill(who.password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('navigation', { name: 'Hauptnavigation' }).waitFor();
    };

    it('an editor writes a notice with the live preview and the estimate, and submits it', async () => {
      await signInAs(editor);
      await page.goto(`${t.url}/mitteilungen`);
      await heading('Mitteilungen');
      await page.getByText('Noch keine Mitteilungen.').waitFor();
      await expectAccessible('list (empty)');

      await page.getByRole('link', { name: 'Neue Mitteilung' }).click();
      await heading('Neue Mitteilung');
      await page.getByLabel(label('Titel')).fill('Abfuhr verschoben');
      await page.getByLabel(label('Text')).fill('*Achtung:* Die Restmülltonne wird erst am _Dienstag_ geleert.\nMehr: https://www.kempen.de/abfall');
      // the live preview renders WhatsApp's formatting
      const bubble = page.getByTestId('whatsapp-bubble').first();
      await bubble.locator('strong', { hasText: 'Achtung:' }).waitFor();
      await bubble.locator('em', { hasText: 'Dienstag' }).waitFor();
      expect(await bubble.locator('a').getAttribute('href')).toBe('https://www.kempen.de/abfall');
      await page.getByRole('combobox', { name: label('Themen') }).click();
      await page.getByRole('option', { name: 'Abfallkalender' }).click();
      await page.getByRole('heading', { name: 'Text und Versand' }).click(); // closes the list
      await page.getByLabel('Es ist eine amtliche Mitteilung aus den Aufgaben der Stadt.').check();
      await page.getByLabel('Sachlich und neutral formuliert, keine Wertung.').check();
      await page.getByLabel('Keine parteipolitischen Inhalte (Neutralitätsgebot).').check();
      await expectAccessible('editor (new, filled in)');
      await page.getByRole('button', { name: 'Entwurf speichern' }).click();

      await heading('Abfuhr verschoben');
      expect(page.url()).toMatch(/\/mitteilungen\/\d+$/);
      const estimate = page.getByTestId('estimate');
      await estimate.getByText('1 Empfänger', { exact: true }).waitFor();
      await estimate.getByText('1 im 24-Stunden-Fenster (kostenlos, Text direkt)').waitFor();
      // both renderings: the teaser template with its quick reply
      await page.getByTestId('whatsapp-bubble').filter({ hasText: 'Die Stadt Kempen hat eine amtliche Bekanntmachung zum Thema Abfallkalender' }).getByText('Lesen', { exact: true }).waitFor();
      await expectAccessible('editor (saved, with estimate)');

      await page.getByRole('button', { name: 'Zur Freigabe einreichen' }).click();
      await page.getByText('Zur Freigabe', { exact: true }).waitFor();
      expect(await page.getByRole('button', { name: 'Freigeben' }).count()).toBe(0); // not the editor's to approve
      await page.getByRole('button', { name: 'Abmelden' }).click();
      await heading('Anmelden');
    });

    it('a second person approves and sends it; the citizen sees it in the simulator', async () => {
      await signInAs(approver);
      await page.goto(`${t.url}/mitteilungen`);
      await heading('Mitteilungen');
      await page.getByRole('cell', { name: 'Zur Freigabe' }).waitFor();
      await expectAccessible('list (one submitted)');
      await page.getByRole('link', { name: 'Abfuhr verschoben' }).click();
      await heading('Abfuhr verschoben');
      await page.getByRole('button', { name: 'Freigeben' }).click();
      await page.getByText('Freigegeben', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Jetzt senden' }).click();
      const figures = page.getByTestId('figures');
      await figures.waitFor();
      await expectAccessible('broadcast (sending, figures)');

      const simulator = await browser.newPage();
      await simulator.goto(`${t.url}/simulator`);
      await simulator.getByRole('button', { name: /\+4921525550301|492152555030/ }).first().click();
      await simulator.getByTestId('from-town').filter({ hasText: 'Die Restmülltonne wird erst am' }).waitFor({ timeout: 15_000 });
      await simulator.close();

      // the figures follow the statuses (reload: the page shows the counts at load)
      await expect
        .poll(async () => {
          await page.reload();
          return page.getByTestId('count-read').textContent();
        }, { timeout: 15_000 })
        .toBe('1');
    });

    it('the public archive shows the sent notice and passes axe', async () => {
      const archive = await browser.newPage();
      await archive.goto(`${t.url}/public/notices`);
      await archive.getByRole('heading', { level: 1, name: 'Mitteilungen' }).waitFor();
      await archive.getByRole('heading', { level: 2, name: 'Abfuhr verschoben' }).waitFor();
      await archive.locator('strong', { hasText: 'Achtung:' }).waitFor();
      await archive.getByRole('navigation', { name: 'Rechtliches' }).getByRole('link', { name: 'Impressum' }).waitFor();
      expect(await seriousViolations(archive), 'public archive').toEqual([]);
      await archive.getByRole('link', { name: 'English' }).click();
      await archive.getByRole('heading', { level: 1, name: 'Notices' }).waitFor();
      expect(await seriousViolations(archive), 'public archive (en)').toEqual([]);
      await archive.close();
    });

    it('a day later the citizen gets the teaser in the simulator, taps “Lesen” and reads the full notice', async () => {
      await t.control('POST', '/clock', { advance_s: 25 * 3600 }); // Anna's window closes
      await approvedAndSent(await staff(t), notice({ title: 'Sperrung Burgstraße', text: 'Die Burgstraße ist ab Montag *voll gesperrt*.', language_variants: {} }));
      const simulator = await browser.newPage();
      await simulator.goto(`${t.url}/simulator`);
      await simulator.getByRole('button', { name: /\+4921525550301|492152555030/ }).first().click();
      const teaser = simulator.getByTestId('from-town').filter({ hasText: '„Sperrung Burgstraße“' });
      await teaser.waitFor({ timeout: 15_000 });
      expect(await seriousViolations(simulator), 'simulator with a teaser').toEqual([]);
      await teaser.getByRole('button', { name: 'Lesen' }).click();
      await simulator.getByTestId('from-town').filter({ hasText: 'Die Burgstraße ist ab Montag *voll gesperrt*.' }).waitFor({ timeout: 15_000 });
      await simulator.close();
    });
  });
});

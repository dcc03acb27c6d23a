/**
 * The staff app in a real Chromium, on SQLite and PostgreSQL: the first admin signs in (a wrong
 * password first), creates a case worker and a topic; the case worker sees only what the role
 * allows. axe-core (WCAG 2.0/2.1 A and AA, no rule disabled) checks every screen this work
 * package builds, with the seeded data and — where the screen has one — an open form.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_CONTEXT } from '../../src/modules/auth/principal.js';
import { describeInBrowser, launchBrowser, type LaunchedBrowser } from '../../src/test/browser.js';
import { describeEachDatabase } from '../../src/test/databases.js';
import { firstAdmin } from '../../src/test/staff.js';
import { createTestApp, type TestApp } from '../../src/test/test-app.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

/** Serious and critical WCAG 2.1 AA violations on the page, as readable lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') stays as it is.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, options: unknown) => Promise<AxeResult> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  // Checked with the data shown, not the loading state.
  await page.getByTestId('loading').first().waitFor({ state: 'detached' });
  expect(await seriousViolations(page), screen).toEqual([]);
}

/** A field's label, with or without the required-asterisk Mantine appends (aria-hidden). */
const label = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`);

const CASE_WORKER = { email: 'sam.sachbearbeitung@kempen.de', name: 'Sam Sachbearbeitung', password: 'sam hat ein langes passwort' };

describeInBrowser('staff app', () => {
  describeEachDatabase('in Chromium', (dialect) => {
    let t: TestApp;
    let browser: LaunchedBrowser;
    let page: Page;

    beforeAll(async () => {
      t = await createTestApp(dialect);
      browser = await launchBrowser();
      page = await browser.newPage();
      page.setDefaultTimeout(8_000);
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });

    const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

    it('the first admin signs in; a wrong password shows an error first', async () => {
      const admin = firstAdmin(t.config);
      await page.goto(`${t.url}/`);
      await heading('Anmelden');
      expect(page.url()).toContain('/login');
      await page.getByTestId('emulator-banner').waitFor();
      await expectAccessible(page, 'login');

      await page.getByLabel(label('E-Mail-Adresse')).fill(admin.email);
      await page.getByLabel(label('Passwort')).fill('falsches passwort');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('alert').filter({ hasText: 'E-Mail-Adresse oder Passwort ist falsch.' }).waitFor();
      await expectAccessible(page, 'login with error');

      await page.getByLabel(label('Passwort')).fill(admin.password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await heading('Anliegen');
      const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Anliegen', 'Mitteilungen', 'Abonnenten', 'Auswertung', 'Einstellungen', 'Protokoll']);
      await page.getByText('Noch nicht gebaut').waitFor();
      await page.getByTestId('emulator-banner').waitFor();
      await expectAccessible(page, 'Anliegen');
    });

    it('creates a case worker (bad input first: named fields, nothing saved)', async () => {
      await page.getByRole('link', { name: 'Einstellungen' }).click();
      await heading('Themen');
      await page.getByRole('navigation', { name: 'Bereiche der Einstellungen' }).getByRole('link', { name: 'Benutzer' }).click();
      await heading('Benutzer');
      await expectAccessible(page, 'Benutzer');

      await page.getByRole('button', { name: 'Neues Konto' }).click();
      const dialog = page.getByRole('dialog', { name: 'Neues Konto' });
      await dialog.waitFor();
      await expectAccessible(page, 'Benutzer: form open');
      await dialog.getByLabel(label('E-Mail-Adresse')).fill('keine adresse');
      await dialog.getByRole('button', { name: 'Speichern' }).click();
      await dialog.getByText('Bitte prüfen Sie diese Angabe.').waitFor();
      expect(await dialog.getByLabel(label('E-Mail-Adresse')).getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'Benutzer: form with error');
      expect(await t.database.db.selectFrom('staff_user').selectAll().execute()).toHaveLength(1);

      await dialog.getByLabel(label('E-Mail-Adresse')).fill(CASE_WORKER.email);
      await dialog.getByLabel(label('Name')).fill(CASE_WORKER.name);
      await dialog.getByRole('checkbox', { name: /^Sachbearbeitung/ }).check();
      await dialog.getByRole('checkbox', { name: 'Tiefbau und Straßen' }).check();
      await dialog.getByLabel(label('Erstes Passwort')).fill(CASE_WORKER.password);
      await dialog.getByRole('button', { name: 'Speichern' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('cell', { name: CASE_WORKER.name, exact: true }).waitFor();
      const row = page.getByRole('row').filter({ hasText: CASE_WORKER.email });
      expect(await row.textContent()).toContain('Tiefbau und Straßen');
    });

    it('creates a topic', async () => {
      await page.getByRole('link', { name: 'Themen' }).click();
      await heading('Themen');
      await page.getByRole('cell', { name: 'Eilmeldungen Eilmeldung', exact: true }).waitFor();
      await expectAccessible(page, 'Themen');
      await page.getByRole('button', { name: 'Neues Thema' }).click();
      const dialog = page.getByRole('dialog', { name: 'Neues Thema' });
      await expectAccessible(page, 'Themen: form open');
      await dialog.getByLabel(label('Schlüssel')).fill('kultur');
      await dialog.getByLabel(label('Name (Deutsch)')).fill('Kultur');
      await dialog.getByLabel(label('Name (English)')).fill('Culture');
      await dialog.getByLabel(label('Name (Nederlands)')).fill('Cultuur');
      await dialog.getByLabel(label('Beschreibung (Deutsch)')).fill('Theater, Museen und Konzerte');
      await dialog.getByLabel(label('Beschreibung (English)')).fill('Theatre, museums and concerts');
      await dialog.getByRole('button', { name: 'Speichern' }).click();
      // One language missing: the field is named, nothing is saved.
      await dialog.getByLabel(label('Beschreibung (Nederlands)')).and(page.locator('[aria-invalid="true"]')).waitFor();
      expect(await t.database.db.selectFrom('topic').selectAll().where('key', '=', 'kultur').execute()).toEqual([]);
      await dialog.getByLabel(label('Beschreibung (Nederlands)')).fill('Theater, musea en concerten');
      await dialog.getByRole('button', { name: 'Speichern' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('cell', { name: 'Kultur', exact: true }).waitFor();
      expect(await t.database.db.selectFrom('topic').select('names').where('key', '=', 'kultur').executeTakeFirstOrThrow()).toEqual({
        names: JSON.stringify({ de: 'Kultur', en: 'Culture', nl: 'Cultuur' }),
      });
    });

    it('every settings screen passes axe with its seeded data and an open form', async () => {
      const screens: { link: string; title: string; open?: string }[] = [
        { link: 'Kategorien', title: 'Kategorien', open: 'Neue Kategorie' },
        { link: 'Fachbereiche', title: 'Fachbereiche', open: 'Neuer Fachbereich' },
        { link: 'API-Tokens', title: 'API-Tokens', open: 'Neues Token' },
        { link: 'Feiertage', title: 'Feiertage', open: 'Feiertag hinzufügen' },
        { link: 'Aufbewahrung', title: 'Aufbewahrung' },
        { link: 'Preise', title: 'Preise' },
        { link: 'Stadt', title: 'Stadt' },
      ];
      const sections = page.getByRole('navigation', { name: 'Bereiche der Einstellungen' });
      for (const screen of screens) {
        await sections.getByRole('link', { name: screen.link, exact: true }).click();
        await heading(screen.title);
        await page.locator('main').locator('form, table, p').first().waitFor();
        await expectAccessible(page, screen.title);
        if (screen.open) {
          await page.getByRole('button', { name: screen.open }).click();
          await page.getByRole('dialog', { name: screen.open }).waitFor();
          await expectAccessible(page, `${screen.title}: form open`);
          await page.getByRole('button', { name: 'Abbrechen' }).click();
          await page.getByRole('dialog').waitFor({ state: 'detached' });
        }
      }
      // The seeded data is there.
      await sections.getByRole('link', { name: 'Kategorien', exact: true }).click();
      await page.getByRole('cell', { name: 'Straßenschäden', exact: true }).waitFor();
    });

    it('Vorlagen: a sync with Meta brings the templates in; editing what one stands in for passes axe', async () => {
      t.emulator.updateConfig({
        templates: [
          { name: 'anliegen_status', language: 'de', category: 'UTILITY', status: 'APPROVED', body: 'Ihr Anliegen {{1}} hat jetzt den Status {{2}}.' },
          { name: 'anliegen_status', language: 'en', category: 'UTILITY', status: 'PENDING', body: 'Your report {{1}} is now {{2}}.' },
          { name: 'sommerfest', language: 'de', category: 'MARKETING', status: 'REJECTED', body: 'Sommerfest am Buttermarkt – Samstag ab 14 Uhr!' },
          { name: 'eilmeldung', language: 'de', category: 'UTILITY', status: 'PAUSED', body: 'Eilmeldung der Stadt: {{1}}' },
        ],
      });
      const sections = page.getByRole('navigation', { name: 'Bereiche der Einstellungen' });
      await sections.getByRole('link', { name: 'Vorlagen', exact: true }).click();
      await heading('Vorlagen');
      await page.getByText('Vorlagen werden in Metas WhatsApp Manager angelegt und dort genehmigt.', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Jetzt mit Meta abgleichen' }).click();
      await page.getByRole('status').filter({ hasText: '4 Vorlagen mit Meta abgeglichen.' }).waitFor();
      await page.getByRole('cell', { name: /^sommerfest Sommerfest am Buttermarkt/ }).waitFor();
      // A reason from Meta's status webhook is shown with the status.
      await t.database.db.updateTable('message_template').set({ status_reason: 'INVALID_FORMAT' }).where('name', '=', 'sommerfest').execute();
      await page.reload();
      await page.getByText('Grund: INVALID_FORMAT').waitFor();
      const row = page.getByRole('row').filter({ hasText: 'Ihr Anliegen {{1}}' });
      expect(await row.getByRole('cell').allTextContents()).toEqual([
        'anliegen_statusIhr Anliegen {{1}} hat jetzt den Status {{2}}.',
        'Deutsch',
        'Service (utility)',
        'Genehmigt',
        '2',
        '–',
        expect.any(String),
        'Bearbeiten',
      ]);
      await expectAccessible(page, 'Vorlagen');

      await page.getByRole('button', { name: 'anliegen_status (de) bearbeiten' }).click();
      const dialog = page.getByRole('dialog', { name: 'Vorlage „anliegen_status“ (de) bearbeiten' });
      await dialog.waitFor();
      await expectAccessible(page, 'Vorlagen: form open');
      await dialog.getByRole('combobox', { name: 'Steht für' }).click();
      await page.getByRole('option', { name: 'Rückmeldung zum Anliegen' }).click();
      await page.getByRole('option', { name: 'Dialog-Antwort' }).click();
      await expectAccessible(page, 'Vorlagen: form open, kinds chosen');
      await dialog.getByText('Text der Vorlage').click(); // closes the list of kinds
      await page.getByRole('listbox').waitFor({ state: 'hidden' });
      await dialog.getByRole('button', { name: 'Speichern' }).click();
      await dialog.waitFor({ state: 'detached' });
      await row.getByRole('cell', { name: 'Dialog-Antwort, Rückmeldung zum Anliegen' }).waitFor();
      const saved = await t.database.db.selectFrom('message_template').select('serves').where('name', '=', 'anliegen_status').where('language', '=', 'de').executeTakeFirstOrThrow();
      expect(JSON.parse(saved.serves)).toEqual(['dialogue_reply', 'case_update']);
    });

    it('Vorlagen are read-only for an approver', async () => {
      const approver = await t.container.users.create(t.database.db, SYSTEM_CONTEXT, {
        email: 'anna.abnahme@kempen.de',
        name: 'Anna Abnahme',
        roles: ['approver'],
        password: 'anna hat ein langes passwort',
      });
      const own = await launchBrowser();
      try {
        const p = await own.newPage();
        p.setDefaultTimeout(8_000);
        await p.goto(`${t.url}/einstellungen/vorlagen`);
        await p.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
        await p.getByLabel(label('E-Mail-Adresse')).fill(approver.user.email);
        await p.getByLabel(label('Passwort')).fill('anna hat ein langes passwort');
        await p.getByRole('button', { name: 'Anmelden' }).click();
        await p.getByRole('heading', { level: 1, name: 'Vorlagen' }).waitFor();
        await p.getByRole('cell', { name: 'Dialog-Antwort, Rückmeldung zum Anliegen' }).waitFor();
        expect(await p.getByRole('button', { name: 'Jetzt mit Meta abgleichen' }).count()).toBe(0);
        expect(await p.getByRole('button', { name: /bearbeiten$/ }).count()).toBe(0);
        await expectAccessible(p, 'Vorlagen (approver)');
      } finally {
        await own.close();
      }
    });

    it('Protokoll, Benachrichtigungen and Mein Konto pass axe; the audit log shows the changes', async () => {
      const sam = await t.database.db.selectFrom('staff_user').select('id').where('email', '=', CASE_WORKER.email).executeTakeFirstOrThrow();
      await t.container.notifications.notify(t.database.db, {
        user_ids: [sam.id],
        kind: 'case.new',
        title: { de: 'Neues Anliegen: Schlagloch', en: 'New case: pothole' },
        body: { de: 'In der Burgstraße 3 ist ein Schlagloch gemeldet worden.', en: 'A pothole was reported at Burgstraße 3.' },
        link: '/anliegen',
      });
      const adminUser = await t.database.db.selectFrom('staff_user').select('id').where('email', '=', firstAdmin(t.config).email).executeTakeFirstOrThrow();
      await t.container.notifications.notify(t.database.db, { user_ids: [adminUser.id], kind: 'system.welcome', title: 'Willkommen', body: 'Der Stadtbote ist eingerichtet.' });

      await page.getByRole('link', { name: 'Protokoll' }).click();
      await heading('Protokoll');
      await page.getByRole('cell', { name: 'settings.topic.create', exact: true }).waitFor();
      await expectAccessible(page, 'Protokoll');
      await page.getByLabel(label('Suchbegriff')).fill('kultur');
      await page.getByRole('button', { name: 'Suchen' }).click();
      await page.getByText('1 Eintrag, neueste zuerst').waitFor();

      await page.getByRole('link', { name: /Benachrichtigungen/ }).click();
      await heading('Benachrichtigungen');
      await page.getByRole('heading', { name: 'Willkommen' }).waitFor();
      await expectAccessible(page, 'Benachrichtigungen');
      await page.getByRole('button', { name: '„Willkommen“ als gelesen markieren' }).click();
      await page.getByRole('link', { name: 'Benachrichtigungen', exact: true }).waitFor();

      await page.getByRole('link', { name: 'Administrator' }).click();
      await heading('Mein Konto');
      await expectAccessible(page, 'Mein Konto');
    });

    it('switches to English', async () => {
      await page.getByLabel(label('Sprache')).selectOption('en');
      await heading('My account');
      expect(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link').allTextContents()).toEqual([
        'Cases',
        'Notices',
        'Subscribers',
        'Reports',
        'Settings',
        'Audit log',
      ]);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await expectAccessible(page, 'My account (en)');
      await page.getByLabel(label('Language')).selectOption('de');
      await heading('Mein Konto');
    });

    it('the case worker sees only what the role allows', async () => {
      await page.getByRole('button', { name: 'Abmelden' }).click();
      await heading('Anmelden');
      await page.getByLabel(label('E-Mail-Adresse')).fill(CASE_WORKER.email);
      await page.getByLabel(label('Passwort')).fill(CASE_WORKER.password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await heading('Anliegen');
      const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Anliegen', 'Auswertung']);
      await page.getByRole('link', { name: 'Benachrichtigungen 1 ungelesen' }).waitFor();

      for (const path of ['/einstellungen/benutzer', '/einstellungen/themen', '/einstellungen/vorlagen', '/protokoll', '/mitteilungen', '/abonnenten']) {
        await page.goto(`${t.url}${path}`);
        await heading('Keine Berechtigung');
      }
      await expectAccessible(page, 'Keine Berechtigung');
      const status = await page.evaluate(async () => (await fetch('/api/users')).status);
      expect(status).toBe(403);

      await page.goto(`${t.url}/auswertung`);
      await heading('Auswertung');
      await expectAccessible(page, 'Auswertung');
      await page.getByRole('link', { name: /Benachrichtigungen/ }).click();
      await page.getByRole('heading', { name: 'Neues Anliegen: Schlagloch' }).waitFor();
    });

    it('the placeholder screens pass axe', async () => {
      await t.container.users.update(t.database.db, SYSTEM_CONTEXT, (await t.database.db.selectFrom('staff_user').select('id').where('email', '=', CASE_WORKER.email).executeTakeFirstOrThrow()).id, {
        roles: ['case_worker', 'editor'],
      });
      for (const [path, title] of [
        ['/mitteilungen', 'Mitteilungen'],
        ['/abonnenten', 'Abonnenten'],
        ['/auswertung', 'Auswertung'],
        ['/anliegen', 'Anliegen'],
      ] as const) {
        await page.goto(`${t.url}${path}`);
        await heading(title);
        await expectAccessible(page, title);
      }
    });
  });
});

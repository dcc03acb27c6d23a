/**
 * The template registry follows the platform: a sync reads Meta's template list (here the
 * built-in emulator's), and status webhooks (paused, re-categorised) update it in between.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.js';
import { createTestApp, eventually, type TestApp } from '../../test/test-app.js';
import { templateRepository } from './template.repository.js';

describeEachDatabase('template registry', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const templates = [
    { name: 'anliegen_status', language: 'de', category: 'UTILITY', status: 'APPROVED', body: 'Ihr Anliegen {{1}} hat den Status {{2}}.' },
    { name: 'anliegen_status', language: 'en', category: 'UTILITY', status: 'PENDING', body: 'Your report {{1}} is now {{2}}.' },
    { name: 'sommerfest', language: 'de', category: 'MARKETING', status: 'APPROVED', body: 'Sommerfest am Buttermarkt!' },
  ];

  it('a sync brings Meta’s templates in, keeping which kinds each serves; status webhooks keep them current', async () => {
    t.emulator.updateConfig({ templates });
    await t.container.templateSync!.runOnce();
    // the town seed's teaser templates (issue 10, `stadtbote_*`) are in the registry too; this test looks at the others
    let rows = (await templateRepository.list(t.database.db)).filter((r) => !r.name.startsWith('stadtbote_'));
    expect(rows.map((r) => [r.name, r.language, r.status, r.category, r.parameter_count])).toEqual([
      ['anliegen_status', 'de', 'approved', 'utility', 2],
      ['anliegen_status', 'en', 'pending', 'utility', 2],
      ['sommerfest', 'de', 'approved', 'marketing', 0],
    ]);
    // the town decides what a template stands in for; a later sync keeps that
    await t.database.db.updateTable('message_template').set({ serves: '["case_update"]' }).where('name', '=', 'anliegen_status').execute();
    await t.container.templateSync!.runOnce();
    expect((await templateRepository.approvedFor(t.database.db, 'case_update')).map((r) => r.language)).toEqual(['de']);

    // Meta pauses a template and re-categorises another: webhooks arrive, the registry follows
    t.emulator.updateConfig({
      templates: [{ ...templates[0]!, status: 'PAUSED' }, templates[1]!, { ...templates[2]!, billed_category: 'UTILITY' }],
    });
    rows = await eventually(async () => {
      await t.container.inboundProcessor.drain();
      const list = await templateRepository.list(t.database.db);
      return list.find((r) => r.name === 'anliegen_status' && r.language === 'de')?.status === 'paused' ? list : null;
    }, 'the template status webhook');
    expect(await templateRepository.approvedFor(t.database.db, 'case_update')).toEqual([]);
    expect(rows.find((r) => r.name === 'anliegen_status' && r.language === 'de')?.serves).toBe('["case_update"]');
  });
});

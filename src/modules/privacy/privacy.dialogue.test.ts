/**
 * MY DATA, DELETE and "write to us" in the pure engine (issue 9): the question before an erasure,
 * a stale or forged confirmation asks again, the commands the service applies, the hint report
 * through the report plugin's hook — and the "soon" answers without the data-rights module.
 */
import { expect, it } from 'vitest';
import type { EngineOptions, ReportPlugin } from '../dialogue/dialogue.engine.js';
import { bodyOf, Citizen, idsOf, tap, text } from '../dialogue/dialogue.test-kit.js';
import { FLOW_TTL_MS } from '../dialogue/dialogue.engine.js';

const greeted = (engine: EngineOptions) => {
  const c = new Citizen({ engine });
  c.say(text('Hallo'));
  c.say(tap('optin:no')); // the consent question closed: idle
  return c;
};

it('without the data-rights module MY DATA and DELETE answer "soon", and an erase tap is stale', () => {
  const c = greeted({});
  expect(bodyOf(c.say(text('MEINE DATEN'))[0])).toContain('Art. 15');
  expect(bodyOf(c.say(text('LÖSCHEN'))[0])).toContain('Art. 17');
  c.say(tap(`erase:yes:${c.now}`));
  expect(c.last.commands).toEqual([]);
  expect(bodyOf(c.last.messages[0])).toContain('älteren Nachricht');
});

it('MY DATA asks the service for the export in the contact’s language', () => {
  const c = greeted({ privacy: true });
  c.say(tap('lang:nl'));
  expect(c.say(text('mijn gegevens'))).toEqual([]);
  expect(c.last.commands).toEqual([{ type: 'export_data', language: 'nl' }]);
});

it('DELETE asks first; no keeps; yes erases and confirms without anything personal; an old or forged yes asks again', () => {
  const c = greeted({ privacy: true });
  const [question] = c.say(text('Verwijderen'));
  expect(idsOf(question)).toEqual([`erase:yes:${c.now - 1000}`, 'erase:no']);
  expect(c.last.commands).toEqual([]);

  c.say(tap('erase:no'));
  expect(bodyOf(c.last.messages[0])).toContain('nichts gelöscht');
  expect(c.last.commands).toEqual([]);

  const old = c.now - FLOW_TTL_MS - 1;
  const [again] = c.say(tap(`erase:yes:${old}`));
  expect(bodyOf(again)).toContain('Diese Bestätigung ist abgelaufen.');
  expect(c.last.commands).toEqual([]);
  c.say(tap(`erase:yes:${c.now + 60_000}`));
  expect(c.last.commands).toEqual([]);
  c.say(tap('erase:yes:abc'));
  expect(c.last.commands).toEqual([]);

  const [done] = c.say(tap(`erase:yes:${c.now - 5_000}`));
  expect(c.last.commands).toEqual([{ type: 'erase_contact' }]);
  expect(bodyOf(done)).toContain('Ihre Daten sind gelöscht');
  expect(c.last.state.flow).toBe('idle');
});

it('"write to us" after an unknown question starts the report flow as a hint', () => {
  const starts: unknown[] = [];
  const report: ReportPlugin = {
    name: 'report',
    start: (turn, _input, reason, options) => {
      starts.push([reason, options]);
      turn.send({ type: 'text', text: 'Worum geht es?' });
    },
    onInput: () => false,
    prompt: () => ({ type: 'text', text: 'Worum geht es?' }),
  };
  const c = greeted({ report, privacy: true });
  const [menu] = c.say(text('Wie hoch ist der Kirchturm eigentlich'));
  expect(idsOf(menu)).toContain('menu:write');
  expect(bodyOf(menu)).toContain('nicht verstanden');
  c.say(tap('menu:write', 'list'));
  expect(starts).toEqual([['menu', { kind: 'hint' }]]);
  // The ordinary menu has no "write to us" entry; "report" stays.
  const [plain] = c.say(text('MENÜ'));
  expect(idsOf(plain)).toEqual(expect.arrayContaining(['menu:report', 'menu:mydata', 'menu:delete']));
  expect(idsOf(plain)).not.toContain('menu:write');
});

it('an old menu’s "Stadt & Tourismus" with no answer active any more is stale, not an empty list', () => {
  const c = greeted({ privacy: true });
  const [stale] = c.say(tap('menu:info', 'list'));
  expect(stale?.type).toBe('list');
  expect(bodyOf(stale)).toContain('älteren Nachricht');
  expect(idsOf(stale)).not.toContain('menu:info');
});

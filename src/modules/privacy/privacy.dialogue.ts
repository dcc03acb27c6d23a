/**
 * MY DATA and DELETE in the dialogue (issue 9; docs/dialogue.md). Pure engine-side steps: the
 * engine calls them when the data-rights module is wired in (`EngineOptions.privacy`); the
 * commands are applied by the dialogue service through `DialoguePrivacy` (privacy.service.ts).
 *
 * DELETE asks first; its "yes" button carries the time it was asked (`erase:yes:<ms>`), so a tap
 * on a confirmation older than a day asks again instead of erasing.
 */
import { FLOW_TTL_MS, type Turn } from '../dialogue/dialogue.engine.js';

export const ERASE_IDS = {
  yes: (askedAt: number) => `erase:yes:${askedAt}`,
  no: 'erase:no',
} as const;

/** MY DATA: the service collects and sends the export (one message or a one-time link). */
export function requestExport(turn: Turn): void {
  turn.command({ type: 'export_data', language: turn.language });
}

/** DELETE: the question, with „Ja, alles löschen“ / „Nein, behalten“. */
export function askErase(turn: Turn, leads: string[] = []): void {
  turn.send({
    type: 'buttons',
    text: [...leads, turn.view.t('delete.question')].join('\n\n'),
    buttons: [
      { id: ERASE_IDS.yes(turn.ctx.now), title: turn.view.t('delete.yes') },
      { id: ERASE_IDS.no, title: turn.view.t('delete.no') },
    ],
  });
}

/** A tap on the DELETE question (`erase:…`); false when the id is not one of ours. */
export function eraseChoice(turn: Turn, arg: string): boolean {
  if (arg === 'no') {
    turn.send(turn.view.text('delete.kept'));
    return true;
  }
  const match = /^yes:(\d{1,16})$/.exec(arg);
  if (!match) return false;
  const askedAt = Number(match[1]);
  if (askedAt > turn.ctx.now || turn.ctx.now - askedAt > FLOW_TTL_MS) {
    askErase(turn, [turn.view.t('delete.stale')]);
    return true;
  }
  turn.command({ type: 'erase_contact' });
  turn.subscribed.clear();
  turn.consentGranted = false;
  turn.close();
  // The confirmation names nothing personal: after it is sent, nothing of the contact remains.
  turn.send(turn.view.text('delete.done'));
  return true;
}

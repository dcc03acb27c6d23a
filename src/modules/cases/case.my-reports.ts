/**
 * MEINE ANLIEGEN / MY REPORTS / MIJN MELDINGEN (issue 12, D63): the citizen's own and followed
 * cases with their status, newest first (at most ten), in the contact's language. A keyword like
 * the dialogue's, answered by the case module before the dialogue (case.update-tap.ts).
 */
import type { Database } from '../../db/database.js';
import type { Language } from '../../lib/language.js';
import type { Texts } from '../dialogue/catalogue/index.js';
import { fold } from '../dialogue/text-rules.js';
import { localDate } from '../holidays/working-days.js';
import { caseRepository } from './case.repository.js';

const KEYWORDS = new Set(['meine anliegen', 'meine meldungen', 'my reports', 'my cases', 'mijn meldingen'].map(fold));

/** True when the text is the keyword (any language; case, accents and punctuation aside). */
export function isMyReports(text: string): boolean {
  return KEYWORDS.has(fold(text).replace(/[^\p{L}\p{N} ]/gu, '').replace(/\s+/g, ' ').trim());
}

export async function myReportsText(trx: Database, o: { contactId: number; language: Language; texts: Texts; timeZone: string }): Promise<string> {
  const own = (await caseRepository.reportedBy(trx, o.contactId)).map((c) => ({ ...c, followed: false, at: Number(c.created_at) }));
  const followed = (await caseRepository.followedBy(trx, o.contactId)).map((c) => ({ ...c, followed: true, at: Number(c.since) }));
  const all = [...own, ...followed].sort((a, b) => b.at - a.at).slice(0, 10);
  if (all.length === 0) return o.texts.text(o.language, 'case.mine.none');
  const lines = all.map((c) => {
    const names = JSON.parse(c.names) as Record<string, string>;
    const row = o.texts.text(o.language, 'case.mine.row', {
      reference: c.reference,
      category: names[o.language] ?? names.de ?? '',
      status: o.texts.text(o.language, `case.status.${c.status}`),
      date: localDate(Number(c.status_changed_at), o.timeZone),
    });
    return c.followed ? `${row} ${o.texts.text(o.language, 'case.mine.followed')}` : row;
  });
  return [o.texts.text(o.language, 'case.mine.title'), ...lines].join('\n');
}

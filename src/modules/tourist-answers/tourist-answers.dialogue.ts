/**
 * Tourist answers in the dialogue (issue 9; docs/dialogue.md "Tourist answers"): a keyword or
 * phrase in a question reaches the answer, the menu's „Stadt & Tourismus“ lists them all; no
 * subscription or consent is needed. Pure: the service puts the active answers in the context.
 */
import type { OutgoingMessage } from '../../channels/channel.js';
import type { Language } from '../../lib/language.js';
import type { Turn } from '../dialogue/dialogue.engine.js';
import { clip, LIST_ROWS } from '../dialogue/dialogue.views.js';
import { tokens } from '../dialogue/text-rules.js';

export interface TouristAnswerInfo {
  key: string;
  titles: Record<Language, string>;
  /** Words or phrases per language; a trailing `*` matches any ending (`parkplatz*`). */
  keywords: Record<Language, string[]>;
  answers: Record<Language, string>;
  imageUrl: string | null;
  linkUrl: string | null;
}

/** Choice id of an answer's list row. */
export const touristId = (key: string) => `ta:${key}`;

/** Texts longer than this are no question to look up (a long message is a report or a letter). */
const MAX_QUESTION = 300;

/** True when the keyword's tokens occur in `words` one after another (`*`: prefix of the last). */
function occurs(words: string[], keyword: string): number {
  const prefix = keyword.trim().endsWith('*');
  const parts = tokens(keyword);
  if (parts.length === 0) return 0;
  for (let i = 0; i + parts.length <= words.length; i++) {
    const hit = parts.every((p, j) => (prefix && j === parts.length - 1 ? words[i + j]!.startsWith(p) : words[i + j] === p));
    if (hit) return parts.length;
  }
  return 0;
}

/**
 * The answer a text asks for: the one whose keyword (in any language) matches the most words;
 * on a tie the first in the staff's order. Null when none matches.
 */
export function matchTouristAnswer(text: string, answers: TouristAnswerInfo[]): TouristAnswerInfo | null {
  if (text.length > MAX_QUESTION) return null;
  const words = tokens(text);
  let best: TouristAnswerInfo | null = null;
  let bestScore = 0;
  for (const answer of answers) {
    for (const keyword of Object.values(answer.keywords).flat()) {
      const score = occurs(words, keyword);
      if (score > bestScore) {
        best = answer;
        bestScore = score;
      }
    }
  }
  return best;
}

/** The answer as a message: text (with its link), or the image with the text as caption. */
export function answerMessage(turn: Turn, answer: TouristAnswerInfo): OutgoingMessage {
  const lang = turn.language;
  const text = answer.answers[lang] || answer.answers.de;
  const more = answer.linkUrl ? `\n\n${turn.view.t('info.more', { url: answer.linkUrl })}` : '';
  const full = `${text}${more}\n\n${turn.view.t('info.footer')}`;
  if (answer.imageUrl) return { type: 'media', media: 'image', source: { link: answer.imageUrl }, caption: clip(full, 1024) };
  return { type: 'text', text: full, previewUrl: answer.linkUrl !== null };
}

/** The list of all answers (the menu entry „Stadt & Tourismus“); at most 10 rows. */
export function answerList(turn: Turn, answers: TouristAnswerInfo[], leads: string[] = []): OutgoingMessage {
  const lang = turn.language;
  return {
    type: 'list',
    text: [...leads, turn.view.t('info.body')].join('\n\n'),
    button: clip(turn.view.t('info.button'), 20),
    sections: [
      {
        title: clip(turn.view.t('info.section'), 24),
        rows: answers.slice(0, LIST_ROWS).map((a) => ({ id: touristId(a.key), title: clip(a.titles[lang] || a.titles.de, 24) })),
      },
    ],
  };
}

/** Answers a text when it asks for a tourist answer; false when none matches. */
export function answerQuestion(turn: Turn, text: string): boolean {
  const answer = matchTouristAnswer(text, turn.ctx.touristAnswers ?? []);
  if (!answer) return false;
  turn.send(answerMessage(turn, answer));
  return true;
}

/** A tap on an answer's row (`ta:<key>`); false when the answer is gone (stale). */
export function answerTap(turn: Turn, key: string): boolean {
  const answer = (turn.ctx.touristAnswers ?? []).find((a) => a.key === key);
  if (!answer) return false;
  turn.send(answerMessage(turn, answer));
  return true;
}

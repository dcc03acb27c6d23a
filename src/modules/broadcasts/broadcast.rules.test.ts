/** The pure rules: transitions, texts, the teaser's parameters, the window boundary the estimate asks for. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { windowOpenSince } from './broadcast.estimate.js';
import { allowedActions, assertTransition, checkTexts, renderTemplate, requestedNotice, teaserFallback, variantFor } from './broadcast.rules.js';

const DAY = 24 * 3600_000;

describe('broadcast rules', () => {
  it('the transition table: what each state allows; sending twice is its own error', () => {
    expect(allowedActions('draft')).toEqual(['edit', 'submit', 'send', 'cancel']);
    expect(allowedActions('submitted')).toEqual(['approve', 'return', 'cancel']);
    expect(allowedActions('sending')).toEqual(['cancel']);
    expect(allowedActions('sent')).toEqual([]);
    const code = (f: () => void) => {
      try {
        f();
        return null;
      } catch (e) {
        return e instanceof AppError ? [e.code, e.status, e.extra] : e;
      }
    };
    expect(code(() => assertTransition('sent', 'send'))).toEqual(['broadcast/already_sent', 409, { status: 'sent', allowed: [] }]);
    expect(code(() => assertTransition('approved', 'edit'))).toEqual(['broadcast/invalid_transition', 409, { status: 'approved', allowed: ['send', 'cancel'] }]);
    expect(code(() => assertTransition('submitted', 'approve'))).toBeNull();
  });

  it('texts: limits of WhatsApp and of a template parameter', () => {
    const ok = { title: 'Abfuhr verschoben', text: 'x'.repeat(4096) };
    expect(() => checkTexts(ok, {}, false)).not.toThrow();
    expect(() => checkTexts(ok, {}, true)).toThrow(/caption/);
    expect(() => checkTexts({ ...ok, title: 'Zeile\nzwei' }, {}, false)).toThrow(/one line/);
    expect(() => checkTexts(ok, { fr: { title: 'x', text: 'y' } } as never, false)).toThrow(/variant fr/);
  });

  it('the teaser: topic, title and date in the language, the quick reply asks for the notice', () => {
    const spec = JSON.parse(teaserFallback({ broadcastId: 7, contentClass: 'own_event', topicNames: ['Veranstaltungen'], title: 'Sommerfest', at: Date.UTC(2026, 6, 4, 22, 30), language: 'de', timeZone: 'Europe/Berlin' }));
    expect(spec).toEqual({ params: ['Veranstaltungen', 'Sommerfest', '5. Juli 2026'], serves: 'teaser:own_event', quick_replies: [{ index: 0, payload: 'notice:7' }] });
    expect(requestedNotice('notice:7')).toBe(7);
    expect(requestedNotice('notice:7;drop')).toBeNull();
    expect(renderTemplate('Thema {{1}}: „{{2}}“ ({{3}})', spec.params)).toBe('Thema Veranstaltungen: „Sommerfest“ (5. Juli 2026)');
    expect(variantFor({ title: 'de', text: 'de' }, { en: { title: 'en', text: 'en' } }, 'nl')).toEqual({ language: 'de', variant: { title: 'de', text: 'de' } });
    expect(variantFor({ title: 'de', text: 'de' }, { en: { title: 'en', text: 'en' } }, 'en').language).toBe('en');
  });

  it('the estimate finds where the channel’s window ends', () => {
    const now = Date.UTC(2026, 11, 4, 12);
    const channel = { windowState: (last: Date | null, at: Date) => (last && at.getTime() - last.getTime() < DAY ? ('open' as const) : ('closed' as const)) };
    expect(windowOpenSince(channel, now)).toBe(now - DAY + 1);
  });
});

import { describe, expect, it } from 'vitest';
import { can, capabilitiesOf, caseActScope, caseScope } from './auth.policy.js';
import { delayMs, THROTTLE_RULES } from './login-throttle.js';
import { generatePassword } from './password.js';

describe('policy (decision 17)', () => {
  it('maps the architecture table', () => {
    expect(can(['editor'], 'topics.write')).toBe(true);
    expect(can(['approver'], 'topics.write')).toBe(false);
    expect(can(['approver'], 'topics.read')).toBe(true);
    expect(can(['integration'], 'topics.read')).toBe(true);
    expect(can(['integration'], 'templates.read')).toBe(false);
    expect(can(['case_worker'], 'settings.read')).toBe(false);
    expect(can(['approver'], 'settings.read')).toBe(true);
    expect(can(['approver'], 'settings.write')).toBe(false);
    expect(can(['editor'], 'audit.read')).toBe(false);
    expect(can(['admin'], 'open311.post')).toBe(false);
    expect(can(['integration'], 'open311.post')).toBe(true);
    expect(can(['admin'], 'subscribers.personal')).toBe(true);
    expect(can(['approver'], 'subscribers.personal')).toBe(false);
    expect(can(['editor'], 'broadcasts.approve')).toBe(false);
    expect(can(['case_worker'], 'dashboard.read')).toBe(true);
  });

  it('a person with several roles has the union', () => {
    expect(can(['case_worker', 'editor'], 'topics.write')).toBe(true);
    expect(capabilitiesOf(['case_worker'])).toEqual(['cases.read', 'cases.act', 'dashboard.read']);
  });

  it('scopes cases per role', () => {
    expect(caseScope(['approver'])).toBe('all');
    expect(caseScope(['case_worker'])).toBe('own_departments');
    expect(caseScope(['integration'])).toBe('released');
    expect(caseScope(['editor'])).toBe('none');
    expect(caseActScope(['integration'])).toBe('none');
  });
});

describe('login throttle', () => {
  it('grows the delay after the free attempts and caps it', () => {
    expect(delayMs(4, THROTTLE_RULES.pair)).toBe(0);
    expect(delayMs(5, THROTTLE_RULES.pair)).toBe(1000);
    expect(delayMs(8, THROTTLE_RULES.pair)).toBe(8000);
    expect(delayMs(100, THROTTLE_RULES.pair)).toBe(15 * 60_000);
    expect(delayMs(100, THROTTLE_RULES.account)).toBe(60_000);
  });
});

describe('generated passwords', () => {
  it('are 20 unambiguous characters', () => {
    const seen = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(seen.size).toBe(50);
    for (const p of seen) expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
  });
});

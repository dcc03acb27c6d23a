import { describe, expect, it } from 'vitest';
import { applyConfigPatch, defaultConfig, parseConfigPatch } from './emulator.config.js';
import { UniqueRecipientWindow, windowOpen, WINDOW_MS } from './emulator.rules.js';
import type { InboundRecord } from './emulator.state.js';
import { EmulatorStore, looksLikeBsuid } from './emulator.state.js';
import { marketFor, pricingFor } from './pricing.js';

describe('EmulatorStore', () => {
  it('finds recipients by any phone format or by BSUID', () => {
    const store = new EmulatorStore();
    const user = store.addUser({ name: 'A', phone: '4921525551234', username: null, language: 'de', country_code: 'DE', created_at: '', last_inbound_ms: null });
    expect(store.findRecipient('+49 (2152) 555-1234').user).toBe(user);
    expect(store.findRecipient(user.bsuid)).toEqual({ user, byBsuid: true, phone: null });
    expect(store.findRecipient('hello').user).toBeUndefined();
    expect(looksLikeBsuid('US.ENT.123')).toBe(true);
    expect(looksLikeBsuid('+49 2152')).toBe(false);
  });

  it('forgets the oldest messages beyond max_messages', () => {
    const store = new EmulatorStore();
    store.maxMessages = 3;
    const user = store.addUser({ name: 'A', phone: '491', username: null, language: 'de', country_code: 'DE', created_at: '', last_inbound_ms: null });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const record: InboundRecord = { direction: 'in', wamid: store.nextWamid(), user_id: user.id, type: 'text', message: {}, at: '', read_by_business: false };
      ids.push(record.wamid);
      store.append(record);
    }
    expect(new Set(ids).size).toBe(5);
    expect([...store.messages.keys()]).toEqual(ids.slice(2));
    expect(store.timelines.get(user.id)?.map((r) => r.wamid)).toEqual(ids.slice(2));
  });
});

describe('rules', () => {
  it('opens the window for 24 hours after the last inbound message', () => {
    expect(windowOpen(null, 0)).toBe(false);
    expect(windowOpen(0, WINDOW_MS - 1)).toBe(true);
    expect(windowOpen(0, WINDOW_MS)).toBe(false);
  });

  it('counts unique recipients over a rolling period', () => {
    const window = new UniqueRecipientWindow(1000);
    expect(window.admit('a', 0, 2)).toBe(true);
    expect(window.admit('b', 100, 2)).toBe(true);
    expect(window.admit('a', 200, 2)).toBe(true);
    expect(window.admit('c', 300, 2)).toBe(false);
    expect(window.admit('c', 1000, 2)).toBe(true);
    expect(window.size(1000)).toBe(2);
    expect(window.admit('x', 1000, 'unlimited')).toBe(true);
  });
});

describe('pricing', () => {
  it('prices free-form as service, utility in the window as free, the rest regular', () => {
    expect(pricingFor(false, 'service', true)).toEqual({ billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' });
    expect(pricingFor(true, 'utility', true).type).toBe('free_customer_service');
    expect(pricingFor(true, 'utility', false)).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' });
    expect(pricingFor(true, 'marketing', true).type).toBe('regular');
  });

  it('maps calling codes to rate-card markets', () => {
    expect(marketFor('4921525551234', 'DE')).toBe('Germany');
    expect(marketFor('31612345678', 'NL')).toBe('Netherlands');
    expect(marketFor('32470123456', 'BE')).toBe('Rest of Western Europe');
    expect(marketFor('48501234567', 'PL')).toBe('Rest of Central & Eastern Europe');
    expect(marketFor('15551234567', 'US')).toBe('North America');
    expect(marketFor(null, 'AT')).toBe('Rest of Western Europe');
    expect(marketFor(null, 'ZZ')).toBe('Other');
  });
});

describe('config', () => {
  it('merges partial updates, accepts on/off and treats mps 0 as unlimited', () => {
    const next = applyConfigPatch(defaultConfig(), parseConfigPatch({ pair_rate: 'off', webhooks: 'on', mps: 0, faults: { error_rate: 0.5 } }));
    expect(next).toMatchObject({ pair_rate: false, webhooks: true, mps: 'unlimited', faults: { error_rate: 0.5, slow_ms: 0 } });
    expect(() => parseConfigPatch({ pair_rate: 'maybe' })).toThrow();
    expect(() => parseConfigPatch({ templates: [{ name: 'x', language: 'de', category: 'SPAM', body: 'b' }] })).toThrow();
  });
});

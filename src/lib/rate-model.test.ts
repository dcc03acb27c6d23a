import { describe, expect, it } from 'vitest';
import { PAIR_RATE, SlidingWindowCounter, TokenBucket, pairRateBucket } from './rate-model.js';

describe('TokenBucket', () => {
  it('starts full and lets a burst of `capacity` through', () => {
    const bucket = new TokenBucket({ capacity: 3, refillPerSecond: 1 });
    expect(bucket.take(0)).toEqual({ ok: true });
    expect(bucket.take(0)).toEqual({ ok: true });
    expect(bucket.take(0)).toEqual({ ok: true });
    expect(bucket.take(0)).toEqual({ ok: false, waitMs: 1000 });
  });

  it('refills continuously and says how long to wait', () => {
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 2 });
    bucket.take(0, 2);
    expect(bucket.take(100)).toEqual({ ok: false, waitMs: 400 });
    expect(bucket.take(500)).toEqual({ ok: true });
    expect(bucket.available(500)).toBeCloseTo(0);
  });

  it('never holds more than its capacity', () => {
    const bucket = new TokenBucket({ capacity: 2, refillPerSecond: 10 });
    expect(bucket.available(1_000_000)).toBe(2);
    expect(bucket.isFull(1_000_000)).toBe(true);
  });

  it('takes several tokens at once', () => {
    const bucket = new TokenBucket({ capacity: 5, refillPerSecond: 1 });
    expect(bucket.take(0, 4)).toEqual({ ok: true });
    expect(bucket.take(0, 2)).toEqual({ ok: false, waitMs: 1000 });
    expect(bucket.take(1000, 2)).toEqual({ ok: true });
    expect(() => bucket.take(1000, 6)).toThrow(RangeError);
  });

  it('does not refill when the clock goes backwards', () => {
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1 });
    bucket.take(10_000);
    expect(bucket.take(5_000).ok).toBe(false);
    expect(bucket.take(10_500).ok).toBe(false);
    expect(bucket.take(11_000).ok).toBe(true);
  });

  it('rejects nonsense parameters', () => {
    expect(() => new TokenBucket({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
    expect(() => new TokenBucket({ capacity: 1, refillPerSecond: 0 })).toThrow(RangeError);
  });

  it('models the pair rate: 45 at once, then one every 6 s', () => {
    expect(PAIR_RATE).toEqual({ capacity: 45, refillPerSecond: 1 / 6 });
    const bucket = pairRateBucket();
    for (let i = 0; i < 45; i++) expect(bucket.take(0).ok).toBe(true);
    expect(bucket.take(0)).toEqual({ ok: false, waitMs: 6000 });
    expect(bucket.take(5_999).ok).toBe(false);
    expect(bucket.take(6_000).ok).toBe(true);
    expect(bucket.take(6_000).ok).toBe(false);
    // A minute later ten more have come back, not more.
    for (let i = 0; i < 10; i++) expect(bucket.take(66_000).ok).toBe(true);
    expect(bucket.take(66_000).ok).toBe(false);
  });
});

describe('SlidingWindowCounter', () => {
  it('admits at most `max` events in any 1,000 ms window', () => {
    const window = new SlidingWindowCounter({ max: 5 });
    for (let i = 0; i < 5; i++) expect(window.take(100 * i).ok).toBe(true);
    expect(window.take(999)).toEqual({ ok: false, waitMs: 1 });
    expect(window.count(999)).toBe(5);
    // At 1,000 the event of 0 has left the window.
    expect(window.take(1000).ok).toBe(true);
    expect(window.take(1050)).toEqual({ ok: false, waitMs: 50 });
  });

  it('does not count refused events', () => {
    const window = new SlidingWindowCounter({ max: 1 });
    expect(window.take(0).ok).toBe(true);
    for (let t = 1; t < 1000; t += 100) expect(window.take(t).ok).toBe(false);
    expect(window.take(1000).ok).toBe(true);
  });

  it('works with a custom window and batches', () => {
    const window = new SlidingWindowCounter({ max: 4, windowMs: 60_000 });
    expect(window.take(0, 3).ok).toBe(true);
    expect(window.take(10_000, 2)).toEqual({ ok: false, waitMs: 50_000 });
    expect(window.take(10_000, 1).ok).toBe(true);
    expect(window.take(60_000, 3).ok).toBe(true);
    expect(window.count(60_000)).toBe(4);
    expect(() => window.take(60_000, 5)).toThrow(RangeError);
  });

  it('wraps its ring buffer correctly over a long run', () => {
    const window = new SlidingWindowCounter({ max: 3 });
    let admitted = 0;
    for (let t = 0; t < 10_000; t += 100) if (window.take(t).ok) admitted++;
    // 3 per 1,000 ms over 10 s.
    expect(admitted).toBe(30);
  });

  it('rejects nonsense parameters', () => {
    expect(() => new SlidingWindowCounter({ max: 0 })).toThrow(RangeError);
    expect(() => new SlidingWindowCounter({ max: 1.5 })).toThrow(RangeError);
    expect(() => new SlidingWindowCounter({ max: 1, windowMs: 0 })).toThrow(RangeError);
  });
});

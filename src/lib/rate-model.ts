/**
 * The rate model shared by the dispatcher and the WhatsApp emulator (architecture decision 6).
 *
 * Pure and clock-driven: every method takes the current time in milliseconds; nothing here
 * reads the system time or sets a timer. Both classes are O(1) per call (amortised).
 */

/** The answer to "may I go now?": yes, or how long to wait before the same request would pass. */
export type RateDecision = { ok: true } | { ok: false; waitMs: number };

const OK: RateDecision = Object.freeze({ ok: true });
/** Tolerance for floating-point refill arithmetic (a token is a token even at 0.9999999999). */
const EPSILON = 1e-9;

/**
 * A token bucket: holds up to `capacity` tokens, refilled continuously at `refillPerSecond`.
 * Starts full. `take` removes `n` tokens if available.
 */
export class TokenBucket {
  readonly capacity: number;
  readonly refillPerSecond: number;
  private tokens: number;
  private last: number | null = null;

  constructor(options: { capacity: number; refillPerSecond: number }) {
    if (!(options.capacity > 0) || !Number.isFinite(options.capacity)) {
      throw new RangeError('capacity must be a positive finite number');
    }
    if (!(options.refillPerSecond > 0) || !Number.isFinite(options.refillPerSecond)) {
      throw new RangeError('refillPerSecond must be a positive finite number');
    }
    this.capacity = options.capacity;
    this.refillPerSecond = options.refillPerSecond;
    this.tokens = options.capacity;
  }

  /** Tokens available at `now` (fractional). */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  /** Takes `n` tokens at `now`, or says how many milliseconds until `n` tokens will be there. */
  take(now: number, n = 1): RateDecision {
    if (n > this.capacity) throw new RangeError(`cannot take ${n} tokens from a bucket of ${this.capacity}`);
    this.refill(now);
    if (this.tokens + EPSILON >= n) {
      this.tokens = Math.max(0, this.tokens - n);
      return OK;
    }
    const waitMs = Math.ceil(((n - this.tokens) * 1000) / this.refillPerSecond - EPSILON);
    return { ok: false, waitMs: Math.max(1, waitMs) };
  }

  /** True when the bucket is full at `now` (its state carries no information and may be dropped). */
  isFull(now: number): boolean {
    return this.available(now) + EPSILON >= this.capacity;
  }

  private refill(now: number): void {
    if (this.last === null || now <= this.last) {
      // First use, or a clock that stood still or went back: no refill, keep the later mark.
      if (this.last === null) this.last = now;
      return;
    }
    const elapsed = now - this.last;
    this.last = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.refillPerSecond) / 1000);
  }
}

/** Meta's pair rate (1 message per 6 s to one user, bursts up to 45): one bucket per recipient. */
export const PAIR_RATE = Object.freeze({ capacity: 45, refillPerSecond: 1 / 6 });

export function pairRateBucket(): TokenBucket {
  return new TokenBucket(PAIR_RATE);
}

/**
 * A sliding-window counter: at most `max` events in any window of `windowMs` (default 1,000 ms).
 * Only admitted events are counted. Backed by a ring buffer of the last `max` admitted times.
 */
export class SlidingWindowCounter {
  readonly max: number;
  readonly windowMs: number;
  private readonly times: Float64Array;
  private head = 0;
  private size = 0;

  constructor(options: { max: number; windowMs?: number }) {
    if (!Number.isInteger(options.max) || options.max < 1) throw new RangeError('max must be a positive integer');
    const windowMs = options.windowMs ?? 1000;
    if (!(windowMs > 0)) throw new RangeError('windowMs must be positive');
    this.max = options.max;
    this.windowMs = windowMs;
    this.times = new Float64Array(options.max);
  }

  /** Events counted in the window ending at `now`. */
  count(now: number): number {
    this.evict(now);
    return this.size;
  }

  /** Admits `n` events at `now`, or says how many milliseconds until they would be admitted. */
  take(now: number, n = 1): RateDecision {
    if (n > this.max) throw new RangeError(`cannot take ${n} events from a window of ${this.max}`);
    this.evict(now);
    if (this.size + n <= this.max) {
      for (let i = 0; i < n; i++) {
        this.times[(this.head + this.size) % this.max] = now;
        this.size++;
      }
      return OK;
    }
    // The (size + n - max)-th oldest event has to leave the window first.
    const blocking = this.times[(this.head + this.size + n - this.max - 1) % this.max] ?? now;
    return { ok: false, waitMs: Math.max(1, Math.ceil(blocking + this.windowMs - now)) };
  }

  private evict(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.size > 0 && (this.times[this.head] ?? Infinity) <= cutoff) {
      this.head = (this.head + 1) % this.max;
      this.size--;
    }
  }
}

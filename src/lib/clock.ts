/**
 * One clock (architecture decision 12). Everything that reads time takes a `Clock`.
 * The product's clock is `DbClock` (src/db/db-clock.ts): system time plus an offset kept in the
 * database, so that every process sees the same time and tests can advance it without sleeping.
 */
export interface Clock {
  /** The current time. Synchronous and cheap. */
  now(): Date;
}

/** A clock whose time only moves when told to; for pure unit tests. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string | number = '2026-01-05T09:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves the clock forward by `seconds`. */
  advance(seconds: number): void {
    this.current += seconds * 1000;
  }

  set(at: Date | string | number): void {
    this.current = new Date(at).getTime();
  }
}

/** System time shifted by an offset in milliseconds. */
export class OffsetClock implements Clock {
  constructor(protected offsetMs = 0) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  setOffset(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }
}

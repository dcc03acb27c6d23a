/**
 * Throttling of failed logins (decision 17: per account and per address, no lock-out anyone
 * could trigger). Three counters, each with growing delays after a number of free failures:
 *
 * - `pair` (account + address): 5 free, then 1 s, 2 s, 4 s … up to 15 min. The main brake on
 *   guessing, and it slows only the address that guesses — the real person elsewhere is not
 *   affected.
 * - `account` (across all addresses): 20 free, then growing up to 60 s. Bounds a distributed
 *   attack on one account; the cap keeps the worst a stranger can do to a colleague at a minute's
 *   wait, never a lock.
 * - `address` (across all accounts): 30 free, then growing up to 15 min. Slows credential
 *   stuffing from one address.
 *
 * A counter starts again after an hour without failures; a successful login clears the pair and
 * account counters. A throttled attempt is answered without checking the password and is not
 * counted, so waiting is always enough.
 */
import type { Database } from '../../db/database.js';
import { throttleRepository } from './auth.repository.js';

interface Rule {
  free: number;
  capMs: number;
}

export const THROTTLE_RULES: Record<'pair' | 'account' | 'address', Rule> = {
  pair: { free: 5, capMs: 15 * 60_000 },
  account: { free: 20, capMs: 60_000 },
  address: { free: 30, capMs: 15 * 60_000 },
};

export const THROTTLE_WINDOW_MS = 60 * 60_000;

/** The wait after `failures` failures under `rule` (0 while free). */
export function delayMs(failures: number, rule: Rule): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.capMs, 1000 * 2 ** Math.min(30, failures - rule.free));
}

function keys(email: string, ip: string | null): [keyof typeof THROTTLE_RULES, string][] {
  const address = ip ?? 'unknown';
  return [
    ['pair', `${email}|${address}`],
    ['account', email],
    ['address', address],
  ];
}

export const loginThrottle = {
  /** Milliseconds to wait before the next attempt may be checked (0 = go ahead). */
  async waitMs(db: Database, email: string, ip: string | null, now: number): Promise<number> {
    let wait = 0;
    for (const [kind, key] of keys(email, ip)) {
      const row = await throttleRepository.find(db, kind, key);
      if (!row || row.last_failure_at < now - THROTTLE_WINDOW_MS) continue;
      const until = row.last_failure_at + delayMs(row.failures, THROTTLE_RULES[kind]);
      wait = Math.max(wait, until - now);
    }
    return wait;
  },

  async recordFailure(db: Database, email: string, ip: string | null, now: number): Promise<void> {
    for (const [kind, key] of keys(email, ip)) await throttleRepository.recordFailure(db, kind, key, now, now - THROTTLE_WINDOW_MS);
  },

  async recordSuccess(db: Database, email: string, ip: string | null): Promise<void> {
    for (const [kind, key] of keys(email, ip)) if (kind !== 'address') await throttleRepository.clear(db, kind, key);
  },
};

/**
 * The platform's sending rules (architecture decision 11), as small functions over the
 * emulator's state and the current clock time. All O(1) (amortised) per message.
 */
import { pairRateBucket } from '../lib/rate-model.js';
import type { TokenBucket, SlidingWindowCounter } from '../lib/rate-model.js';
import type { MetaApiError, WebhookError } from './emulator.errors.js';
import { metaError, webhookError } from './emulator.errors.js';

/** The customer service window: 24 hours from the user's last inbound message. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export function windowOpen(lastInboundMs: number | null, now: number): boolean {
  return lastInboundMs !== null && now - lastInboundMs < WINDOW_MS;
}

/** Throughput: more than `mps` requests in any sliding 1,000 ms → 130429 (synchronous). */
export function checkThroughput(counter: SlidingWindowCounter | null, now: number): MetaApiError | null {
  if (!counter) return null;
  return counter.take(now).ok ? null : metaError(130429);
}

/** Pair rate: one bucket per recipient (capacity 45, 1 per 6 s) → 131056 (synchronous). */
export function checkPairRate(
  buckets: Map<string, TokenBucket>,
  enabled: boolean,
  recipientKey: string,
  now: number,
): MetaApiError | null {
  if (!enabled) return null;
  let bucket = buckets.get(recipientKey);
  if (!bucket) {
    bucket = pairRateBucket();
    buckets.set(recipientKey, bucket);
  }
  return bucket.take(now).ok ? null : metaError(131056);
}

/**
 * Unique recipients per rolling period (the messaging-limit tier): a recipient counts from the
 * first business-initiated message outside their window, for 24 hours.
 */
export class UniqueRecipientWindow {
  private readonly countedAt = new Map<string, number>();
  private readonly queue: Array<{ key: string; at: number }> = [];
  private head = 0;

  constructor(private readonly periodMs: number) {}

  /** Counts `key` at `now` if the limit allows; true when the recipient is (or already was) counted. */
  admit(key: string, now: number, limit: number | 'unlimited'): boolean {
    this.evict(now);
    if (this.countedAt.has(key)) return true;
    if (limit !== 'unlimited' && this.countedAt.size >= limit) return false;
    this.countedAt.set(key, now);
    this.queue.push({ key, at: now });
    return true;
  }

  size(now: number): number {
    this.evict(now);
    return this.countedAt.size;
  }

  clear(): void {
    this.countedAt.clear();
    this.queue.length = 0;
    this.head = 0;
  }

  private evict(now: number): void {
    const cutoff = now - this.periodMs;
    while (this.head < this.queue.length) {
      const entry = this.queue[this.head];
      if (!entry || entry.at > cutoff) break;
      if (this.countedAt.get(entry.key) === entry.at) this.countedAt.delete(entry.key);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}

export interface DeliveryContext {
  now: number;
  isTemplate: boolean;
  /** The category Meta bills (lower case), or 'service' for free-form. */
  billedCategory: string;
  windowOpen: boolean;
  unreachable: boolean;
  marketingStopped: boolean;
  recipientKey: string;
  limits: UniqueRecipientWindow;
  messagingLimit: number | 'unlimited';
}

/**
 * Whether an accepted message will fail asynchronously (a `failed` status webhook), in Meta's
 * order: undeliverable first, then the window, the marketing opt-out, the messaging limit.
 * Counts the recipient towards the messaging limit when it goes out business-initiated.
 */
export function asyncFailure(ctx: DeliveryContext): WebhookError | null {
  if (ctx.unreachable) return webhookError(131026);
  if (!ctx.isTemplate && !ctx.windowOpen) return webhookError(131047);
  if (ctx.isTemplate && ctx.billedCategory === 'marketing' && ctx.marketingStopped) return webhookError(131050);
  if (ctx.isTemplate && !ctx.windowOpen && !ctx.limits.admit(ctx.recipientKey, ctx.now, ctx.messagingLimit)) {
    const limit = String(ctx.messagingLimit);
    return webhookError(
      131048,
      `Message failed to send because there are restrictions on how many messages can be sent from this phone number. The business has reached its messaging limit of ${limit} unique users outside the customer service window in a moving 24-hour period.`,
    );
  }
  return null;
}

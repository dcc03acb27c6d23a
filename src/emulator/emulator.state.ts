/**
 * The emulator's in-memory state: citizens, what was sent to and by them, media, and the rate
 * counters. Never the product's database (architecture decision 12).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { TokenBucket } from '../lib/rate-model.js';
import { SlidingWindowCounter } from '../lib/rate-model.js';
import type { WebhookError } from './emulator.errors.js';
import { UniqueRecipientWindow } from './emulator.rules.js';
import type { PricingInfo } from './pricing.js';

export interface EmulatedUser {
  id: string;
  name: string;
  /** wa_id: E.164 digits without "+"; null for a BSUID-only (username) user. */
  phone: string | null;
  /** Business-scoped user id; every user has one (Meta adds it since 2026). */
  bsuid: string;
  username: string | null;
  language: string;
  /** ISO 3166-1 alpha-2. */
  country_code: string;
  created_at: string;
  /** Clock time (ms) of the user's last inbound message; opens the 24-hour window. */
  last_inbound_ms: number | null;
}

export type StatusName = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusEvent {
  status: StatusName;
  /** ISO time by the emulator's clock. */
  at: string;
  /** Whether the webhook carried a pricing object. */
  pricing: boolean;
  /** Emitted twice on purpose (disorder mode). */
  duplicate?: boolean;
  error?: WebhookError;
}

export interface OutboundRecord {
  direction: 'out';
  wamid: string;
  user_id: string;
  /** The `to` as the business sent it. */
  to: string;
  /** Addressed by BSUID (then `recipient_id` is empty and `recipient_user_id` is set). */
  to_bsuid: boolean;
  type: string;
  /** The type's object as sent, e.g. `{ body: "…" }` for text. */
  content: unknown;
  context_message_id: string | null;
  template: { name: string; language: string; category: string; billed_category: string; rendered_body: string; /** The template's quick-reply labels. */ quick_replies?: string[] } | null;
  pricing: PricingInfo | null;
  market: string;
  biz_opaque_callback_data: string | null;
  accepted_at: string;
  accepted_ms: number;
  /** Highest status reached (never moves backwards). */
  status: 'accepted' | StatusName;
  statuses: StatusEvent[];
  /** Set when the message is going to fail / has failed asynchronously. */
  failure: WebhookError | null;
  /** Pricing objects still to attach: the `sent` one and one of delivered/read. */
  pricing_pending_final: boolean;
}

export interface InboundRecord {
  direction: 'in';
  wamid: string;
  user_id: string;
  type: string;
  /** The message object exactly as sent in the webhook. */
  message: Record<string, unknown>;
  at: string;
  /** The business called mark-as-read for this message (or a later one). */
  read_by_business: boolean;
}

export type TimelineRecord = OutboundRecord | InboundRecord;

export interface MediaRecord {
  id: string;
  data: Buffer;
  mime_type: string;
  sha256_hex: string;
  sha256_b64: string;
  file_size: number;
  filename: string | null;
  origin: 'business' | 'user';
  created_ms: number;
}

export interface EmulatorStats {
  requests: number;
  accepted: number;
  rejected: Record<string, number>;
  failed_async: Record<string, number>;
  inbound: number;
  webhooks_delivered: number;
  webhooks_failed_attempts: number;
  webhooks_given_up: number;
  webhooks_dropped: number;
  webhooks_skipped: number;
}

function emptyStats(): EmulatorStats {
  return {
    requests: 0,
    accepted: 0,
    rejected: {},
    failed_async: {},
    inbound: 0,
    webhooks_delivered: 0,
    webhooks_failed_attempts: 0,
    webhooks_given_up: 0,
    webhooks_dropped: 0,
    webhooks_skipped: 0,
  };
}

export class EmulatorStore {
  readonly users = new Map<string, EmulatedUser>();
  readonly usersByPhone = new Map<string, EmulatedUser>();
  readonly usersByBsuid = new Map<string, EmulatedUser>();
  readonly timelines = new Map<string, TimelineRecord[]>();
  readonly messages = new Map<string, TimelineRecord>();
  readonly media = new Map<string, MediaRecord>();
  readonly pairBuckets = new Map<string, TokenBucket>();
  readonly messagingLimit = new UniqueRecipientWindow(24 * 3600 * 1000);
  throughput: SlidingWindowCounter | null = null;
  /** Oldest messages are forgotten beyond this many (keeps long benchmarks in bounded memory). */
  maxMessages = 100_000;
  stats: EmulatorStats = emptyStats();
  private userSeq = 0;
  private mediaSeq = 0;
  private wamidSeq = 0;
  private readonly wamidPrefix = randomBytes(6).toString('hex').toUpperCase();

  /** Re-creates the throughput window for a new `mps` (keeps nothing: a new limit starts fresh). */
  setMps(mps: number | 'unlimited'): void {
    if (mps === 'unlimited' || mps <= 0) this.throughput = null;
    else if (this.throughput?.max !== mps) this.throughput = new SlidingWindowCounter({ max: mps });
  }

  clear(): void {
    this.users.clear();
    this.usersByPhone.clear();
    this.usersByBsuid.clear();
    this.timelines.clear();
    this.messages.clear();
    this.media.clear();
    this.pairBuckets.clear();
    this.messagingLimit.clear();
    if (this.throughput) this.throughput = new SlidingWindowCounter({ max: this.throughput.max });
    this.stats = emptyStats();
  }

  addUser(input: Omit<EmulatedUser, 'id' | 'bsuid'> & { bsuid?: string | undefined }): EmulatedUser {
    this.userSeq++;
    const user: EmulatedUser = {
      ...input,
      id: `u${this.userSeq}`,
      bsuid: input.bsuid ?? generateBsuid(input.country_code),
    };
    this.users.set(user.id, user);
    if (user.phone) this.usersByPhone.set(user.phone, user);
    this.usersByBsuid.set(user.bsuid, user);
    this.timelines.set(user.id, []);
    return user;
  }

  /** Finds the user a `to` addresses: a BSUID, or a phone number in any of Meta's accepted formats. */
  findRecipient(to: string): { user: EmulatedUser | undefined; byBsuid: boolean; phone: string | null } {
    if (looksLikeBsuid(to)) return { user: this.usersByBsuid.get(to), byBsuid: true, phone: null };
    const phone = to.replace(/[\s()+-]/g, '');
    if (!/^\d{5,20}$/.test(phone)) return { user: undefined, byBsuid: false, phone: null };
    return { user: this.usersByPhone.get(phone), byBsuid: false, phone };
  }

  /** Matches a phone number or BSUID from the `unreachable` / `marketing_stopped` lists. */
  static identityKeys(user: EmulatedUser): string[] {
    return user.phone ? [user.phone, user.bsuid] : [user.bsuid];
  }

  append(record: TimelineRecord): void {
    this.messages.set(record.wamid, record);
    this.timelines.get(record.user_id)?.push(record);
    while (this.messages.size > this.maxMessages) this.forgetOldest();
  }

  /** Drops the oldest message; it is also the oldest of its user's timeline. */
  private forgetOldest(): void {
    const oldest = this.messages.values().next().value;
    if (!oldest) return;
    this.messages.delete(oldest.wamid);
    const timeline = this.timelines.get(oldest.user_id);
    if (timeline?.[0] === oldest) timeline.shift();
  }

  nextWamid(): string {
    this.wamidSeq++;
    const raw = `${this.wamidPrefix}${this.wamidSeq.toString(16).toUpperCase().padStart(10, '0')}`;
    return `wamid.HBgN${Buffer.from(raw).toString('base64')}`;
  }

  addMedia(input: { data: Buffer; mime_type: string; filename: string | null; origin: 'business' | 'user'; now: number }): MediaRecord {
    this.mediaSeq++;
    const digest = createHash('sha256').update(input.data).digest();
    const record: MediaRecord = {
      id: `${1_700_000_000_000_000 + this.mediaSeq * 7919 + Math.floor(Math.random() * 7919)}`,
      data: input.data,
      mime_type: input.mime_type,
      sha256_hex: digest.toString('hex'),
      sha256_b64: digest.toString('base64'),
      file_size: input.data.length,
      filename: input.filename,
      origin: input.origin,
      created_ms: input.now,
    };
    this.media.set(record.id, record);
    return record;
  }
}

/** BSUIDs look like `DE.13491208655302741918` (country, dot, digits); phone numbers never contain letters. */
export function looksLikeBsuid(value: string): boolean {
  return /[A-Za-z]/.test(value) && value.includes('.');
}

export function generateBsuid(countryCode: string): string {
  const digits = randomUUID().replace(/\D/g, '').padEnd(19, '7').slice(0, 19);
  return `${countryCode.toUpperCase()}.${digits.replace(/^0/, '1')}`;
}

/**
 * The emulator instance: configuration, state, template registry, webhook sender and status
 * scheduler, and the operations the routes share (config changes, reset, webhook handshake).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { request } from 'undici';
import type { Clock } from '../lib/clock.js';
import type { EmulatorConfig } from './emulator.config.js';
import { applyConfigPatch, defaultConfig, parseConfigPatch } from './emulator.config.js';
import type { EmulatedUser } from './emulator.state.js';
import { EmulatorStore, looksLikeBsuid } from './emulator.state.js';
import { StatusScheduler } from './status.scheduler.js';
import { TemplateRegistry } from './template.rules.js';
import { templateCategoryPayload, templateStatusPayload } from './webhook.builder.js';
import { WebhookSender } from './webhook.sender.js';

export interface EmulatorOptions {
  clock: Clock;
  advanceClock: (seconds: number) => Promise<unknown>;
  /** Initial configuration (partial; validated like `PUT /_control/config`). */
  config?: unknown;
  /** Randomness for faults, disorder and backoff jitter (tests pass a seeded one). */
  random?: () => number;
  warn?: (message: string) => void;
}

export interface HandshakeResult {
  ok: boolean;
  http_status: number | null;
  error?: string;
}

/** A phone number in any accepted format becomes digits; a BSUID stays as it is. */
export function identityKey(value: string): string {
  return looksLikeBsuid(value) ? value : value.replace(/[^\d]/g, '');
}

export class Emulator {
  readonly clock: Clock;
  readonly advanceClock: (seconds: number) => Promise<unknown>;
  readonly random: () => number;
  readonly store = new EmulatorStore();
  readonly sender: WebhookSender;
  readonly scheduler: StatusScheduler;
  /** Signs media download URLs; per process, so URLs die with the emulator. */
  readonly urlKey = randomBytes(32);
  /** Business typing indicators shown to users (user id → clock ms until which it shows). */
  readonly typingUntil = new Map<string, number>();
  private readonly initialConfig: EmulatorConfig;
  private current: EmulatorConfig;
  private registry = new TemplateRegistry([]);
  private unreachable = new Set<string>();
  private marketingStopped = new Set<string>();

  constructor(options: EmulatorOptions) {
    this.clock = options.clock;
    this.advanceClock = options.advanceClock;
    this.random = options.random ?? Math.random;
    const warn = options.warn ?? (() => undefined);
    this.current = applyConfigPatch(defaultConfig(), parseConfigPatch(options.config ?? {}));
    this.initialConfig = structuredClone(this.current);
    this.sender = new WebhookSender({
      getConfig: () => this.current,
      stats: () => this.store.stats,
      random: this.random,
      now: () => this.clock.now(),
      warn,
    });
    this.scheduler = new StatusScheduler({
      clock: this.clock,
      store: this.store,
      sender: this.sender,
      getConfig: () => this.current,
      random: this.random,
    });
    this.derive();
  }

  get config(): EmulatorConfig {
    return this.current;
  }

  get templates(): TemplateRegistry {
    return this.registry;
  }

  nowMs(): number {
    return this.clock.now().getTime();
  }

  isUnreachable(user: EmulatedUser): boolean {
    return (user.phone !== null && this.unreachable.has(user.phone)) || this.unreachable.has(user.bsuid);
  }

  isMarketingStopped(user: EmulatedUser): boolean {
    return (user.phone !== null && this.marketingStopped.has(user.phone)) || this.marketingStopped.has(user.bsuid);
  }

  /**
   * Applies a partial config (throws a ZodError when invalid). A template whose status or billed
   * category changed sends `message_template_status_update` / `template_category_update`.
   */
  updateConfig(input: unknown): { config: EmulatorConfig; template_events: number } {
    const patch = parseConfigPatch(input);
    const previous = this.registry;
    this.current = applyConfigPatch(this.current, patch);
    this.derive();
    let events = 0;
    if (patch.templates) {
      const now = this.nowMs();
      for (const template of this.registry.all()) {
        const before = previous.get(template.def.name, template.def.language);
        if (before ? before.def.status !== template.def.status : template.def.status !== 'PENDING') {
          this.sender.send(templateStatusPayload(this.current, template, now));
          events++;
        }
        const previousCategory = before ? before.billedCategory : template.def.category;
        if (previousCategory !== template.billedCategory) {
          this.sender.send(templateCategoryPayload(this.current, template, previousCategory, now));
          events++;
        }
      }
    }
    return { config: this.current, template_events: events };
  }

  /** Clears users, messages, media, counters and pending statuses/webhooks; the config stays unless asked. */
  reset(resetConfig = false): void {
    this.scheduler.clear();
    this.sender.clear();
    this.store.clear();
    this.typingUntil.clear();
    if (resetConfig) {
      this.current = structuredClone(this.initialConfig);
      this.derive();
    }
  }

  /** Meta's verification GET: `hub.mode=subscribe`, a challenge, the verify token; 200 echoing the challenge passes. */
  async verifyWebhook(): Promise<HandshakeResult> {
    const url = this.current.webhook_url;
    if (!url) return { ok: false, http_status: null, error: 'no webhook_url configured' };
    const challenge = String(Math.floor(this.random() * 1e9) + 1);
    const target = new URL(url);
    target.searchParams.set('hub.mode', 'subscribe');
    target.searchParams.set('hub.challenge', challenge);
    target.searchParams.set('hub.verify_token', this.current.verify_token);
    try {
      const response = await request(target, { method: 'GET', headersTimeout: 10_000, bodyTimeout: 10_000 });
      const body = await response.body.text();
      return { ok: response.statusCode === 200 && body.trim() === challenge, http_status: response.statusCode };
    } catch (cause) {
      return { ok: false, http_status: null, error: cause instanceof Error ? cause.message : String(cause) };
    }
  }

  /** The signature part of a media download URL. */
  mediaUrlHash(mediaId: string, expiresSec: number): string {
    return createHmac('sha256', this.urlKey).update(`${mediaId}.${expiresSec}`).digest('hex').slice(0, 40);
  }

  async close(): Promise<void> {
    this.scheduler.clear();
    await this.sender.close();
  }

  private derive(): void {
    this.registry = new TemplateRegistry(this.current.templates);
    this.unreachable = new Set(this.current.unreachable.map(identityKey));
    this.marketingStopped = new Set(this.current.marketing_stopped.map(identityKey));
    this.store.setMps(this.current.mps);
    this.store.maxMessages = this.current.max_messages;
  }
}

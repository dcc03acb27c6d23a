/**
 * Delivers webhooks as Meta does (whatsapp-cloud-api.md §3.2, §3.7): POST with
 * `X-Hub-Signature-256: sha256=<HMAC-SHA256(app secret, exact bytes sent)>`, concurrently (bounded),
 * retried on any non-200 answer or network error with exponential backoff and jitter, for a bounded
 * number of attempts. A share of webhooks can be dropped on purpose (`faults.webhook_drop_rate`).
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'undici';
import type { EmulatorConfig } from './emulator.config.js';
import type { EmulatorStats } from './emulator.state.js';
import type { WebhookPayload } from './webhook.builder.js';

interface Job {
  body: Buffer;
  field: string;
  attempt: number;
}

export interface DeliveryLogEntry {
  at: string;
  field: string;
  attempt: number;
  outcome: 'delivered' | 'retrying' | 'given_up' | 'dropped';
  http_status: number | null;
  error?: string;
}

export interface WebhookSenderOptions {
  getConfig: () => EmulatorConfig;
  stats: () => EmulatorStats;
  random: () => number;
  /** The emulator's clock, for the delivery log. */
  now: () => Date;
  warn: (message: string) => void;
}

export function signBody(body: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

const LOG_SIZE = 100;

export class WebhookSender {
  private readonly queue: Job[] = [];
  private queueHead = 0;
  private inFlight = 0;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly agent = new Agent({ keepAliveTimeout: 10_000, connections: 256 });
  private readonly idleWaiters: Array<() => void> = [];
  private generation = 0;
  readonly log: DeliveryLogEntry[] = [];

  constructor(private readonly options: WebhookSenderOptions) {}

  /** Queues a payload for delivery (no-op when webhooks are off or no URL is configured). */
  send(payload: WebhookPayload): void {
    const config = this.options.getConfig();
    const stats = this.options.stats();
    if (!config.webhooks || !config.webhook_url) {
      stats.webhooks_skipped++;
      return;
    }
    const field = payload.entry[0]?.changes[0]?.field ?? 'messages';
    if (config.faults.webhook_drop_rate > 0 && this.options.random() < config.faults.webhook_drop_rate) {
      stats.webhooks_dropped++;
      this.record({ field, attempt: 0, outcome: 'dropped', http_status: null });
      return;
    }
    this.queue.push({ body: Buffer.from(JSON.stringify(payload)), field, attempt: 0 });
    this.pump();
  }

  /** Pending + in-flight + waiting for retry. */
  get pending(): number {
    return this.queue.length - this.queueHead + this.inFlight + this.retryTimers.size;
  }

  /** Resolves when nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Forgets everything queued or waiting for a retry (in-flight requests finish but are not retried). */
  clear(): void {
    this.generation++;
    this.queue.length = 0;
    this.queueHead = 0;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.log.length = 0;
    this.checkIdle();
  }

  /** Stops at once: webhooks in flight are abandoned (the emulator's state is in memory anyway). */
  async close(): Promise<void> {
    this.clear();
    await this.agent.destroy();
  }

  private pump(): void {
    const limit = this.options.getConfig().webhook_concurrency;
    while (this.inFlight < limit && this.queueHead < this.queue.length) {
      const job = this.queue[this.queueHead++];
      if (!job) break;
      this.inFlight++;
      void this.deliver(job, this.generation).finally(() => {
        this.inFlight--;
        this.pump();
        this.checkIdle();
      });
    }
    if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }

  private async deliver(job: Job, generation: number): Promise<void> {
    const config = this.options.getConfig();
    const stats = this.options.stats();
    job.attempt++;
    const url = config.webhook_url;
    if (!config.webhooks || !url) {
      stats.webhooks_skipped++;
      return;
    }
    let status: number | null = null;
    let error: string | undefined;
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'facebookexternalua',
          'x-hub-signature-256': signBody(job.body, config.app_secret),
        },
        body: job.body,
        headersTimeout: config.webhook_retry.timeout_ms,
        bodyTimeout: config.webhook_retry.timeout_ms,
      });
      status = response.statusCode;
      await response.body.dump();
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    if (generation !== this.generation) return;
    if (status === 200) {
      stats.webhooks_delivered++;
      this.record({ field: job.field, attempt: job.attempt, outcome: 'delivered', http_status: status });
      return;
    }
    stats.webhooks_failed_attempts++;
    const retry = config.webhook_retry;
    if (job.attempt >= retry.max_attempts) {
      stats.webhooks_given_up++;
      this.record({ field: job.field, attempt: job.attempt, outcome: 'given_up', http_status: status, ...(error ? { error } : {}) });
      this.options.warn(`webhook given up after ${job.attempt} attempts (last: ${status ?? error ?? 'no answer'})`);
      return;
    }
    this.record({ field: job.field, attempt: job.attempt, outcome: 'retrying', http_status: status, ...(error ? { error } : {}) });
    const exponential = Math.min(retry.max_delay_ms, retry.base_delay_ms * 2 ** (job.attempt - 1));
    const delay = Math.round(exponential * (0.75 + 0.5 * this.options.random()));
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.queue.push(job);
      this.pump();
      this.checkIdle();
    }, delay);
    timer.unref();
    this.retryTimers.add(timer);
  }

  private record(entry: Omit<DeliveryLogEntry, 'at'>): void {
    this.log.push({ at: this.options.now().toISOString(), ...entry });
    if (this.log.length > LOG_SIZE) this.log.shift();
  }

  private checkIdle(): void {
    if (this.pending !== 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

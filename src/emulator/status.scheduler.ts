/**
 * Status webhooks for accepted messages (whatsapp-cloud-api.md §3.5): sent → delivered → read
 * after `status_latency_ms` each, or one `failed`; reactions get only `sent`. Pricing rides on
 * `sent` and on the first of delivered/read. With `disorder` on, some messages get a duplicated
 * status, a skipped `delivered` (delivered and read at once) or delivered/read out of order.
 *
 * Scheduled on real timers (one timer for the whole queue), timestamped by the emulator's clock:
 * the n-th status of a message carries clock-at-acceptance + n × latency.
 */
import type { Clock } from '../lib/clock.js';
import type { EmulatorConfig } from './emulator.config.js';
import type { WebhookError } from './emulator.errors.js';
import type { EmulatedUser, EmulatorStore, OutboundRecord, StatusName } from './emulator.state.js';
import { statusObject, statusesPayload } from './webhook.builder.js';
import type { WebhookSender } from './webhook.sender.js';
import { TaskQueue } from './task.queue.js';

const RANK: Record<OutboundRecord['status'], number> = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

interface Emission {
  record: OutboundRecord;
  status: StatusName;
  clockMs: number;
  /** Emit even if the message already reached a later status (deliberate disorder). */
  force?: boolean;
  duplicateAfterMs?: number;
  error?: WebhookError | null;
}

export interface StatusSchedulerOptions {
  clock: Clock;
  store: EmulatorStore;
  sender: WebhookSender;
  getConfig: () => EmulatorConfig;
  random: () => number;
}

export class StatusScheduler {
  private readonly queue = new TaskQueue();

  constructor(private readonly options: StatusSchedulerOptions) {}

  /** Plans the statuses of a freshly accepted message. */
  onAccepted(record: OutboundRecord): void {
    const config = this.options.getConfig();
    const latency = config.status_latency_ms;
    const base = record.accepted_ms;
    const plan: Array<[number, Emission]> = [];
    if (record.failure) {
      plan.push([latency, { record, status: 'failed', clockMs: base + latency, error: record.failure }]);
    } else if (record.type === 'reaction') {
      plan.push([latency, { record, status: 'sent', clockMs: base + latency }]);
    } else {
      plan.push([latency, { record, status: 'sent', clockMs: base + latency }]);
      plan.push([2 * latency, { record, status: 'delivered', clockMs: base + 2 * latency }]);
      if (config.auto_read) plan.push([3 * latency, { record, status: 'read', clockMs: base + 3 * latency }]);
    }
    if (config.disorder) this.disorder(plan, latency, config.auto_read);
    for (const [delay, emission] of plan) this.queue.schedule(delay, () => this.emit(emission));
  }

  /** The user read these messages now (auto_read off, or the simulator's "read" button). */
  markRead(records: OutboundRecord[]): number {
    const latency = this.options.getConfig().status_latency_ms;
    const now = this.options.clock.now().getTime();
    let count = 0;
    for (const record of records) {
      // Only what has reached the phone (sent or delivered) can be read.
      if (record.type === 'reaction' || record.failure || (record.status !== 'sent' && record.status !== 'delivered')) continue;
      count++;
      this.queue.schedule(latency, () => this.emit({ record, status: 'read', clockMs: now }));
    }
    return count;
  }

  clear(): void {
    this.queue.clear();
  }

  get pending(): number {
    return this.queue.size;
  }

  private disorder(plan: Array<[number, Emission]>, latency: number, autoRead: boolean): void {
    const r = this.options.random();
    const gap = Math.max(1, latency);
    if (r < 0.15) {
      const pick = plan[Math.floor(this.options.random() * plan.length)];
      if (pick) pick[1].duplicateAfterMs = Math.max(1, Math.round(gap / 2));
    } else if (r < 0.3 && autoRead && plan.length === 3) {
      plan.splice(1, 1); // delivered and read at once: no `delivered` webhook
    } else if (r < 0.45 && plan.length >= 2) {
      // Swap the delivery moments of the last two statuses; timestamps stay truthful.
      const last = plan[plan.length - 1];
      const before = plan[plan.length - 2];
      if (last && before) {
        [last[0], before[0]] = [before[0], last[0] + 1];
        before[1].force = true;
      }
    }
  }

  private emit(emission: Emission): void {
    const { record, status } = emission;
    const store = this.options.store;
    const user = store.users.get(record.user_id);
    if (!user || store.messages.get(record.wamid) !== record) return; // reset in between
    if (!emission.force && status !== 'failed' && RANK[record.status] >= RANK[status]) return;
    let pricing = null;
    if (record.pricing && status !== 'failed') {
      if (status === 'sent') pricing = record.pricing;
      else if (record.pricing_pending_final) {
        pricing = record.pricing;
        record.pricing_pending_final = false;
      }
    }
    record.statuses.push({
      status,
      at: new Date(emission.clockMs).toISOString(),
      pricing: pricing !== null,
      ...(emission.error ? { error: emission.error } : {}),
    });
    if (RANK[status] > RANK[record.status]) record.status = status;
    const object = statusObject(record, user, status, emission.clockMs, { pricing, error: emission.error ?? null });
    this.send(user, object);
    if (emission.duplicateAfterMs !== undefined) {
      this.queue.schedule(emission.duplicateAfterMs, () => {
        if (store.messages.get(record.wamid) !== record) return;
        record.statuses.push({ status, at: new Date(emission.clockMs).toISOString(), pricing: pricing !== null, duplicate: true });
        this.send(user, object);
      });
    }
  }

  private send(_user: EmulatedUser, status: Record<string, unknown>): void {
    this.options.sender.send(statusesPayload(this.options.getConfig(), [status]));
  }
}

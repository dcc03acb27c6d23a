/**
 * Pure decisions of the dispatcher (no I/O): what to do with a claimed row before it is sent,
 * and what a send error means for the row, the contact and the rate budget.
 */
import type { ChannelError, OutgoingMessage, WindowState } from '../../channels/channel.js';
import type { OutboxRow } from '../../db/schema.js';

export interface Recipient {
  phone: string | null;
  user_id: string | null;
  language: string | null;
  last_inbound_at: number | null;
  unreachable_since: number | null;
  marketing_stopped_at: number | null;
  pair_backoff_until: number | null;
  pair_backoff_level: number;
  /** A confirmed e-mail address (web form, issue 14); null otherwise. */
  email?: string | null;
}

export type PreSend =
  | { action: 'send'; message: OutgoingMessage; template: boolean; windowOpen: boolean }
  | { action: 'final'; state: 'failed' | 'expired'; reason: string; code: string }
  | { action: 'defer'; until: number; reason: string };

/**
 * Before sending: expiry, address, unreachable contacts, a recipient in pair-rate backoff, and
 * free-form vs. template from the window state at this moment (decision 6).
 */
export function decideBeforeSend(
  row: OutboxRow,
  recipient: Recipient | undefined,
  now: number,
  windowState: (lastInboundAt: Date | null, at: Date) => WindowState,
  fallback: (message: OutgoingMessage) => OutgoingMessage | null,
): PreSend {
  if (row.not_after !== null && row.not_after < now) return { action: 'final', state: 'expired', reason: 'expired', code: 'not_after' };
  if (!recipient || (!recipient.phone && !recipient.user_id && !recipient.email)) return { action: 'final', state: 'failed', reason: 'no_address', code: 'no_address' };
  if (recipient.unreachable_since !== null) return { action: 'final', state: 'failed', reason: 'unreachable', code: 'unreachable' };
  if (recipient.pair_backoff_until !== null && recipient.pair_backoff_until > now) {
    return { action: 'defer', until: recipient.pair_backoff_until, reason: 'pair_rate' };
  }
  const message = JSON.parse(row.payload) as OutgoingMessage;
  const windowOpen = windowState(recipient.last_inbound_at === null ? null : new Date(recipient.last_inbound_at), new Date(now)) === 'open';
  if (message.type === 'template') return { action: 'send', message, template: true, windowOpen };
  if (windowOpen) return { action: 'send', message, template: false, windowOpen };
  const replacement = fallback(message);
  if (!replacement) return { action: 'final', state: 'failed', reason: 'outside_window', code: 'no_template' };
  return { action: 'send', message: replacement, template: true, windowOpen };
}

export type AfterError =
  | { action: 'retry'; at: number; slowDown: boolean }
  | { action: 'defer_recipient'; until: number; level: number }
  | { action: 'fail'; markUnreachable: boolean; stopMarketing: boolean };

/** What a failed send means (whatsapp-cloud-api.md §5.1 as classified by the adapter). */
export function decideAfterError(error: ChannelError, row: OutboxRow, recipient: Recipient, now: number, retryUntil: number): AfterError {
  if (error.reason === 'pair_rate') {
    const level = recipient.pair_backoff_level;
    return { action: 'defer_recipient', until: now + 4 ** level * 1000, level: level + 1 };
  }
  if (error.reason === 'unreachable') return { action: 'fail', markUnreachable: true, stopMarketing: false };
  if (error.reason === 'marketing_stopped') return { action: 'fail', markUnreachable: false, stopMarketing: true };
  if (error.retryable) {
    const at = now + retryDelayMs(row.attempts, error.reason);
    if (at > retryUntil) return { action: 'fail', markUnreachable: false, stopMarketing: false };
    return { action: 'retry', at, slowDown: error.reason === 'throughput' };
  }
  return { action: 'fail', markUnreachable: false, stopMarketing: false };
}

/** Exponential backoff with ±20 % jitter: 2 s, 4 s, 8 s … capped at 15 minutes (1 minute for 131057). */
export function retryDelayMs(attempt: number, reason?: string): number {
  const cap = reason === 'maintenance' ? 60_000 : 900_000;
  const base = Math.min(2000 * 2 ** Math.max(0, attempt - 1), cap);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

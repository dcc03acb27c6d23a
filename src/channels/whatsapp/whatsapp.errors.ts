/**
 * Meta's error codes, classified (whatsapp-cloud-api.md §5.1; architecture decision 6).
 *
 * One table: code → our reason and whether retrying the same request later can succeed.
 * "Retryable" follows the facts doc: only the rows it marks **retry** (rate limits, maintenance,
 * unavailable service) are. Rows that need someone to act first (a template fixed, a campaign
 * paused, 24 h waited, a token renewed) are permanent for the request at hand; the reason tells
 * the caller what to do instead.
 */
import type { ChannelError, ChannelErrorReason } from '../channel.js';

interface ErrorRule {
  codes: readonly number[];
  /** Inclusive code ranges, e.g. the 200–299 permission block. */
  ranges?: readonly (readonly [number, number])[];
  reason: ChannelErrorReason;
  retryable: boolean;
  /** Used when Meta sends no title. */
  title: string;
}

/** The classification table, in the order of §5.1. */
export const WHATSAPP_ERROR_RULES: readonly ErrorRule[] = [
  { codes: [130429], reason: 'throughput', retryable: true, title: 'Throughput limit reached' },
  { codes: [131056], reason: 'pair_rate', retryable: true, title: 'Pair rate limit hit' },
  { codes: [80007, 4], reason: 'api_rate_limit', retryable: true, title: 'API rate limit hit' },
  { codes: [131057], reason: 'maintenance', retryable: true, title: 'Account in maintenance mode' },
  { codes: [131000, 131016, 133004, 2, 1], reason: 'unavailable', retryable: true, title: 'Service unavailable' },
  // Quality restriction on the sending number: pause, do not retry quickly.
  { codes: [131048], reason: 'spam_limited', retryable: false, title: 'Spam rate limit hit' },
  // Marketing cap per user: at the earliest after 24 h, which is a new decision, not a retry.
  { codes: [131049], reason: 'marketing_capped', retryable: false, title: 'Not delivered for ecosystem health' },
  { codes: [131047], reason: 'outside_window', retryable: false, title: 'Re-engagement message (outside the 24 h window)' },
  { codes: [131026], reason: 'unreachable', retryable: false, title: 'Message undeliverable' },
  { codes: [131050], reason: 'marketing_stopped', retryable: false, title: 'User stopped marketing messages' },
  { codes: [131051], reason: 'unsupported_type', retryable: false, title: 'Unsupported message type' },
  { codes: [131052, 131053], reason: 'media', retryable: false, title: 'Media download or upload error' },
  { codes: [131008, 131009, 100, 135000], reason: 'invalid_request', retryable: false, title: 'Invalid parameter' },
  // 132018 (parameter with newline/tab/too many spaces) is not in §5.1 but in the same 132000 block.
  {
    codes: [132000, 132001, 132005, 132007, 132012, 132015, 132016, 132018],
    reason: 'template',
    retryable: false,
    title: 'Template error',
  },
  { codes: [0, 190], reason: 'auth', retryable: false, title: 'Authentication error' },
  { codes: [3, 10, 131005], ranges: [[200, 299]], reason: 'permission', retryable: false, title: 'Permission denied' },
  { codes: [368, 131031, 130497], reason: 'policy', retryable: false, title: 'Blocked by policy' },
  { codes: [131042], reason: 'billing', retryable: false, title: 'Business eligibility payment issue' },
  { codes: [131021], reason: 'recipient_is_sender', retryable: false, title: 'Recipient cannot be sender' },
  { codes: [133010], reason: 'not_registered', retryable: false, title: 'Phone number not registered' },
  { codes: [130472], reason: 'experiment', retryable: false, title: "User's number is part of an experiment" },
  // Authentication templates need a phone number, not a BSUID (§3.6).
  { codes: [131062], reason: 'invalid_request', retryable: false, title: 'Authentication template sent to a BSUID' },
];

/** What a Meta error (HTTP response or webhook) tells us. */
export interface MetaErrorInput {
  code: number | string;
  httpStatus?: number;
  title?: string;
  details?: string;
  /** Graph API `is_transient`: Meta says a retry may succeed. */
  isTransient?: boolean;
}

function findRule(code: number | string): ErrorRule | undefined {
  if (typeof code !== 'number') return undefined;
  return WHATSAPP_ERROR_RULES.find(
    (rule) => rule.codes.includes(code) || (rule.ranges ?? []).some(([low, high]) => code >= low && code <= high),
  );
}

/**
 * Classifies a Meta error into a {@link ChannelError}.
 * Unknown codes: HTTP 5xx or `is_transient` → retryable 'unavailable', anything else → permanent 'unknown'.
 */
export function classifyError(input: MetaErrorInput): ChannelError {
  const rule = findRule(input.code);
  const unknownButTransient =
    rule === undefined && ((input.httpStatus !== undefined && input.httpStatus >= 500) || input.isTransient === true);
  const reason: ChannelErrorReason = rule?.reason ?? (unknownButTransient ? 'unavailable' : 'unknown');
  const retryable = rule?.retryable ?? unknownButTransient;
  const title = input.title !== undefined && input.title !== '' ? input.title : (rule?.title ?? 'Unknown error');
  const error: ChannelError = { code: input.code, title, reason, retryable };
  if (input.details !== undefined && input.details !== '') error.details = input.details;
  if (input.httpStatus !== undefined) error.httpStatus = input.httpStatus;
  return error;
}

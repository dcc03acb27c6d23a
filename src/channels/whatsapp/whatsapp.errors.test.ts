import { describe, expect, it } from 'vitest';
import type { ChannelErrorReason } from '../channel.js';
import { classifyError } from './whatsapp.errors.js';

/** §5.1 of whatsapp-cloud-api.md, row by row: code → [reason, retryable]. */
const TABLE: [number, ChannelErrorReason, boolean][] = [
  [130429, 'throughput', true],
  [131056, 'pair_rate', true],
  [80007, 'api_rate_limit', true],
  [4, 'api_rate_limit', true],
  [131057, 'maintenance', true],
  [131000, 'unavailable', true],
  [131016, 'unavailable', true],
  [133004, 'unavailable', true],
  [2, 'unavailable', true],
  [1, 'unavailable', true],
  [131048, 'spam_limited', false],
  [131049, 'marketing_capped', false],
  [131047, 'outside_window', false],
  [131026, 'unreachable', false],
  [131050, 'marketing_stopped', false],
  [131051, 'unsupported_type', false],
  [131052, 'media', false],
  [131053, 'media', false],
  [131008, 'invalid_request', false],
  [131009, 'invalid_request', false],
  [100, 'invalid_request', false],
  [135000, 'invalid_request', false],
  [132000, 'template', false],
  [132001, 'template', false],
  [132005, 'template', false],
  [132007, 'template', false],
  [132012, 'template', false],
  [132015, 'template', false],
  [132016, 'template', false],
  [132018, 'template', false],
  [0, 'auth', false],
  [190, 'auth', false],
  [3, 'permission', false],
  [10, 'permission', false],
  [200, 'permission', false],
  [250, 'permission', false],
  [299, 'permission', false],
  [131005, 'permission', false],
  [368, 'policy', false],
  [131031, 'policy', false],
  [130497, 'policy', false],
  [131042, 'billing', false],
  [131021, 'recipient_is_sender', false],
  [133010, 'not_registered', false],
  [130472, 'experiment', false],
  [131062, 'invalid_request', false],
];

describe('classifyError', () => {
  it.each(TABLE)('%i → %s (retryable: %s)', (code, reason, retryable) => {
    expect(classifyError({ code, httpStatus: 400 })).toMatchObject({ code, reason, retryable });
  });

  it('keeps Meta title, details and HTTP status; falls back to the table title', () => {
    expect(classifyError({ code: 130429, httpStatus: 400, title: 'Rate limit hit', details: 'Cloud API message throughput has been reached.' })).toEqual({
      code: 130429,
      title: 'Rate limit hit',
      reason: 'throughput',
      retryable: true,
      details: 'Cloud API message throughput has been reached.',
      httpStatus: 400,
    });
    expect(classifyError({ code: 131047 })).toEqual({
      code: 131047,
      title: 'Re-engagement message (outside the 24 h window)',
      reason: 'outside_window',
      retryable: false,
    });
  });

  it('unknown codes: 5xx → retryable unavailable, otherwise permanent unknown', () => {
    expect(classifyError({ code: 999_999, httpStatus: 503 })).toMatchObject({ reason: 'unavailable', retryable: true, title: 'Unknown error' });
    expect(classifyError({ code: 999_999, httpStatus: 400 })).toMatchObject({ reason: 'unknown', retryable: false });
    expect(classifyError({ code: 999_999 })).toMatchObject({ reason: 'unknown', retryable: false });
    expect(classifyError({ code: 'http_502', httpStatus: 502 })).toMatchObject({ reason: 'unavailable', retryable: true });
    expect(classifyError({ code: 'http_404', httpStatus: 404 })).toMatchObject({ reason: 'unknown', retryable: false });
  });

  it("an unknown code that Meta marks is_transient is retryable; a known code keeps the table's verdict", () => {
    expect(classifyError({ code: 999_999, httpStatus: 400, isTransient: true })).toMatchObject({ reason: 'unavailable', retryable: true });
    expect(classifyError({ code: 131047, httpStatus: 400, isTransient: true })).toMatchObject({ reason: 'outside_window', retryable: false });
  });

  it('known codes keep their classification whatever the HTTP status', () => {
    expect(classifyError({ code: 131057, httpStatus: 500 })).toMatchObject({ reason: 'maintenance', retryable: true });
    expect(classifyError({ code: 132001, httpStatus: 404 })).toMatchObject({ reason: 'template', retryable: false });
    expect(classifyError({ code: 190, httpStatus: 401 })).toMatchObject({ reason: 'auth', retryable: false });
  });
});

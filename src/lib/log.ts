/**
 * Structured logs (decision 19): pino JSON without personal data. Never pass phone numbers,
 * names or message texts; the redaction list is a second line of defence, not the first.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

const REDACT = [
  'phone',
  'name',
  'text',
  'body',
  'email',
  'password',
  'token',
  '*.phone',
  '*.name',
  '*.text',
  '*.body',
  '*.email',
  '*.password',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
];

/** Creates the product's logger. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'stadtbote' } });
}

/** A logger that writes nothing (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

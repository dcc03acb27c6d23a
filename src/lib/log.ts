/**
 * Structured logs (decision 19): pino JSON without personal data. Never pass phone numbers,
 * names or message texts; the redaction list is a second line of defence, not the first.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

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
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'stadtbote' } };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that keeps every line (as the product writes them) in `lines` (tests of what logs hold). */
export function capturingLogger(lines: string[], level = 'trace'): Logger {
  return createLogger(level, { write: (line: string) => void lines.push(line) });
}

/** A logger that writes nothing (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

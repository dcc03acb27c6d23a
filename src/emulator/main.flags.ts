/** Command-line flags of the standalone emulator (main.ts); exact names are public (architecture.md). */
import { parseArgs } from 'node:util';
import type { ConfigPatch } from './emulator.config.js';

export const USAGE = `usage: npm run emulator -- [--port N] [--mps N|unlimited] [--latency-ms N] [--webhook-url URL]
  [--app-secret S] [--verify-token T] [--phone-number-id P] [--webhooks on|off] [--pair-rate on|off]
  [--messaging-limit N|unlimited] [--access-token T] [--status-latency-ms N]`;

export class FlagError extends Error {}

function integer(flag: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new FlagError(`invalid value for --${flag}: "${value}" (expected an integer ${min}–${max})`);
  }
  return Number(value);
}

function onOff(flag: string, value: string): boolean {
  if (value !== 'on' && value !== 'off') throw new FlagError(`invalid value for --${flag}: "${value}" (expected on or off)`);
  return value === 'on';
}

function limit(flag: string, value: string): number | 'unlimited' {
  return value === 'unlimited' ? 'unlimited' : integer(flag, value, 0, 1_000_000_000);
}

/** Parses the command line into a port and an initial config; throws FlagError naming the bad flag. */
export function parseFlags(argv: string[]): { port: number; config: ConfigPatch; help: boolean } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        mps: { type: 'string' },
        'latency-ms': { type: 'string' },
        'status-latency-ms': { type: 'string' },
        'webhook-url': { type: 'string' },
        'app-secret': { type: 'string' },
        'verify-token': { type: 'string' },
        'access-token': { type: 'string' },
        'phone-number-id': { type: 'string' },
        webhooks: { type: 'string' },
        'pair-rate': { type: 'string' },
        'messaging-limit': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new FlagError(error instanceof Error ? error.message : String(error));
  }
  const v = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  const config: ConfigPatch = {};
  const port = v('port') === undefined ? 8081 : integer('port', v('port') ?? '', 0, 65535);
  if (v('mps') !== undefined) config.mps = limit('mps', v('mps') ?? '');
  if (v('latency-ms') !== undefined) config.latency_ms = integer('latency-ms', v('latency-ms') ?? '', 0, 120_000);
  if (v('status-latency-ms') !== undefined) {
    config.status_latency_ms = integer('status-latency-ms', v('status-latency-ms') ?? '', 0, 3_600_000);
  }
  const url = v('webhook-url');
  if (url !== undefined) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new FlagError(`invalid value for --webhook-url: "${url}" (expected an http(s) URL)`);
    }
    config.webhook_url = url;
  }
  for (const [flag, key] of [['app-secret', 'app_secret'], ['verify-token', 'verify_token'], ['access-token', 'access_token']] as const) {
    const value = v(flag);
    if (value === undefined) continue;
    if (value === '') throw new FlagError(`invalid value for --${flag}: must not be empty`);
    config[key] = value;
  }
  const phoneNumberId = v('phone-number-id');
  if (phoneNumberId !== undefined) {
    if (!/^\d{1,32}$/.test(phoneNumberId)) throw new FlagError(`invalid value for --phone-number-id: "${phoneNumberId}" (expected digits)`);
    config.phone_number_id = phoneNumberId;
  }
  if (v('webhooks') !== undefined) config.webhooks = onOff('webhooks', v('webhooks') ?? '');
  if (v('pair-rate') !== undefined) config.pair_rate = onOff('pair-rate', v('pair-rate') ?? '');
  if (v('messaging-limit') !== undefined) config.messaging_limit = limit('messaging-limit', v('messaging-limit') ?? '');
  return { port, config, help: values.help === true };
}

/**
 * The emulator alone: `npm run emulator -- --port N --mps N --latency-ms N --webhook-url U
 * --app-secret S --verify-token T --phone-number-id P --webhooks on|off --pair-rate on|off
 * --messaging-limit N`. Listens on 127.0.0.1 with its own clock (system time + an offset that
 * `POST /emulator/_control/clock` advances) and prints its base URL.
 */
import Fastify from 'fastify';
import { OffsetClock } from '../lib/clock.js';
import type { Emulator } from './emulator.core.js';
import { emulatorPlugin } from './emulator.plugin.js';
import { USAGE, parseFlags } from './main.flags.js';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    process.exit(2);
  }
  if (flags.help) {
    say(USAGE);
    return;
  }
  const clock = new OffsetClock();
  const app = Fastify({ logger: { level: 'warn' } });
  const ref: { emulator?: Emulator } = {};
  await app.register(emulatorPlugin, {
    prefix: '/emulator',
    clock,
    advanceClock: async (seconds) => clock.setOffset(clock.offset + seconds * 1000),
    config: flags.config,
    onReady: (emulator) => {
      ref.emulator = emulator;
    },
  });
  const address = await app.listen({ host: '127.0.0.1', port: flags.port });
  say(`WhatsApp Cloud API emulator listening at http://127.0.0.1:${new URL(address).port}/emulator`);
  const config = ref.emulator?.config;
  if (config) {
    say(`phone number id ${config.phone_number_id} · webhooks ${config.webhooks ? `to ${config.webhook_url ?? '(no URL yet)'}` : 'off'}`);
    if (flags.config.app_secret === undefined) say(`generated app secret: ${config.app_secret}`);
    if (flags.config.verify_token === undefined) say(`generated verify token: ${config.verify_token}`);
  }
  const stop = (): void => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();

/**
 * In emulator mode the built-in WhatsApp emulator is served under /emulator (decisions 11–13):
 * it reads and advances the product's one clock, posts its signed webhooks to this process's
 * /webhooks/whatsapp, and its control API answers only loopback clients or the admin token.
 */
import type { FastifyInstance } from 'fastify';
import type { Container } from '../container.js';
import type { Emulator } from '../emulator/emulator.core.js';
import { emulatorPlugin, loopbackOrBearer } from '../emulator/emulator.plugin.js';
import { emulatorTeaserTemplates } from '../modules/broadcasts/teaser.seed.js';
import { readSeed } from '../modules/town/town.seed.js';

const mounted = new WeakMap<FastifyInstance, Emulator>();

export async function mountEmulator(app: FastifyInstance, container: Container): Promise<void> {
  const { config } = container;
  await app.register(emulatorPlugin, {
    prefix: '/emulator',
    clock: container.clock,
    advanceClock: (seconds) => container.clock.advance(seconds),
    config: {
      phone_number_id: config.whatsapp.phoneNumberId,
      ...(config.whatsapp.businessAccountId ? { waba_id: config.whatsapp.businessAccountId } : {}),
      access_token: config.whatsapp.accessToken,
      app_secret: config.whatsapp.appSecret,
      verify_token: config.whatsapp.verifyToken,
      webhook_url: `${config.internalUrl}/webhooks/whatsapp`,
      mps: config.whatsapp.mps,
      messaging_limit: config.whatsapp.messagingLimit,
      // The town's teaser templates, approved as Meta would after review (issue 10).
      templates: emulatorTeaserTemplates(readSeed(config.townSeedFile)),
      ...(config.whatsapp.displayNumber ? { display_phone_number: config.whatsapp.displayNumber.replace(/\D/g, '') } : {}),
    },
    controlAccess: loopbackOrBearer(config.admin.token),
    onReady: (emulator) => mounted.set(app, emulator),
  });
}

/** The built-in emulator of an app (tests, the simulator). */
export function emulatorOf(app: FastifyInstance): Emulator | undefined {
  return mounted.get(app);
}

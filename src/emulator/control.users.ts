/**
 * Control API, citizens: create and list users, let a user write (any inbound type), read a
 * user's inbox (what the business sent with status history, and the user's own messages, in
 * order), and let a user read the business's messages.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import type { Emulator } from './emulator.core.js';
import { windowOpen, WINDOW_MS } from './emulator.rules.js';
import type { EmulatedUser, OutboundRecord, TimelineRecord } from './emulator.state.js';
import { ControlError } from './control.errors.js';
import { inboundSchema, receiveInbound } from './inbound.builder.js';

const createUserSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    phone: z
      .string()
      .regex(/^\+?[\d\s()-]{5,30}$/)
      .optional(),
    bsuid: z.string().min(3).max(256).optional(),
    username: z.string().min(1).max(64).optional(),
    language: z.string().min(2).max(15).default('de'),
    country_code: z
      .string()
      .regex(/^[A-Za-z]{2}$/)
      .optional(),
  })
  .strict();

export function userView(emulator: Emulator, user: EmulatedUser): Record<string, unknown> {
  const now = emulator.nowMs();
  const open = windowOpen(user.last_inbound_ms, now);
  return {
    id: user.id,
    name: user.name,
    phone: user.phone,
    bsuid: user.bsuid,
    username: user.username,
    language: user.language,
    country_code: user.country_code,
    created_at: user.created_at,
    last_inbound_at: user.last_inbound_ms === null ? null : new Date(user.last_inbound_ms).toISOString(),
    window_open: open,
    window_closes_at: open && user.last_inbound_ms !== null ? new Date(user.last_inbound_ms + WINDOW_MS).toISOString() : null,
  };
}

function itemView(record: TimelineRecord): Record<string, unknown> {
  if (record.direction === 'in') return { ...record };
  const { pricing_pending_final: _pending, failure, ...rest } = record;
  return { ...rest, error: failure };
}

function getUser(emulator: Emulator, id: string): EmulatedUser {
  const user = emulator.store.users.get(id);
  if (!user) throw new ControlError(404, 'emulator/user_not_found', `No user ${id}.`);
  return user;
}

async function readInboundRequest(request: FastifyRequest): Promise<{ input: unknown; file: Buffer | null }> {
  if (!request.isMultipart()) return { input: request.body, file: null };
  const fields: Record<string, unknown> = {};
  let file: Buffer | null = null;
  for await (const part of request.parts({ limits: { fileSize: 100 * 1024 * 1024, files: 1 } })) {
    if (part.type === 'file') {
      file = await part.toBuffer();
      fields.mime_type ??= part.mimetype;
      fields.filename ??= part.filename;
    } else fields[part.fieldname] = String(part.value);
  }
  const { mime_type, voice, animated, latitude, longitude, ...rest } = fields;
  const input: Record<string, unknown> = { ...rest };
  if (file) input.media = { data_base64: 'multipart', mime_type };
  for (const [key, value] of Object.entries({ voice, animated })) if (value !== undefined) input[key] = value === 'true';
  for (const [key, value] of Object.entries({ latitude, longitude })) if (value !== undefined) input[key] = Number(value);
  return { input, file };
}

export function registerUserRoutes(app: FastifyInstance, emulator: Emulator): void {
  app.post('/users', async (request, reply) => {
    const input = createUserSchema.parse(request.body ?? {});
    const store = emulator.store;
    let phone: string | null = null;
    if (input.phone) {
      phone = input.phone.replace(/\D/g, '');
      if (store.usersByPhone.has(phone)) throw new ControlError(409, 'emulator/user_exists', 'A user with this phone number exists.', 'phone');
    }
    if (input.bsuid && store.usersByBsuid.has(input.bsuid)) {
      throw new ControlError(409, 'emulator/user_exists', 'A user with this BSUID exists.', 'bsuid');
    }
    const country = (input.country_code ?? (phone ? parsePhoneNumberFromString(`+${phone}`)?.country : undefined) ?? 'DE').toUpperCase();
    const user = store.addUser({
      name: input.name ?? (phone ? `+${phone}` : (input.username ?? 'Bürger')),
      phone,
      bsuid: input.bsuid,
      username: input.username ?? null,
      language: input.language,
      country_code: country,
      created_at: emulator.clock.now().toISOString(),
      last_inbound_ms: null,
    });
    return reply.code(201).send(userView(emulator, user));
  });

  app.get('/users', async () => ({ users: [...emulator.store.users.values()].map((user) => userView(emulator, user)) }));

  app.get<{ Params: { id: string } }>('/users/:id', async (request) => userView(emulator, getUser(emulator, request.params.id)));

  app.post<{ Params: { id: string } }>(
    '/users/:id/messages',
    { bodyLimit: 140 * 1024 * 1024 },
    async (request, reply) => {
      const user = getUser(emulator, request.params.id);
      const { input, file } = await readInboundRequest(request);
      const parsed = inboundSchema.parse(input);
      const record = receiveInbound(emulator, user, parsed, file);
      return reply.code(201).send({ wamid: record.wamid, message: record.message });
    },
  );

  app.get<{ Params: { id: string }; Querystring: { since?: string } }>('/users/:id/inbox', async (request) => {
    const user = getUser(emulator, request.params.id);
    const timeline = emulator.store.timelines.get(user.id) ?? [];
    const since = Math.max(0, Number(request.query.since ?? 0) || 0);
    return {
      user: userView(emulator, user),
      typing: (emulator.typingUntil.get(user.id) ?? 0) > emulator.nowMs(),
      items: timeline.slice(since).map(itemView),
      next: timeline.length,
    };
  });

  app.post<{ Params: { id: string } }>('/users/:id/read', async (request) => {
    const user = getUser(emulator, request.params.id);
    const body = z.object({ up_to_wamid: z.string().min(1).optional() }).strict().parse(request.body ?? {});
    const records: OutboundRecord[] = [];
    for (const record of emulator.store.timelines.get(user.id) ?? []) {
      if (record.direction === 'out') records.push(record);
      if (record.wamid === body.up_to_wamid) break;
    }
    return { read: emulator.scheduler.markRead(records) };
  });
}

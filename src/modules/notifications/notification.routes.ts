/** The signed-in person's notifications: list, unread count (the badge), mark read. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { userOf } from '../../http/auth.js';
import { guardedErrors, idParam, writeErrors } from '../../http/schemas.js';

const notificationSchema = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  created_at: z.string(),
  read_at: z.string().nullable(),
});

export async function notificationRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/notifications',
    {
      config: { access: 'user' },
      schema: {
        summary: 'Your notifications, newest first',
        tags: ['notifications'],
        querystring: z.object({
          unread: z.enum(['true', 'false']).optional(),
          before_id: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ data: z.array(notificationSchema), unread_count: z.number() }), ...guardedErrors },
      },
    },
    async (request) =>
      container.notifications.list(container.db, userOf(request).userId, {
        unreadOnly: request.query.unread === 'true',
        beforeId: request.query.before_id,
        limit: request.query.limit,
      }),
  );

  r.get(
    '/api/notifications/unread-count',
    {
      config: { access: 'user' },
      schema: { summary: 'How many of your notifications are unread', tags: ['notifications'], response: { 200: z.object({ data: z.object({ unread_count: z.number() }) }), ...guardedErrors } },
    },
    async (request) => ({ data: { unread_count: await container.notifications.unreadCount(container.db, userOf(request).userId) } }),
  );

  r.post(
    '/api/notifications/:id/read',
    {
      config: { access: 'user' },
      schema: { summary: 'Mark a notification read', tags: ['notifications'], params: idParam, response: { 200: z.object({ data: notificationSchema }), ...writeErrors } },
    },
    async (request) => ({ data: await container.notifications.markRead(container.db, userOf(request).userId, request.params.id) }),
  );

  r.post(
    '/api/notifications/read-all',
    {
      config: { access: 'user' },
      schema: { summary: 'Mark all your notifications read', tags: ['notifications'], response: { 200: z.object({ data: z.object({ marked: z.number() }) }), ...guardedErrors } },
    },
    async (request) => ({ data: { marked: await container.notifications.markAllRead(container.db, userOf(request).userId) } }),
  );
}

/** Public holidays: list by year (settings read), add and remove (settings write). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { contextOf } from '../../http/auth.js';
import { errorSchema, guardedErrors, idParam, isoDate, text, writeErrors } from '../../http/schemas.js';

const holidaySchema = z.object({ id: z.number(), date: z.string(), name: z.string() });

export async function holidayRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/holidays',
    {
      config: { access: 'settings.read' },
      schema: {
        summary: 'Public holidays (excluded from deadlines), of one year or all',
        tags: ['settings'],
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: z.object({ data: z.array(holidaySchema) }), ...guardedErrors, 422: errorSchema },
      },
    },
    async (request) => {
      const year = request.query.year;
      const range = year ? { from: `${year}-01-01`, to: `${year}-12-31` } : { from: '0000-01-01', to: '9999-12-31' };
      return { data: await container.holidays.list(container.db, range) };
    },
  );

  r.post(
    '/api/holidays',
    {
      config: { access: 'settings.write' },
      schema: { summary: 'Add a public holiday', tags: ['settings'], body: z.object({ date: isoDate, name: text(200) }), response: { 201: z.object({ data: holidaySchema }), ...writeErrors } },
    },
    async (request, reply) => reply.status(201).send({ data: await container.holidays.create(container.db, contextOf(request), request.body) }),
  );

  r.delete(
    '/api/holidays/:id',
    {
      config: { access: 'settings.write' },
      schema: { summary: 'Remove a public holiday', tags: ['settings'], params: idParam, response: { 200: z.object({ data: z.object({ deleted: z.literal(true) }) }), ...writeErrors } },
    },
    async (request) => {
      await container.holidays.remove(container.db, contextOf(request), request.params.id);
      return { data: { deleted: true as const } };
    },
  );
}

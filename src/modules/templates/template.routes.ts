/**
 * The template registry (decision 17 "templates": admin and editor change, approver reads):
 * list, which message kinds a template stands in for, and a sync with the platform now.
 * Templates themselves are created and approved in Meta's WhatsApp Manager, not here.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { contextOf } from '../../http/auth.js';
import { errorSchema, guardedErrors, idParam, writeErrors } from '../../http/schemas.js';
import { TEMPLATE_KINDS } from './template-registry.service.js';

const kind = z.enum(TEMPLATE_KINDS);

const templateSchema = z.object({
  id: z.number(),
  name: z.string(),
  language: z.string(),
  category: z.string().describe('utility | marketing | authentication (as Meta bills it now)'),
  status: z.string().describe('approved | pending | rejected | paused | disabled | …'),
  status_reason: z.string().nullable(),
  body: z.string(),
  parameter_count: z.number(),
  serves: z.array(kind).describe('message kinds this template stands in for outside the 24-hour window'),
  updated_at: z.string(),
});

export async function templateRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/templates',
    {
      config: { access: 'templates.read' },
      schema: { summary: 'Message templates approved in Meta’s WhatsApp Manager, and what each stands in for', tags: ['templates'], response: { 200: z.object({ data: z.array(templateSchema) }), ...guardedErrors } },
    },
    async () => ({ data: await container.templates.list(container.db) }),
  );

  r.patch(
    '/api/templates/:id',
    {
      config: { access: 'templates.write' },
      schema: {
        summary: 'Set which message kinds a template stands in for outside the 24-hour window',
        tags: ['templates'],
        params: idParam,
        body: z.object({ serves: z.array(kind).max(TEMPLATE_KINDS.length) }),
        response: { 200: z.object({ data: templateSchema }), ...writeErrors },
      },
    },
    async (request) => ({ data: await container.templates.setServes(container.db, contextOf(request), request.params.id, request.body.serves) }),
  );

  r.post(
    '/api/templates/sync',
    {
      config: { access: 'templates.write' },
      schema: {
        summary: 'Sync the registry with the platform’s template list now',
        tags: ['templates'],
        response: { 200: z.object({ data: z.object({ synced: z.number() }) }), ...guardedErrors, 409: errorSchema, 502: errorSchema },
      },
    },
    async (request) => ({ data: await container.templates.syncNow(contextOf(request)) }),
  );
}

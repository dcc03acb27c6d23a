/** The audit log, searchable (audit capability). There is no route that changes or deletes it. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { guardedErrors, errorSchema } from '../../http/schemas.js';

const entrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actor_type: z.string(),
  actor_id: z.number().nullable(),
  actor_label: z.string(),
  action: z.string(),
  subject_type: z.string().nullable(),
  subject_id: z.string().nullable(),
  detail: z.unknown(),
  ip: z.string().nullable(),
});

export async function auditRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/audit',
    {
      config: { access: 'audit.read' },
      schema: {
        summary: 'Search the audit log (newest first; page with before_id)',
        tags: ['audit'],
        querystring: z.object({
          q: z.string().trim().max(200).optional(),
          action: z.string().trim().max(64).optional(),
          actor: z.string().trim().max(320).optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
          before_id: z.coerce.number().int().positive().optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ data: z.array(entrySchema), next_before_id: z.number().nullable() }), ...guardedErrors, 422: errorSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await container.audit.search(container.db, {
        q: q.q || undefined,
        action: q.action || undefined,
        actor: q.actor || undefined,
        from: q.from ? Date.parse(q.from) : undefined,
        to: q.to ? Date.parse(q.to) : undefined,
        beforeId: q.before_id,
        limit: q.limit,
      });
      return {
        data: rows.map((row) => ({
          id: row.id,
          at: new Date(row.at).toISOString(),
          actor_type: row.actor_type,
          actor_id: row.actor_id,
          actor_label: row.actor_label,
          action: row.action,
          subject_type: row.subject_type,
          subject_id: row.subject_id,
          detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown),
          ip: row.ip,
        })),
        next_before_id: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
      };
    },
  );
}

/**
 * The case API (issue 12): list with filters and paging, one case (id or reference), transitions
 * (409 lists the allowed ones), replies to the citizen and the followers. Rules and scope in
 * case.handling.service.ts; roles per decision 17 (`cases.read`, `cases.act`).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.js';
import { contextOf } from '../../http/auth.js';
import { guardedErrors, writeErrors } from '../../http/schemas.js';
import { CASE_STATUSES } from './case.workflow.js';
import { MAX_REPLY_LENGTH } from './case.handling.service.js';

const caseParam = z.object({ id: z.string().regex(/^(\d{1,12}|[A-Za-z0-9/._-]{1,40})$/, 'a case id or reference') });
const status = z.enum(CASE_STATUSES);
const boolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

const listQuery = z.object({
  status: z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()))
    .pipe(z.array(status).min(1))
    .optional(),
  category: z.string().max(64).optional(),
  department: z.coerce.number().int().positive().optional(),
  assignee: z.coerce.number().int().positive().optional(),
  overdue: boolParam.optional(),
  text: z.string().trim().min(1).max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(25),
});

const caseSchema = z.looseObject({ id: z.number(), reference: z.string(), status, kind: z.string() });

export async function caseRoutes(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cases = container.caseHandling;

  r.get(
    '/api/cases',
    {
      config: { access: 'cases.read' },
      schema: {
        summary: 'Cases, newest first (case workers: their departments; integrations: released cases only)',
        tags: ['cases'],
        querystring: listQuery,
        response: { 200: z.object({ data: z.array(caseSchema), meta: z.object({ page: z.number(), per_page: z.number(), total: z.number() }) }), ...guardedErrors, 422: writeErrors[422] },
      },
    },
    async (request) => cases.list(container.db, contextOf(request), request.query),
  );

  r.get(
    '/api/cases/:id',
    {
      config: { access: 'cases.read' },
      schema: { summary: 'One case by id or reference, with its history', tags: ['cases'], params: caseParam, response: { 200: z.object({ data: caseSchema }), ...guardedErrors, 404: writeErrors[404] } },
    },
    async (request) => ({ data: await cases.get(container.db, contextOf(request), request.params.id) }),
  );

  r.post(
    '/api/cases/:id/transitions',
    {
      config: { access: 'cases.act' },
      schema: {
        summary: 'Move a case through the workflow (409 lists the allowed states; `version` guards against lost updates)',
        tags: ['cases'],
        params: caseParam,
        body: z.object({
          to: status,
          version: z.int().min(1),
          reason: z.string().trim().max(2000).optional(),
          forwarded_to: z.string().trim().max(200).optional(),
          duplicate_of: z.string().trim().max(40).optional(),
        }),
        response: { 200: z.object({ data: caseSchema }), ...writeErrors },
      },
    },
    async (request) => ({ data: await cases.transition(container.db, contextOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/cases/:id/replies',
    {
      config: { access: 'cases.act' },
      schema: {
        summary: 'Reply to the citizen and every follower (free text in the window, else the case-update template first)',
        tags: ['cases'],
        params: caseParam,
        body: z.object({ text: z.string().max(MAX_REPLY_LENGTH * 2), version: z.int().min(1).optional() }),
        response: { 200: z.object({ data: caseSchema }), ...writeErrors },
      },
    },
    async (request) => ({ data: await cases.reply(container.db, contextOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/cases/:id/notes',
    {
      config: { access: 'cases.act' },
      schema: { summary: 'An internal note (never sent to the citizen)', tags: ['cases'], params: caseParam, body: z.object({ text: z.string().max(4000) }), response: { 200: z.object({ data: caseSchema }), ...writeErrors } },
    },
    async (request) => ({ data: await cases.note(container.db, contextOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/cases/:id/assign',
    {
      config: { access: 'cases.act' },
      schema: {
        summary: 'Assign the case to a person (a case worker of its department, an admin or approver) or to nobody',
        tags: ['cases'],
        params: caseParam,
        body: z.object({ user_id: z.int().positive().nullable(), version: z.int().min(1) }),
        response: { 200: z.object({ data: caseSchema }), ...writeErrors },
      },
    },
    async (request) => ({ data: await cases.assign(container.db, contextOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/cases/:id/handover',
    {
      config: { access: 'cases.act' },
      schema: {
        summary: 'Hand the case to another category (its department follows) or department, with a reason',
        tags: ['cases'],
        params: caseParam,
        body: z.object({ category: z.string().max(64).optional(), department_id: z.int().positive().optional(), reason: z.string().max(2000), version: z.int().min(1) }),
        response: { 200: z.object({ data: caseSchema }), ...writeErrors },
      },
    },
    async (request) => {
      const moved = await container.caseActions.handover(container.db, contextOf(request), request.params.id, request.body);
      // A case handed to another department may leave the caller's scope: then only what moved.
      const readable = await cases.readable(container.db, contextOf(request), moved.id);
      return { data: readable ? await cases.get(container.db, contextOf(request), String(moved.id)) : moved };
    },
  );

  r.post(
    '/api/cases/:id/release',
    {
      config: { access: 'cases.act' },
      schema: {
        summary: 'Release the case for the public page: a public summary and the photos to show',
        tags: ['cases'],
        params: caseParam,
        body: z.object({ public_summary: z.string().max(1000), photo_ids: z.array(z.int().positive()).max(10), version: z.int().min(1) }),
        response: { 200: z.object({ data: caseSchema }), ...writeErrors },
      },
    },
    async (request) => {
      const id = await container.caseActions.release(container.db, contextOf(request), request.params.id, request.body);
      return { data: await cases.get(container.db, contextOf(request), String(id)) };
    },
  );
}

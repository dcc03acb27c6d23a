/**
 * Case handling for staff and integrations (issue 12): the list with its filters, one case,
 * transitions through the workflow (case.workflow.ts) with optimistic locking on `version`, and
 * replies — each change with its history row and the updates to the citizen and every follower
 * written to the outbox in the same transaction (D57, D58). Scope per decision 17: admins and
 * approvers all cases, case workers their departments, integrations released cases only.
 */
import type { OutgoingMessage } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { CaseFileRow, CaseStatus } from '../../db/schema.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { isLanguage, type Language } from '../../lib/language.js';
import { caseActScope, caseScope } from '../auth/auth.policy.js';
import { describeActor, type RequestContext } from '../auth/principal.js';
import { createTexts, usableOverrides, type Texts } from '../dialogue/catalogue/index.js';
import { DIALOGUE_TEXTS_SETTING } from '../dialogue/dialogue.service.js';
import type { NotificationService } from '../notifications/notification.service.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { userRepository } from '../users/user.repository.js';
import { townRepository } from '../town/town.repository.js';
import { caseRepository, type CaseFilter } from './case.repository.js';
import { allowedTransitions, CLOSED_STATUSES, transition } from './case.workflow.js';

/** The "solved?" buttons' ids: `case:solved:yes:<case id>`, `case:solved:no:<case id>`. */
export const SOLVED_CHOICE = 'case:solved:';
/** The body of an interactive message: at most 1,024 characters. */
const MAX_BUTTONS_TEXT = 1024;

/** A reply is one WhatsApp text: at most 4,096 characters. */
export const MAX_REPLY_LENGTH = 4096;

export interface CaseListQuery {
  status?: CaseStatus[];
  category?: string;
  department?: number;
  assignee?: number;
  overdue?: boolean;
  text?: string;
  page: number;
  per_page: number;
}

export interface TransitionInput {
  to: CaseStatus;
  version: number;
  reason?: string | undefined;
  forwarded_to?: string | undefined;
  duplicate_of?: string | undefined;
}

type Row = CaseFileRow & { category_key?: string; category_names?: string };

function toDto(row: Row, now: number, released: boolean) {
  const base = {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    status: row.status,
    category_id: row.category_id,
    department_id: row.department_id,
    latitude: row.latitude,
    longitude: row.longitude,
    created_at: new Date(Number(row.created_at)).toISOString(),
    status_changed_at: new Date(Number(row.status_changed_at)).toISOString(),
    public_summary: row.public_summary,
    released_at: row.released_at === null ? null : new Date(Number(row.released_at)).toISOString(),
  };
  if (released) return base;
  return {
    ...base,
    category_key: row.category_key ?? null,
    assignee_user_id: row.assignee_user_id,
    description: row.description,
    address: row.address,
    outside_boundary: row.outside_boundary === 1,
    deadline_date: row.deadline_date,
    overdue: !CLOSED_STATUSES.includes(row.status) && Number(row.due_at) < now,
    citizen: row.contact_id === null ? ('none' as const) : ('present' as const),
    forwarded_to: row.forwarded_to,
    duplicate_of_case_id: row.duplicate_of_case_id,
    citizen_solved: row.citizen_solved === null ? null : row.citizen_solved === 1,
    closed_at: row.closed_at === null ? null : new Date(Number(row.closed_at)).toISOString(),
    updated_at: new Date(Number(row.updated_at)).toISOString(),
    allowed_transitions: allowedTransitions(row.status),
    version: row.version,
  };
}

export type CaseDto = ReturnType<typeof toDto>;

function departmentsOf(ctx: RequestContext): number[] {
  return ctx.principal?.kind === 'user' ? ctx.principal.departmentIds : [];
}

/** The list filter's scope part for the caller. */
function readScope(ctx: RequestContext): Pick<CaseFilter, 'departments' | 'releasedOnly'> {
  const scope = caseScope(ctx.principal?.roles ?? []);
  if (scope === 'all') return {};
  if (scope === 'own_departments') return { departments: departmentsOf(ctx) };
  if (scope === 'released') return { releasedOnly: true };
  throw forbidden();
}

function mayRead(ctx: RequestContext, row: CaseFileRow): boolean {
  const s = readScope(ctx);
  if (s.departments && !s.departments.includes(row.department_id)) return false;
  return !(s.releasedOnly && row.released_at === null);
}

function mayAct(ctx: RequestContext, row: CaseFileRow): boolean {
  const scope = caseActScope(ctx.principal?.roles ?? []);
  return scope === 'all' || (scope === 'own_departments' && departmentsOf(ctx).includes(row.department_id));
}

function actorOf(ctx: RequestContext): { actor_type: string; actor_id: number | null } {
  const a = describeActor(ctx.principal);
  return { actor_type: a.type === 'bootstrap' ? 'system' : a.type, actor_id: a.id };
}

/** A case by internal id or reference. */
export const findCase = async (db: Database, idOrReference: string): Promise<CaseFileRow | undefined> =>
  /^\d+$/.test(idOrReference) ? caseRepository.findById(db, Number(idOrReference)) : caseRepository.findByReference(db, idOrReference);
const find = findCase;

/** Loads a case the caller may act on, at the version they read; else the right error. */
export async function forAction(trx: Database, ctx: RequestContext, idOrReference: string, version?: number): Promise<CaseFileRow> {
  const row = await find(trx, idOrReference);
  if (!row || !mayRead(ctx, row)) throw notFound('case/not_found', 'No such case');
  if (!mayAct(ctx, row)) throw forbidden('This case belongs to a department you do not work for');
  if (version !== undefined && row.version !== version) throw conflict('case/version_conflict', 'The case was changed meanwhile; reload it and try again', { current_version: row.version });
  return row;
}

export const actorOfContext = (ctx: RequestContext) => actorOf(ctx);

export function createCaseHandlingService(deps: { clock: Clock; outbox: OutboxService; notifications: NotificationService }) {

  const texts = async (db: Database): Promise<Texts> => createTexts(usableOverrides(await townRepository.getSetting<unknown>(db, DIALOGUE_TEXTS_SETTING)).usable);

  /**
   * The updates to everyone following the case, in the caller's transaction: the full text, with
   * the template's parameters for outside the window. `askSolved`: the reporter's message carries
   * the "solved?" buttons (when it fits one interactive message).
   */
  const tellFollowers = async (trx: Database, c: CaseFileRow, build: (t: Texts, language: Language) => { text: string; status: string }, cause: string, askSolved = false) => {
    const t = await texts(trx);
    const recipients = await caseRepository.recipients(trx, c.id);
    for (const r of recipients) {
      const language: Language = isLanguage(r.language) ? r.language : isLanguage(c.language) ? c.language : 'de';
      const m = build(t, language);
      const question = `${m.text}\n\n${t.text(language, 'case.solved.question')}`;
      const message: OutgoingMessage =
        askSolved && r.role === 'reporter' && question.length <= MAX_BUTTONS_TEXT
          ? { type: 'buttons', text: question, buttons: [{ id: `${SOLVED_CHOICE}yes:${c.id}`, title: t.text(language, 'case.solved.yes') }, { id: `${SOLVED_CHOICE}no:${c.id}`, title: t.text(language, 'case.solved.no') }] }
          : { type: 'text', text: m.text };
      await deps.outbox.enqueue(trx, { contactId: r.id, kind: 'case_update', message, fallbackParams: [c.reference, m.status], cause });
    }
    return recipients.length;
  };


  const service = {
    /** The citizen texts with the town's overrides (for the chat answers of the case module). */
    texts,

    async list(db: Database, ctx: RequestContext, q: CaseListQuery) {
      const now = deps.clock.now().getTime();
      const filter: CaseFilter = {
        ...readScope(ctx),
        now,
        ...(q.status ? { statuses: q.status } : {}),
        ...(q.category ? { categoryKey: q.category } : {}),
        ...(q.department !== undefined ? { departmentId: q.department } : {}),
        ...(q.assignee !== undefined ? { assigneeUserId: q.assignee } : {}),
        ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
        ...(q.text ? { text: q.text } : {}),
      };
      const released = filter.releasedOnly === true;
      const rows = await caseRepository.list(db, filter, { limit: q.per_page, offset: (q.page - 1) * q.per_page });
      const total = await caseRepository.count(db, filter);
      return { data: rows.map((r) => toDto(r, now, released)), meta: { page: q.page, per_page: q.per_page, total } };
    },

    /** True when the caller may read the case. */
    async readable(db: Database, ctx: RequestContext, id: number): Promise<boolean> {
      const row = await caseRepository.findById(db, id);
      return row !== undefined && mayRead(ctx, row);
    },

    async get(db: Database, ctx: RequestContext, idOrReference: string) {
      const row = await find(db, idOrReference);
      if (!row || !mayRead(ctx, row)) throw notFound('case/not_found', 'No such case');
      const released = readScope(ctx).releasedOnly === true;
      const dto = toDto(row, deps.clock.now().getTime(), released);
      if (released) return dto;
      const history = await caseRepository.history(db, row.id);
      const media = await caseRepository.media(db, row.id);
      return {
        ...dto,
        photos: media.map((m) => ({ id: m.id, width: m.width, height: m.height, released: m.released_at !== null, from_reporter: m.contact_id !== null && m.contact_id === row.contact_id })),
        history: history.map((h) => ({ at: new Date(Number(h.at)).toISOString(), actor_type: h.actor_type, actor_id: h.actor_id, action: h.action, from_status: h.from_status, to_status: h.to_status, reason: h.reason })),
      };
    },

    async transition(db: Database, ctx: RequestContext, idOrReference: string, input: TransitionInput) {
      const id = await db.transaction().execute(async (trx) => {
        const row = await forAction(trx, ctx, idOrReference, input.version);
        const now = deps.clock.now().getTime();
        let duplicateOf: CaseFileRow | undefined;
        if (input.to === 'duplicate' && input.duplicate_of) {
          duplicateOf = await find(trx, input.duplicate_of);
          if (!duplicateOf || !mayRead(ctx, duplicateOf)) throw invalid('case/duplicate_of_invalid', 'The case it duplicates was not found', 'duplicate_of');
        }
        const result = transition(row, { to: input.to, reason: input.reason, forwardedTo: input.forwarded_to, duplicateOf: duplicateOf ? { id: duplicateOf.id, status: duplicateOf.status } : undefined }, now);
        if (!result.ok) {
          if (result.code === 'case/invalid_transition') {
            throw new AppError(result.code, `A case that is ${row.status} cannot become ${input.to}; allowed: ${result.allowed.join(', ') || 'none'}`, 409, 'to', { allowed: result.allowed });
          }
          const what = { 'case/reason_required': 'A reason is required for this step', 'case/forwarded_to_required': 'Say to whom the case is forwarded', 'case/duplicate_of_required': 'Say which case this one duplicates', 'case/duplicate_of_invalid': 'A case cannot duplicate itself or a duplicate' }[result.code];
          throw invalid(result.code, what, result.field);
        }
        if (!(await caseRepository.updateIfVersion(trx, row.id, input.version, { ...result.patch, updated_at: now }))) {
          throw conflict('case/version_conflict', 'The case was changed meanwhile; reload it and try again');
        }
        await caseRepository.addHistory(trx, {
          case_id: row.id,
          at: now,
          ...actorOf(ctx),
          action: result.action,
          from_status: row.status,
          to_status: input.to,
          reason: input.reason?.trim() || null,
          detail: JSON.stringify({ ...(input.forwarded_to ? { forwarded_to: input.forwarded_to.trim() } : {}), ...(duplicateOf ? { duplicate_of: duplicateOf.reference } : {}) }),
        });
        await tellFollowers(
          trx,
          row,
          (t, language) => {
            const status = t.text(language, `case.status.${input.to}`);
            const lines = [t.text(language, 'case.update.status', { reference: row.reference, status })];
            if (input.to === 'forwarded') lines.push(t.text(language, 'case.update.forwarded', { to: input.forwarded_to!.trim() }));
            if (input.to === 'duplicate') lines.push(t.text(language, 'case.update.duplicate', { other: duplicateOf!.reference }));
            if (input.reason?.trim()) lines.push(t.text(language, 'case.update.reason', { reason: input.reason.trim() }));
            return { text: lines.join('\n\n'), status };
          },
          `case:${row.id}:${input.to}`,
          input.to === 'resolved',
        );
        return row.id;
      });
      return service.get(db, ctx, String(id));
    },

    async reply(db: Database, ctx: RequestContext, idOrReference: string, input: { text: string; version?: number | undefined }) {
      const text = input.text.trim();
      if (text.length === 0) throw invalid('case/reply_empty', 'The reply is empty', 'text');
      if (text.length > MAX_REPLY_LENGTH) throw invalid('case/reply_too_long', `A reply has at most ${MAX_REPLY_LENGTH} characters (WhatsApp's limit); this one has ${text.length}`, 'text');
      const id = await db.transaction().execute(async (trx) => {
        const row = await forAction(trx, ctx, idOrReference, input.version);
        if (row.contact_id === null && (await caseRepository.recipients(trx, row.id)).length === 0) {
          throw conflict('case/citizen_erased', 'The citizen who reported this case has had their data erased and nobody else follows it: a reply cannot reach anyone');
        }
        const now = deps.clock.now().getTime();
        if (!(await caseRepository.updateIfVersion(trx, row.id, row.version, { updated_at: now, first_response_at: row.first_response_at ?? now }))) {
          throw conflict('case/version_conflict', 'The case was changed meanwhile; reload it and try again');
        }
        await caseRepository.addHistory(trx, { case_id: row.id, at: now, ...actorOf(ctx), action: 'reply', from_status: null, to_status: null, reason: text, detail: null });
        await tellFollowers(
          trx,
          row,
          (t, language) => ({ text: t.text(language, 'case.update.reply', { reference: row.reference, text }), status: t.text(language, 'case.update.replied') }),
          `case:${row.id}:reply`,
        );
        return row.id;
      });
      return service.get(db, ctx, String(id));
    },

    /**
     * The reporter's answer to "solved?" (a tap, in the inbound event's transaction): recorded for
     * the figures; "no" reopens the case and tells the responsible person. Returns the reply.
     */
    async answerSolved(trx: Database, o: { contactId: number; language: Language; caseId: number; solved: boolean }): Promise<OutgoingMessage | null> {
      const row = await caseRepository.findById(trx, o.caseId);
      if (!row || row.contact_id !== o.contactId) return null;
      const t = await texts(trx);
      if (row.status !== 'resolved' || row.citizen_solved !== null) return { type: 'text', text: t.text(o.language, 'case.solved.noted', { reference: row.reference }) };
      const now = deps.clock.now().getTime();
      const patch = o.solved ? { citizen_solved: 1, updated_at: now } : { citizen_solved: 0, status: 'in_progress' as const, status_changed_at: now, closed_at: null, updated_at: now };
      if (!(await caseRepository.updateIfVersion(trx, row.id, row.version, patch))) return null;
      await caseRepository.addHistory(trx, {
        case_id: row.id,
        at: now,
        actor_type: 'citizen',
        actor_id: o.contactId,
        action: o.solved ? 'citizen_solved' : 'reopen',
        from_status: o.solved ? null : 'resolved',
        to_status: o.solved ? null : 'in_progress',
        reason: o.solved ? null : 'citizen: not solved',
        detail: JSON.stringify({ solved: o.solved }),
      });
      if (o.solved) return { type: 'text', text: t.text(o.language, 'case.solved.thanks') };
      await deps.notifications.notify(trx, {
        ...(row.assignee_user_id !== null ? { user_ids: [row.assignee_user_id] } : { department_id: row.department_id }),
        kind: 'case.reopened',
        title: { de: `Anliegen ${row.reference}: laut Bürger nicht gelöst`, en: `Case ${row.reference}: not solved, says the citizen` },
        body: { de: 'Das Anliegen ist wieder in Bearbeitung.', en: 'The case is in progress again.' },
        link: `/anliegen/${row.reference}`,
      });
      return { type: 'text', text: t.text(o.language, 'case.solved.reopened', { reference: row.reference }) };
    },

    /** An internal note: in the history for staff, never sent to the citizen. */
    async note(db: Database, ctx: RequestContext, idOrReference: string, input: { text: string }) {
      const text = input.text.trim();
      if (text.length === 0) throw invalid('case/note_empty', 'The note is empty', 'text');
      const id = await db.transaction().execute(async (trx) => {
        const row = await forAction(trx, ctx, idOrReference);
        const now = deps.clock.now().getTime();
        await caseRepository.touch(trx, row.id, now);
        await caseRepository.addHistory(trx, { case_id: row.id, at: now, ...actorOf(ctx), action: 'note', from_status: null, to_status: null, reason: text, detail: null });
        return row.id;
      });
      return service.get(db, ctx, String(id));
    },

    /** Assigns the case to a person who may work on it (a case worker of its department, an admin or approver), or to nobody. */
    async assign(db: Database, ctx: RequestContext, idOrReference: string, input: { user_id: number | null; version: number }) {
      const id = await db.transaction().execute(async (trx) => {
        const row = await forAction(trx, ctx, idOrReference, input.version);
        if (input.user_id !== null) {
          const [user] = await userRepository.activeByIds(trx, [input.user_id]);
          if (!user) throw invalid('case/assignee_unknown', 'No active person with this id', 'user_id');
          const roles = (await userRepository.rolesOf(trx, [user.id])).get(user.id) ?? [];
          const departments = (await userRepository.departmentsOf(trx, [user.id])).get(user.id) ?? [];
          const may = roles.includes('admin') || roles.includes('approver') || (roles.includes('case_worker') && departments.includes(row.department_id));
          if (!may) throw invalid('case/assignee_without_role', 'This person does not work on cases of this department (role case worker in the department, or admin or approver)', 'user_id');
        }
        const now = deps.clock.now().getTime();
        if (!(await caseRepository.updateIfVersion(trx, row.id, input.version, { assignee_user_id: input.user_id, assigned_via: input.user_id === null ? 'none' : 'manual', updated_at: now }))) {
          throw conflict('case/version_conflict', 'The case was changed meanwhile; reload it and try again');
        }
        await caseRepository.addHistory(trx, { case_id: row.id, at: now, ...actorOf(ctx), action: 'assigned', from_status: null, to_status: null, reason: null, detail: JSON.stringify({ from: row.assignee_user_id, to: input.user_id }) });
        if (input.user_id !== null && input.user_id !== (ctx.principal?.kind === 'user' ? ctx.principal.userId : null)) {
          await deps.notifications.notify(trx, {
            user_ids: [input.user_id],
            kind: 'case.assigned',
            title: { de: `Anliegen ${row.reference} ist Ihnen zugewiesen`, en: `Case ${row.reference} is assigned to you` },
            body: { de: `Antwort fällig bis ${row.deadline_date}`, en: `Answer due by ${row.deadline_date}` },
            link: `/anliegen/${row.reference}`,
          });
        }
        return row.id;
      });
      return service.get(db, ctx, String(id));
    },
  };
  return service;
}

export type CaseHandlingService = ReturnType<typeof createCaseHandlingService>;

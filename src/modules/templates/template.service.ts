/**
 * Template rules: Meta's status webhooks keep the registry current, and a message kind finds the
 * approved template that stands in for it outside the customer-service window. The staff side's
 * service (list, which kinds a template serves, sync now) is template-registry.service.ts.
 */
import type { ChannelPort, InboundEvent, OutgoingMessage } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import { templateRepository, type TemplateRow } from './template.repository.js';

const STATUS_EVENTS = new Set(['approved', 'pending', 'rejected', 'paused', 'disabled', 'flagged', 'in_appeal', 'reinstated', 'pending_deletion', 'deleted', 'archived']);

/** Applies a `template_status` event (approval state or re-categorisation) to the registry. */
export async function applyTemplateEvent(db: Database, event: Extract<InboundEvent, { kind: 'template_status' }>, nowMs: number): Promise<void> {
  if (event.event === 'category_changed' && event.category) {
    await templateRepository.updateByName(db, event.template.name, event.template.language, { category: event.category, updated_at: nowMs });
    return;
  }
  if (!STATUS_EVENTS.has(event.event)) return;
  const status = event.event === 'reinstated' ? 'approved' : event.event === 'flagged' ? 'paused' : event.event;
  await templateRepository.updateByName(db, event.template.name, event.template.language, { status, status_reason: event.reason ?? null, updated_at: nowMs });
}

/** A row's stand-in outside the window: its parameters, the kind it needs a template for (default: the row's kind), quick-reply payloads. */
export interface FallbackSpec {
  params: string[];
  serves?: string;
  quick_replies?: { index: number; payload: string }[];
}

export function parseFallback(json: string | null): FallbackSpec | null {
  if (!json) return null;
  const value = JSON.parse(json) as FallbackSpec;
  return Array.isArray(value.params) ? value : null;
}

/** The approved template for a kind in the contact's language (else German, else any). */
export function pickTemplate(candidates: TemplateRow[], language: string | null): TemplateRow | undefined {
  return candidates.find((t) => t.language === language) ?? candidates.find((t) => t.language === 'de') ?? candidates[0];
}

/** The template message that replaces a free-form one, or null when the parameters do not fit. */
export function templateMessage(template: TemplateRow, params: string[], replyTo?: string, quickReplies?: { index: number; payload: string }[]): OutgoingMessage | null {
  if (params.length !== template.parameter_count) return null;
  // Meta rejects parameters with newlines, tabs or more than four spaces in a row (132018).
  const clean = params.map((p) => p.replace(/[\n\t]+/g, ' ').replace(/ {5,}/g, '    ').trim() || '–');
  return {
    type: 'template',
    name: template.name,
    language: template.language,
    ...(clean.length > 0 ? { body: clean.map((text) => ({ text })) } : {}),
    ...(quickReplies && quickReplies.length > 0 ? { quickReplies } : {}),
    ...(replyTo ? { replyTo } : {}),
  };
}

/**
 * Syncs the registry with the platform's template list (WHATSAPP_BUSINESS_ACCOUNT_ID): status,
 * category and body follow Meta; which kinds a template serves stays the town's choice.
 */
export type SyncOutcome = { synced: number } | { error: string };

export async function syncTemplates(db: Database, channel: ChannelPort, nowMs: number): Promise<SyncOutcome> {
  if (!channel.listTemplates) return { synced: 0 };
  const result = await channel.listTemplates();
  if (!result.ok) return { error: `${result.error.code}: ${result.error.title}` };
  for (const t of result.templates) {
    await templateRepository.upsertFromPlatform(db, {
      name: t.name,
      language: t.language,
      category: t.category,
      status: t.status,
      body: t.body,
      parameter_count: t.parameterCount,
      meta_id: t.id ?? null,
      updated_at: nowMs,
    });
  }
  return { synced: result.templates.length };
}

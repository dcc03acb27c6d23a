/**
 * Builds webhook payloads exactly as Meta shapes them (whatsapp-cloud-api.md §3.3–3.6 and the
 * examples in shared/reference/whatsapp/webhooks): the `whatsapp_business_account` envelope,
 * `value.metadata`, `contacts` (with BSUID `user_id`, `profile.username`, `profile.country_code`),
 * inbound `messages`, `statuses` and template events.
 */
import type { EmulatorConfig } from './emulator.config.js';
import type { WebhookError } from './emulator.errors.js';
import type { EmulatedUser, OutboundRecord, StatusName } from './emulator.state.js';
import type { PricingInfo } from './pricing.js';
import type { CompiledTemplate } from './template.rules.js';

type Business = Pick<EmulatorConfig, 'phone_number_id' | 'display_phone_number' | 'waba_id'>;

export interface WebhookPayload {
  object: 'whatsapp_business_account';
  entry: Array<{ id: string; time?: number; changes: Array<{ value: Record<string, unknown>; field: string }> }>;
}

export function unixSeconds(ms: number): string {
  return String(Math.floor(ms / 1000));
}

function messagesPayload(business: Business, value: Record<string, unknown>): WebhookPayload {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: business.waba_id,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: business.display_phone_number, phone_number_id: business.phone_number_id },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

export function contactFor(user: EmulatedUser): Record<string, unknown> {
  const profile: Record<string, unknown> = { name: user.name };
  if (user.username) profile.username = user.username;
  profile.country_code = user.country_code;
  return { profile, wa_id: user.phone ?? '', user_id: user.bsuid };
}

/** The common head of an inbound message object: context?, from, id, timestamp, type. */
export function inboundHead(
  user: EmulatedUser,
  wamid: string,
  nowMs: number,
  type: string,
  context: { from: string; id: string } | null,
): Record<string, unknown> {
  const head: Record<string, unknown> = {};
  if (context) head.context = context;
  head.from = user.phone ?? '';
  head.id = wamid;
  head.timestamp = unixSeconds(nowMs);
  head.type = type;
  return head;
}

export function inboundPayload(business: Business, user: EmulatedUser, message: Record<string, unknown>): WebhookPayload {
  return messagesPayload(business, { contacts: [contactFor(user)], messages: [message] });
}

export interface StatusOptions {
  pricing?: PricingInfo | null;
  error?: WebhookError | null;
}

export function statusObject(
  record: OutboundRecord,
  user: EmulatedUser,
  status: StatusName,
  timestampMs: number,
  options: StatusOptions = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: record.wamid,
    status,
    timestamp: unixSeconds(timestampMs),
    recipient_id: record.to_bsuid ? '' : (user.phone ?? ''),
  };
  if (record.to_bsuid) out.recipient_user_id = user.bsuid;
  if (record.biz_opaque_callback_data !== null) out.biz_opaque_callback_data = record.biz_opaque_callback_data;
  if (options.pricing) out.pricing = { ...options.pricing };
  if (options.error) out.errors = [options.error];
  return out;
}

export function statusesPayload(business: Business, statuses: Array<Record<string, unknown>>): WebhookPayload {
  return messagesPayload(business, { statuses });
}

function accountPayload(business: Business, field: string, value: Record<string, unknown>, nowMs: number): WebhookPayload {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: business.waba_id, time: Math.floor(nowMs / 1000), changes: [{ value, field }] }],
  };
}

export function templateStatusPayload(business: Business, template: CompiledTemplate, nowMs: number): WebhookPayload {
  const value: Record<string, unknown> = {
    event: template.def.status,
    message_template_id: Number(template.id),
    message_template_name: template.def.name,
    message_template_language: template.def.language,
    reason: template.def.status === 'REJECTED' ? 'INVALID_FORMAT' : template.def.status === 'PAUSED' ? 'LOW_QUALITY' : 'NONE',
    message_template_category: template.billedCategory,
  };
  if (template.def.status === 'DISABLED') value.disable_info = { disable_date: Math.floor(nowMs / 1000) };
  return accountPayload(business, 'message_template_status_update', value, nowMs);
}

export function templateCategoryPayload(
  business: Business,
  template: CompiledTemplate,
  previousCategory: string,
  nowMs: number,
): WebhookPayload {
  return accountPayload(
    business,
    'template_category_update',
    {
      message_template_id: Number(template.id),
      message_template_name: template.def.name,
      message_template_language: template.def.language,
      previous_category: previousCategory,
      new_category: template.billedCategory,
    },
    nowMs,
  );
}

/**
 * The emulator's configuration: its shape, defaults, and the schema of a partial update
 * (`PUT /_control/config`, the plugin's `config` option, the standalone flags).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export const TEMPLATE_STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED'] as const;
export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

const templateSchema = z.object({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(15),
  category: z.enum(TEMPLATE_CATEGORIES),
  /** The category Meta applies (re-categorisation); pricing reports this one. Defaults to `category`. */
  billed_category: z.enum(TEMPLATE_CATEGORIES).optional(),
  status: z.enum(TEMPLATE_STATUSES).default('APPROVED'),
  /** Body text with `{{1}}`… or `{{name}}` placeholders. */
  body: z.string().min(1).max(1024),
  /** Optional header: text (may hold one placeholder) or a media header that needs a media parameter. */
  header: z
    .union([
      z.object({ format: z.literal('TEXT'), text: z.string().min(1).max(60) }),
      z.object({ format: z.enum(['IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION']) }),
    ])
    .optional(),
  footer: z.string().max(60).optional(),
  /** Quick-reply button labels (at most 10). */
  quick_replies: z.array(z.string().min(1).max(25)).max(10).default([]),
  /** Meta's template id; generated when absent. */
  id: z.string().regex(/^\d+$/).optional(),
});
export type TemplateDef = z.output<typeof templateSchema>;

const limitSchema = z.union([z.number().int().min(0), z.literal('unlimited')]);
/** A switch: `true`/`false`, or `"on"`/`"off"` as the command line spells it. */
const onOff = z.union([z.boolean(), z.enum(['on', 'off']).transform((value) => value === 'on')]);
const rate = z.number().min(0).max(1);

const faultsSchema = z
  .object({
    /** Share of Cloud API requests answered 500 / 131000. */
    error_rate: rate,
    /** Share of Cloud API requests answered `slow_ms` later than usual. */
    slow_rate: rate,
    slow_ms: z.number().int().min(0).max(120_000),
    /** Share of webhooks silently dropped (never delivered, never retried). */
    webhook_drop_rate: rate,
  })
  .partial()
  .strict();

const retrySchema = z
  .object({
    max_attempts: z.number().int().min(1).max(20),
    base_delay_ms: z.number().int().min(0).max(3_600_000),
    max_delay_ms: z.number().int().min(0).max(86_400_000),
    timeout_ms: z.number().int().min(100).max(120_000),
  })
  .partial()
  .strict();

/** What may be changed at run time. Every field optional; `faults` and `webhook_retry` merge. */
export const configPatchSchema = z
  .object({
    phone_number_id: z.string().regex(/^\d{1,32}$/),
    display_phone_number: z.string().regex(/^\d{6,20}$/),
    verified_name: z.string().min(1).max(200),
    waba_id: z.string().regex(/^\d{1,32}$/),
    access_token: z.string().min(1).nullable(),
    app_secret: z.string().min(1),
    verify_token: z.string().min(1),
    webhook_url: z.url({ protocol: /^https?$/ }).nullable(),
    webhooks: onOff,
    mps: limitSchema,
    latency_ms: z.number().int().min(0).max(120_000),
    status_latency_ms: z.number().int().min(0).max(3_600_000),
    auto_read: onOff,
    disorder: onOff,
    pair_rate: onOff,
    messaging_limit: limitSchema,
    webhook_concurrency: z.number().int().min(1).max(1000),
    max_messages: z.number().int().min(100).max(10_000_000),
    faults: faultsSchema,
    webhook_retry: retrySchema,
    templates: z.array(templateSchema).max(6000),
    unreachable: z.array(z.string().min(1).max(256)),
    marketing_stopped: z.array(z.string().min(1).max(256)),
  })
  .partial()
  .strict();
export type ConfigPatch = z.input<typeof configPatchSchema>;

export interface FaultConfig {
  error_rate: number;
  slow_rate: number;
  slow_ms: number;
  webhook_drop_rate: number;
}

export interface WebhookRetryConfig {
  max_attempts: number;
  base_delay_ms: number;
  max_delay_ms: number;
  timeout_ms: number;
}

export interface EmulatorConfig {
  phone_number_id: string;
  display_phone_number: string;
  verified_name: string;
  waba_id: string;
  /** Bearer token the API requires; `null` accepts any non-empty token. */
  access_token: string | null;
  app_secret: string;
  verify_token: string;
  webhook_url: string | null;
  webhooks: boolean;
  /** Requests per sliding 1,000 ms on `/messages`; `'unlimited'` (or 0) switches the check off. */
  mps: number | 'unlimited';
  /** Extra latency of every Cloud API answer. */
  latency_ms: number;
  /** Time between the accepted answer and `sent`, and between each later status. */
  status_latency_ms: number;
  auto_read: boolean;
  disorder: boolean;
  pair_rate: boolean;
  messaging_limit: number | 'unlimited';
  webhook_concurrency: number;
  /** Messages kept for inboxes; the oldest are forgotten beyond this. */
  max_messages: number;
  faults: FaultConfig;
  webhook_retry: WebhookRetryConfig;
  templates: TemplateDef[];
  unreachable: string[];
  marketing_stopped: string[];
}

export function defaultConfig(): EmulatorConfig {
  return {
    phone_number_id: '100000000000001',
    display_phone_number: '4921525550100',
    verified_name: 'Stadtbote',
    waba_id: '210200300400502',
    access_token: null,
    app_secret: randomBytes(16).toString('hex'),
    verify_token: randomBytes(12).toString('hex'),
    webhook_url: null,
    webhooks: true,
    mps: 80,
    latency_ms: 0,
    status_latency_ms: 200,
    auto_read: true,
    disorder: false,
    pair_rate: true,
    messaging_limit: 250,
    webhook_concurrency: 16,
    max_messages: 100_000,
    faults: { error_rate: 0, slow_rate: 0, slow_ms: 0, webhook_drop_rate: 0 },
    webhook_retry: { max_attempts: 6, base_delay_ms: 1000, max_delay_ms: 60_000, timeout_ms: 10_000 },
    templates: [],
    unreachable: [],
    marketing_stopped: [],
  };
}

/** Parses a patch; throws a `z.ZodError` on invalid input. */
export function parseConfigPatch(input: unknown): z.output<typeof configPatchSchema> {
  return configPatchSchema.parse(input);
}

/** Applies an already-parsed patch to a config, returning a new config object. */
export function applyConfigPatch(
  current: EmulatorConfig,
  patch: z.output<typeof configPatchSchema>,
): EmulatorConfig {
  const { faults, webhook_retry, ...rest } = patch;
  const next: EmulatorConfig = { ...current };
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
  }
  next.faults = { ...current.faults, ...stripUndefined(faults ?? {}) };
  next.webhook_retry = { ...current.webhook_retry, ...stripUndefined(webhook_retry ?? {}) };
  if (next.mps === 0) next.mps = 'unlimited';
  return next;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The public view of the config (`GET /_control/config`): everything, secrets included (control is privileged). */
export function configView(config: EmulatorConfig): EmulatorConfig {
  return structuredClone(config);
}

/** Shapes of the `/api` answers the staff app uses (snake_case, as the API sends them). */

export type Role = 'admin' | 'editor' | 'approver' | 'case_worker' | 'integration';
export type UserRole = Exclude<Role, 'integration'>;
export const USER_ROLES: UserRole[] = ['admin', 'editor', 'approver', 'case_worker'];
export const ROLES: Role[] = ['admin', 'editor', 'approver', 'case_worker', 'integration'];

export type Localized = { de: string; en: string; nl: string };
export const LANGS = ['de', 'en', 'nl'] as const;

export interface Session {
  mode: 'emulator' | 'cloud';
  time_zone: string;
  town: { name: string; service_name: string } | null;
  authenticated: boolean;
  auth: 'session' | 'token' | 'bootstrap' | null;
  user: { id: number; email: string; name: string; language: string; department_ids: number[] } | null;
  roles: Role[];
  capabilities: string[];
  csrf_token: string | null;
}

export interface Topic {
  id: number;
  key: string;
  names: Localized;
  descriptions: Localized;
  sort_order: number;
  active: boolean;
  urgent: boolean;
}

export interface Department {
  id: number;
  key: string;
  name: string;
  email: string | null;
  head_user_id: number | null;
  contact_user_id: number | null;
  deputy_user_id: number | null;
  active: boolean;
}

export interface Category {
  id: number;
  key: string;
  names: Localized;
  department_id: number;
  contact_user_id: number | null;
  deputy_user_id: number | null;
  deadline_days: number;
  sort_order: number;
  active: boolean;
}

export interface User {
  id: number;
  email: string;
  name: string;
  roles: UserRole[];
  department_ids: number[];
  language: 'de' | 'en';
  active: boolean;
  email_notifications: boolean;
  absent_from: string | null;
  absent_until: string | null;
  last_login_at: string | null;
  created_at: string;
}

export interface ApiToken {
  id: number;
  name: string;
  role: Role;
  prefix: string;
  created_by: number | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface Holiday {
  id: number;
  date: string;
  name: string;
}

export interface Retention {
  raw_webhook_days: number;
  closed_case_personal_data_days: number;
  inactive_subscriber_days: number;
  audit_log_days: number;
}

export const PRICING_CATEGORIES = ['marketing', 'utility', 'authentication', 'service'] as const;
export const MARKETS = ['DE', 'NL', 'other'] as const;

export interface RateCard {
  currency: 'EUR';
  estimate: boolean;
  note: string;
  prices: { category: (typeof PRICING_CATEGORIES)[number]; market: (typeof MARKETS)[number]; price: number }[];
}

export interface Town {
  name: string;
  service_name: string;
  reference_prefix: string;
  privacy_url: string;
  imprint_url: string;
  accessibility_url?: string;
  contact_phone?: string;
  contact_email?: string;
  center?: { latitude: number; longitude: number };
}

export interface Notification {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor_type: string;
  actor_id: number | null;
  actor_label: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  detail: unknown;
  ip: string | null;
}

/** Content classes of a notice (press law) and their checklist items (src/modules/broadcasts/content-classes.ts). */
export const CONTENT_CLASSES = ['official_notice', 'own_service', 'own_event', 'third_party_date', 'tourism'] as const;
export type ContentClass = (typeof CONTENT_CLASSES)[number];
export const CHECKLISTS: Record<ContentClass, string[]> = {
  official_notice: ['official_task', 'neutral_wording', 'no_party_politics'],
  own_service: ['own_service', 'neutral_wording', 'no_party_politics'],
  own_event: ['town_organises', 'no_coverage_of_social_life', 'no_party_politics'],
  third_party_date: ['date_place_organiser_only', 'no_editorial_writeup', 'no_party_politics'],
  tourism: ['factual_no_reviews', 'no_portraits_interviews_results', 'no_party_politics'],
};

/** What a template can stand in for outside the 24-hour window: an outbox kind, or the teaser of a content class. */
export type TemplateKind = 'dialogue_reply' | 'case_update' | 'notification' | 'broadcast' | `teaser:${ContentClass}`;
export const TEMPLATE_KINDS: TemplateKind[] = ['dialogue_reply', 'case_update', 'notification', 'broadcast', ...CONTENT_CLASSES.map((c) => `teaser:${c}` as const)];

/** A message template as Meta approved it (`GET /api/templates`). */
export interface MessageTemplate {
  id: number;
  name: string;
  language: string;
  /** utility | marketing | authentication */
  category: string;
  /** approved | pending | rejected | paused | disabled | … */
  status: string;
  status_reason: string | null;
  body: string;
  parameter_count: number;
  serves: TemplateKind[];
  updated_at: string;
}

export type BroadcastStatus = 'draft' | 'submitted' | 'returned' | 'approved' | 'scheduled' | 'sending' | 'sent' | 'cancelled';
export interface Variant {
  title: string;
  text: string;
}
export interface CostLine {
  category: string;
  market: string;
  messages: number;
  price: number;
  amount: number;
}
export interface Estimate {
  at: string;
  recipients: number;
  inside_window: number;
  outside_window: number;
  languages: Record<'de' | 'en' | 'nl', number>;
  teasers: { name: string; language: string; category: string; recipients: number }[];
  without_template: number;
  teaser_approved: boolean;
  cost: { currency: string; amount: number; estimate: boolean; lines: CostLine[] };
  follow_ups_expected: number;
  messaging_limit: { limit: number | 'unlimited'; used_last_24h: number; days: number };
  renderings: {
    free_form: { language: 'de' | 'en' | 'nl'; title: string; text: string }[];
    teaser: { language: 'de' | 'en' | 'nl'; template: string | null; status: string | null; text: string | null }[];
  };
}
/** A broadcast with its figures (`GET /api/broadcasts/{id}`). */
export interface Broadcast {
  id: number;
  status: BroadcastStatus;
  title: string;
  text: string;
  language_variants: { en?: Variant; nl?: Variant };
  topics: string[];
  content_class: ContentClass;
  checklist: string[];
  media_id: number | null;
  scheduled_at: string | null;
  not_after: string | null;
  urgent: boolean;
  author: string;
  decided_by: string | null;
  return_comment: string | null;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
  allowed_actions: string[];
  recipients: number | null;
  counts: Record<'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'expired' | 'cancelled', number>;
  reached: { sent: number; delivered: number; read: number };
  failures: { state: string; reason: string; n: number }[];
  teasers: number;
  follow_ups: number;
  cost: { currency: string; amount: number; computed_not_invoiced: true; lines: CostLine[] };
  estimate: Estimate | null;
}
export interface MediaItem {
  id: number;
  kind: 'image' | 'document';
  mime_type: string;
  filename: string;
  size_bytes: number;
}

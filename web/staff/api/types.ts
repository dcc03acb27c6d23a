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

/** Outbox kinds a template can stand in for outside the 24-hour window (the dispatcher's priority table). */
export type TemplateKind = 'dialogue_reply' | 'case_update' | 'notification' | 'broadcast';
export const TEMPLATE_KINDS: TemplateKind[] = ['dialogue_reply', 'case_update', 'notification', 'broadcast'];

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

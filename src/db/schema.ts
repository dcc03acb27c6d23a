/**
 * The database schema as Kysely types: one interface per table.
 * Times are UTC epoch milliseconds (portable and exact on SQLite and PostgreSQL; see
 * docs/decisions.md). JSON columns are text holding JSON. Booleans are 0/1 integers.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface ClockStateTable {
  id: number;
  offset_ms: number;
  updated_at: number;
}

export interface ContactTable {
  id: Generated<number>;
  /** E.164 digits without "+"; unique when set. */
  phone: string | null;
  /** The channel's opaque user id (WhatsApp BSUID); unique when set. */
  user_id: string | null;
  name: string | null;
  username: string | null;
  country_code: string | null;
  /** de | en | nl */
  language: string | null;
  created_at: number;
  updated_at: number;
  last_inbound_at: number | null;
  unreachable_since: number | null;
  marketing_stopped_at: number | null;
  /** 131056 (pair rate): no sends to this contact before this time. */
  pair_backoff_until: Generated<number | null>;
  /** X of the 4^X s backoff; reset after a successful send. */
  pair_backoff_level: Generated<number>;
  /** Dialogue (issue 8): the contact also stopped updates on their own reports (after STOP). */
  case_updates_stopped_at: Generated<number | null>;
  /** Data rights (issue 9): erased; only the identity is kept until the confirmation is sent, then the row goes. */
  erased_at: Generated<number | null>;
  /** Web form (issue 14): the address for updates; sent to only once confirmed. */
  email: Generated<string | null>;
  email_token_hash: Generated<string | null>;
  email_confirmed_at: Generated<number | null>;
}

export type InboundEventState = 'pending' | 'done' | 'ignored' | 'dead';

export interface InboundEventTable {
  id: Generated<number>;
  channel: string;
  dedupe_key: string;
  kind: string;
  order_key: string;
  event_at: number;
  received_at: number;
  /** The normalised event as JSON (its `raw` part included; personal data). */
  payload: string;
  state: InboundEventState;
  attempts: number;
  available_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  ignored_reason: string | null;
  processed_at: number | null;
}

export interface InboundMessageTable {
  id: Generated<number>;
  contact_id: number;
  channel: string;
  external_id: string;
  content_type: string;
  /** The normalised content as JSON. */
  content: string;
  reply_to: string | null;
  at: number;
  created_at: number;
}

export type OutboxState = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'expired' | 'cancelled';

export interface OutboxTable {
  id: Generated<number>;
  contact_id: number;
  channel: string;
  /** What caused it: dialogue_reply | case_update | broadcast | … */
  kind: string;
  /** Lower is sent first. */
  priority: number;
  /** The channel-neutral OutgoingMessage as JSON. */
  payload: string;
  state: OutboxState;
  attempts: number;
  available_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  not_after: number | null;
  external_id: string | null;
  error_code: string | null;
  error_reason: string | null;
  error_detail: string | null;
  pricing_category: string | null;
  pricing_type: string | null;
  cause: string | null;
  broadcast_id: number | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  delivered_at: number | null;
  read_at: number | null;
  failed_at: number | null;
  /** JSON {params: string[]}: the template parameters to use when the window is closed. */
  fallback: Generated<string | null>;
  /** Retryable errors are retried until this time (then failed). */
  retry_until: Generated<number | null>;
  /** The row that re-sent this one (template fallback after 131047). */
  replaced_by: Generated<number | null>;
}

/** Templates Meta approved (or not), and which message kinds each serves. */
export interface MessageTemplateTable {
  id: Generated<number>;
  name: string;
  language: string;
  /** utility | marketing | authentication (as Meta bills it now) */
  category: string;
  /** approved | pending | rejected | paused | disabled */
  status: string;
  body: string;
  parameter_count: number;
  /** JSON array of outbox kinds (e.g. ["case_update"]) this template stands in for outside the window. */
  serves: string;
  status_reason: string | null;
  meta_id: string | null;
  updated_at: number;
}

/** A shared rate budget (GCRA): the theoretical arrival time of the next send, in microseconds. */
export interface RateBudgetTable {
  key: string;
  tat_us: number;
  /** After a 130429: the budget runs slower until this time (ms). */
  slow_until: Generated<number>;
}

/** Who counts against the messaging limit (unique recipients outside their window per 24 h). */
export interface MessagingLimitUseTable {
  contact_id: number;
  counted_at: number;
}

export interface TopicTable {
  id: Generated<number>;
  key: string;
  /** {"de": "…", "en": "…", "nl": "…"} */
  names: string;
  descriptions: string;
  sort_order: number;
  active: number;
  /** 1 for the urgent-notices topic ("Eilmeldungen"). */
  urgent: number;
  created_at: number;
  updated_at: number;
}

export interface SubscriptionTable {
  contact_id: number;
  topic_id: number;
  created_at: number;
}

export interface ConsentTable {
  id: Generated<number>;
  contact_id: number;
  /** information (topic notices) | … */
  purpose: string;
  action: 'granted' | 'withdrawn';
  text_version: string;
  channel: string;
  at: number;
  detail: string | null;
}

/** The citizen dialogue's state per contact (issue 8; docs/dialogue.md). */
export interface DialogueStateTable {
  contact_id: number;
  /** idle | consent | topics | report */
  flow: string;
  step: string;
  /** JSON object: the flow's data. */
  data: string;
  /** guess | text | chosen */
  language_source: string;
  created_at: number;
  updated_at: number;
  /** An open flow ends by itself after this time; null when idle. */
  expires_at: number | null;
}

/** Town data and settings as JSON values under a key (e.g. `town`). */
export interface SettingTable {
  key: string;
  value: string;
  updated_at: number;
}

// --- Staff side (issue 7): users, sessions, tokens, responsibility, audit, notifications ---

export type StaffRole = 'admin' | 'editor' | 'approver' | 'case_worker' | 'integration';

export interface StaffUserTable {
  id: Generated<number>;
  /** Lower case; unique. */
  email: string;
  name: string;
  /** argon2id PHC string. */
  password_hash: string;
  /** UI and e-mail language: de | en */
  language: string;
  active: number;
  email_notifications: number;
  /** Absence period, `YYYY-MM-DD` in the town's calendar, both days included (decision 10). */
  absent_from: string | null;
  absent_until: string | null;
  password_changed_at: number;
  last_login_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface UserRoleTable {
  user_id: number;
  role: StaffRole;
}

export interface DepartmentTable {
  id: Generated<number>;
  key: string;
  name: string;
  email: string | null;
  head_user_id: number | null;
  contact_user_id: number | null;
  deputy_user_id: number | null;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface UserDepartmentTable {
  user_id: number;
  department_id: number;
}

export interface CategoryTable {
  id: Generated<number>;
  key: string;
  /** {"de": "…", "en": "…", "nl": "…"} */
  names: string;
  department_id: number;
  /** Null: the department's contact person / deputy. */
  contact_user_id: number | null;
  deputy_user_id: number | null;
  /** Deadline in working days (weekends and holidays excluded). */
  deadline_days: number;
  sort_order: number;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface HolidayTable {
  id: Generated<number>;
  /** `YYYY-MM-DD` */
  date: string;
  name: string;
  created_at: number;
}

export interface StaffSessionTable {
  /** sha256 (hex) of the cookie's value; the value itself is never stored. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  /** Absolute end of the session. */
  expires_at: number;
  ip: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  name: string;
  role: StaffRole;
  /** sha256 (hex) of the token. */
  token_hash: string;
  /** The token's first characters, to recognise it in lists. */
  prefix: string;
  created_by: number | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface LoginThrottleTable {
  /** account | address */
  kind: string;
  key: string;
  failures: number;
  last_failure_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  /** user | token | bootstrap | system | anonymous */
  actor_type: string;
  actor_id: number | null;
  actor_label: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  /** JSON; never passwords or tokens. */
  detail: string | null;
  ip: string | null;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: number;
  read_at: number | null;
}

export type MailState = 'queued' | 'sending' | 'sent' | 'failed';

export interface MailOutboxTable {
  id: Generated<number>;
  to_address: string;
  subject: string;
  text_body: string;
  notification_id: number | null;
  state: MailState;
  attempts: number;
  available_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

// --- Issue 9: tourist answers and data rights ---

export interface TouristAnswerTable {
  id: Generated<number>;
  key: string;
  /** {"de": "…", "en": "…", "nl": "…"} */
  titles: string;
  /** {"de": ["parken", "parkplatz*"], …} */
  keywords: string;
  answers: string;
  image_url: string | null;
  link_url: string | null;
  sort_order: number;
  active: number;
  created_at: number;
  updated_at: number;
}

/** Proof of an erasure: a salted hash of the identity, nothing else. */
export interface PrivacyErasureTable {
  id: Generated<number>;
  identity_hash: string;
  at: number;
  /** chat | staff */
  via: string;
}

/** A one-time link to a contact's data export (MY DATA when it is long). */
export interface PrivacyExportTable {
  id: Generated<number>;
  token_hash: string;
  contact_id: number;
  language: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

// --- Cases (issue 11; the workflow of issue 12 and the inbox of issue 13 build on them) ---

export type CaseKind = 'idea' | 'hint' | 'complaint' | 'praise';
export type CaseStatus = 'new' | 'accepted' | 'in_progress' | 'resolved' | 'rejected' | 'forwarded' | 'duplicate';

export interface CaseFileTable {
  id: Generated<number>;
  /** e.g. KE-2026-000123; unique. */
  reference: string;
  kind: CaseKind;
  status: CaseStatus;
  category_id: number;
  department_id: number;
  assignee_user_id: number | null;
  /** contact | deputy | head | none */
  assigned_via: string;
  /** The reporting citizen; null after erasure. */
  contact_id: number | null;
  channel: string;
  language: string;
  description: string;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  /** pin | geocoded | text | none */
  location_source: string;
  outside_boundary: number;
  /** `YYYY-MM-DD`, town calendar. */
  deadline_date: string;
  due_at: number;
  draft_key: string | null;
  duplicate_of_case_id: Generated<number | null>;
  created_at: number;
  updated_at: number;
  status_changed_at: number;
  first_response_at: Generated<number | null>;
  closed_at: Generated<number | null>;
  released_at: Generated<number | null>;
  version: Generated<number>;
  /** Issue 12 (0009): where a forwarded case went; the citizen's "solved?" answer (1/0). */
  forwarded_to: Generated<string | null>;
  citizen_solved: Generated<number | null>;
  overdue_reminded_at: Generated<number | null>;
  escalate_at: Generated<number | null>;
  escalated_at: Generated<number | null>;
  public_summary: Generated<string | null>;
}

export interface CaseHistoryTable {
  id: Generated<number>;
  case_id: number;
  at: number;
  /** citizen | user | token | system */
  actor_type: string;
  actor_id: number | null;
  /** created | transition | follower_added | media_added | … */
  action: string;
  from_status: string | null;
  to_status: string | null;
  reason: string | null;
  detail: string | null;
}

export interface CaseFollowerTable {
  case_id: number;
  contact_id: number;
  /** reporter | follower */
  role: string;
  created_at: number;
}

export interface CaseMediaTable {
  id: Generated<number>;
  case_id: number;
  contact_id: number | null;
  sha256: string;
  mime_type: string;
  byte_size: number;
  width: number;
  height: number;
  path: string;
  thumb_path: string;
  created_at: number;
  /** Issue 12 (0009): released for the public page with the case. */
  released_at: Generated<number | null>;
}

export interface CaseCounterTable {
  scope: string;
  value: number;
}

// --- Broadcasts (issue 10) ---

export type BroadcastStatus = 'draft' | 'submitted' | 'returned' | 'approved' | 'scheduled' | 'sending' | 'sent' | 'cancelled';

export interface BroadcastTable {
  id: Generated<number>;
  status: BroadcastStatus;
  /** German title (≤ 60 characters: a teaser parameter) and text. */
  title: string;
  text: string;
  /** JSON {"en": {"title", "text"}, "nl": {…}}. */
  language_variants: string;
  /** JSON array of topic ids. */
  topic_ids: string;
  content_class: string;
  /** JSON array of confirmed checklist items. */
  checklist: string;
  media_id: number | null;
  scheduled_at: number | null;
  not_after: number | null;
  urgent: number;
  author_type: string;
  author_id: number | null;
  author_label: string;
  submitted_at: number | null;
  decided_by_type: string | null;
  decided_by_id: number | null;
  decided_by_label: string | null;
  approved_at: number | null;
  returned_at: number | null;
  return_comment: string | null;
  started_at: number | null;
  finished_at: number | null;
  cancelled_at: number | null;
  recipients: number | null;
  /** JSON: the estimate when it was sent. */
  estimate: string | null;
  created_at: number;
  updated_at: number;
}

/** Media staff attached to a notice (stored content-addressed under MEDIA_DIR). */
export interface MediaTable {
  id: Generated<number>;
  /** image | document */
  kind: string;
  mime_type: string;
  filename: string;
  size_bytes: number;
  sha256: string;
  channel_media_id: string | null;
  channel_uploaded_at: number | null;
  created_by: string;
  created_at: number;
}

export interface DB {
  broadcast: BroadcastTable; // issue 10
  media: MediaTable; // issue 10
  message_template: MessageTemplateTable;
  rate_budget: RateBudgetTable;
  messaging_limit_use: MessagingLimitUseTable;
  clock_state: ClockStateTable;
  contact: ContactTable;
  inbound_event: InboundEventTable;
  inbound_message: InboundMessageTable;
  outbox: OutboxTable;
  topic: TopicTable;
  subscription: SubscriptionTable;
  consent: ConsentTable;
  setting: SettingTable;
  dialogue_state: DialogueStateTable; // issue 8
  staff_user: StaffUserTable;
  user_role: UserRoleTable;
  department: DepartmentTable;
  user_department: UserDepartmentTable;
  category: CategoryTable;
  holiday: HolidayTable;
  staff_session: StaffSessionTable;
  api_token: ApiTokenTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  notification: NotificationTable;
  mail_outbox: MailOutboxTable;
  tourist_answer: TouristAnswerTable; // issue 9
  privacy_erasure: PrivacyErasureTable; // issue 9
  privacy_export: PrivacyExportTable; // issue 9
  case_file: CaseFileTable; // issue 11
  case_history: CaseHistoryTable;
  case_follower: CaseFollowerTable;
  case_media: CaseMediaTable;
  case_counter: CaseCounterTable;
}

export type ContactRow = Selectable<ContactTable>;
export type NewContact = Insertable<ContactTable>;
export type ContactUpdate = Updateable<ContactTable>;
export type InboundEventRow = Selectable<InboundEventTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
export type TopicRow = Selectable<TopicTable>;
export type StaffUserRow = Selectable<StaffUserTable>;
export type DepartmentRow = Selectable<DepartmentTable>;
export type CategoryRow = Selectable<CategoryTable>;
export type HolidayRow = Selectable<HolidayTable>;
export type StaffSessionRow = Selectable<StaffSessionTable>;
export type ApiTokenRow = Selectable<ApiTokenTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type NotificationRow = Selectable<NotificationTable>;
export type MailOutboxRow = Selectable<MailOutboxTable>;
export type TouristAnswerRow = Selectable<TouristAnswerTable>;
export type CaseFileRow = Selectable<CaseFileTable>;
export type CaseMediaRow = Selectable<CaseMediaTable>;
export type CaseHistoryRow = Selectable<CaseHistoryTable>;
export type BroadcastRow = Selectable<BroadcastTable>;
export type MediaRow = Selectable<MediaTable>;

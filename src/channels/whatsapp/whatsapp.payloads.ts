/**
 * Shapes of Meta's WhatsApp Cloud API payloads (docs: whatsapp-cloud-api.md §1–§3).
 *
 * Only `src/channels/whatsapp/**` (and the emulator, which plays Meta) may know these types;
 * everything else sees the channel port (`src/channels/channel.ts`).
 *
 * Outbound types describe exactly what we send. Inbound types describe what Meta documents;
 * webhook input is still parsed from `unknown` defensively (whatsapp.inbound.ts), because a
 * signed payload must never crash the webhook, whatever its shape.
 */

// ---------------------------------------------------------------------------------------------
// Outbound: POST /{version}/{phone-number-id}/messages
// ---------------------------------------------------------------------------------------------

/** A media reference: an uploaded media id or an http(s) link (exactly one). */
export type WaMediaRef = { id: string } | { link: string };

/** Image, video and document may carry a caption; document also a filename. */
export type WaMediaObject = WaMediaRef & { caption?: string; filename?: string };

export interface WaTextHeader {
  type: 'text';
  text: string;
}

export interface WaReplyButton {
  type: 'reply';
  reply: { id: string; title: string };
}

export interface WaListSection {
  title?: string;
  rows: { id: string; title: string; description?: string }[];
}

export type WaInteractive =
  | {
      type: 'button';
      header?: WaTextHeader;
      body: { text: string };
      footer?: { text: string };
      action: { buttons: WaReplyButton[] };
    }
  | {
      type: 'list';
      header?: WaTextHeader;
      body: { text: string };
      footer?: { text: string };
      action: { button: string; sections: WaListSection[] };
    }
  | {
      type: 'location_request_message';
      body: { text: string };
      action: { name: 'send_location' };
    };

export type WaTemplateParameter =
  | { type: 'text'; text: string; parameter_name?: string }
  | { type: 'image'; image: WaMediaRef }
  | { type: 'document'; document: WaMediaRef }
  | { type: 'video'; video: WaMediaRef };

export type WaTemplateComponent =
  | { type: 'header'; parameters: WaTemplateParameter[] }
  | { type: 'body'; parameters: WaTemplateParameter[] }
  | { type: 'button'; sub_type: 'quick_reply'; index: string; parameters: { type: 'payload'; payload: string }[] };

export interface WaTemplate {
  name: string;
  /** Only `code`: Meta's own examples omit `policy` (whatsapp-cloud-api.md §1.3). */
  language: { code: string };
  components?: WaTemplateComponent[];
}

export interface WaSendBase {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** "+" and E.164 digits, or a business-scoped user id (BSUID). */
  to: string;
  context?: { message_id: string };
  /** Echoed in status webhooks (our correlation string). */
  biz_opaque_callback_data?: string;
}

/** The type-specific part of a send request. */
export type WaSendContent =
  | { type: 'text'; text: { body: string; preview_url: boolean } }
  | { type: 'image'; image: WaMediaObject }
  | { type: 'document'; document: WaMediaObject }
  | { type: 'audio'; audio: WaMediaRef }
  | { type: 'video'; video: WaMediaObject }
  | { type: 'sticker'; sticker: WaMediaRef }
  | { type: 'location'; location: { latitude: number; longitude: number; name?: string; address?: string } }
  | { type: 'interactive'; interactive: WaInteractive }
  | { type: 'template'; template: WaTemplate }
  | { type: 'reaction'; reaction: { message_id: string; emoji: string } };

/** The JSON body of a send request. */
export type WaSendBody = WaSendBase & WaSendContent;

/** Mark as read (and optionally show the typing indicator), §1.4. */
export interface WaMarkReadBody {
  messaging_product: 'whatsapp';
  status: 'read';
  message_id: string;
  typing_indicator?: { type: 'text' };
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

/** Success of POST /messages, §1.5. */
export interface WaSendResponse {
  messaging_product?: 'whatsapp';
  contacts?: { input?: string; wa_id?: string; user_id?: string }[];
  messages?: { id: string; message_status?: 'accepted' | 'held_for_quality_assessment' | 'paused' }[];
}

/** Graph API error envelope, §1.6. */
export interface WaErrorResponse {
  error: {
    message?: string;
    type?: string;
    code?: number;
    error_subcode?: number;
    error_data?: { messaging_product?: string; details?: string };
    fbtrace_id?: string;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
  };
}

/** POST /{phone-number-id}/media → the new media id, §2. */
export interface WaMediaUploadResponse {
  id: string;
}

/** GET /{media-id} → a short-lived download URL, §2. */
export interface WaMediaUrlResponse {
  messaging_product?: 'whatsapp';
  url: string;
  mime_type?: string;
  sha256?: string;
  file_size?: string | number;
  id?: string;
}

/** DELETE /{media-id} and mark-as-read. */
export interface WaSuccessResponse {
  success: boolean;
}

// ---------------------------------------------------------------------------------------------
// Inbound: webhooks, §3
// ---------------------------------------------------------------------------------------------

export interface WaWebhook {
  object: 'whatsapp_business_account';
  entry: WaEntry[];
}

export interface WaEntry {
  /** WhatsApp Business Account id. */
  id: string;
  /** Unix seconds; present on account-level fields (templates). */
  time?: number;
  changes: WaChange[];
}

export interface WaChange {
  field: string;
  value: unknown;
}

export interface WaMetadata {
  display_phone_number: string;
  phone_number_id: string;
}

export interface WaContact {
  profile?: { name?: string; username?: string; country_code?: string };
  /** Phone digits; may be "" since 2026 (BSUID era). */
  wa_id?: string;
  user_id?: string;
  parent_user_id?: string;
}

/** An error as Meta reports it in webhooks (message-, status- and value-level). */
export interface WaWebhookError {
  code: number;
  title?: string;
  message?: string;
  error_data?: { details?: string };
  href?: string;
}

export interface WaInboundMedia {
  id: string;
  mime_type?: string;
  sha256?: string;
  caption?: string;
  filename?: string;
  voice?: boolean;
  animated?: boolean;
  url?: string;
}

/** `value` of a `messages` change. */
export interface WaMessagesValue {
  messaging_product: 'whatsapp';
  metadata: WaMetadata;
  contacts?: WaContact[];
  messages?: WaInboundMessage[];
  statuses?: WaStatus[];
  errors?: WaWebhookError[];
}

export interface WaInboundMessage {
  /** Phone digits; may be "" since 2026. */
  from?: string;
  from_user_id?: string;
  id: string;
  /** Unix seconds as a string. */
  timestamp: string;
  type: string;
  context?: { from?: string; id?: string; forwarded?: boolean; frequently_forwarded?: boolean };
  text?: { body: string };
  image?: WaInboundMedia;
  document?: WaInboundMedia;
  audio?: WaInboundMedia;
  video?: WaInboundMedia;
  sticker?: WaInboundMedia;
  location?: { latitude: number; longitude: number; name?: string; address?: string; url?: string };
  interactive?:
    | { type: 'button_reply'; button_reply: { id: string; title: string } }
    | { type: 'list_reply'; list_reply: { id: string; title: string; description?: string } };
  button?: { payload: string; text: string };
  reaction?: { message_id: string; emoji?: string };
  system?: {
    type: string;
    body?: string;
    wa_id?: string;
    user_id?: string;
    previous_user_id?: string;
  };
  unsupported?: { type?: string };
  errors?: WaWebhookError[];
}

export interface WaStatus {
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed' | 'played';
  timestamp: string;
  /** Phone digits; "" when sent to a BSUID. */
  recipient_id: string;
  recipient_user_id?: string;
  recipient_type?: string;
  biz_opaque_callback_data?: string;
  conversation?: { id?: string; expiration_timestamp?: string; origin?: { type?: string } };
  pricing?: { billable?: boolean; pricing_model?: string; type?: string; category?: string };
  errors?: WaWebhookError[];
}

/** `value` of a `user_preferences` change. */
export interface WaUserPreferencesValue {
  messaging_product: 'whatsapp';
  metadata: WaMetadata;
  contacts?: WaContact[];
  user_preferences: {
    wa_id?: string;
    user_id?: string;
    detail?: string;
    category: string;
    value: string;
    /** Unix seconds (a number here). */
    timestamp: number;
  }[];
}

/** `value` of a `message_template_status_update` change. */
export interface WaTemplateStatusValue {
  event: string;
  message_template_id?: number;
  message_template_name?: string;
  message_template_language?: string;
  reason?: string | null;
  message_template_category?: string;
  other_info?: { title?: string; description?: string };
  rejection_info?: { reason?: string; recommendation?: string };
  disable_info?: { disable_date?: string | number };
}

/** `value` of a `template_category_update` change. */
export interface WaTemplateCategoryValue {
  message_template_id?: number;
  message_template_name?: string;
  message_template_language?: string;
  previous_category?: string;
  new_category?: string;
  correct_category?: string;
  category_update_timestamp?: number;
}

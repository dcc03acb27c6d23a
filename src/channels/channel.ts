/**
 * The channel port (architecture decision 3).
 *
 * Everything outside `src/channels/<channel>/` sees only these types: normalised inbound
 * events and "send this message to that identity". Payload shapes, signatures, error codes,
 * templates and the platform's rules stay inside the adapter.
 */

/** How a channel identifies a person. At least one field is set. */
export interface ChannelIdentity {
  /** E.164 digits without "+", e.g. "4921525551234". May be absent (WhatsApp usernames, 2026). */
  phone?: string;
  /** The platform's opaque user id (WhatsApp: business-scoped user id, BSUID, ≤ 256 chars). Never parsed. */
  userId?: string;
  /** A confirmed e-mail address (the e-mail channel, issue 14). */
  email?: string;
}

/** The sender of an inbound message, with what the platform tells about them. */
export interface SenderProfile extends ChannelIdentity {
  name?: string;
  username?: string;
  /** ISO 3166-1 alpha-2 hint from the platform (e.g. WhatsApp `profile.country_code`). */
  countryCode?: string;
}

export type MediaKind = 'image' | 'document' | 'audio' | 'video' | 'sticker';

/** What an inbound message carries, independent of the channel. */
export type InboundContent =
  | { type: 'text'; text: string }
  | {
      type: 'media';
      media: MediaKind;
      /** Channel media id to fetch the bytes with `ChannelPort.fetchMedia`. */
      mediaId: string;
      mimeType?: string;
      sha256?: string;
      caption?: string;
      filename?: string;
      /** audio: recorded as a voice note. */
      voice?: boolean;
      /** sticker: animated. */
      animated?: boolean;
    }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string; url?: string }
  | {
      type: 'choice';
      /** button = reply button, list = list row, template_button = quick reply of a template. */
      source: 'button' | 'list' | 'template_button';
      id: string;
      title: string;
      description?: string;
    }
  | { type: 'reaction'; messageId: string; /** null when the reaction was removed */ emoji: string | null }
  | { type: 'unsupported'; reason: string; errorCode?: number };

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'played' | 'failed';

/** What the platform reports it charges (or not) for a message. */
export interface Pricing {
  billable?: boolean;
  model?: string;
  /** e.g. regular | free_customer_service | free_entry_point */
  type?: string;
  /** e.g. marketing | utility | authentication | service */
  category?: string;
}

/** An error reported by the channel, classified (decision 6, whatsapp-cloud-api.md §5.1). */
export interface ChannelError {
  code: number | string;
  title: string;
  /** Our classification, stable across channels. */
  reason: ChannelErrorReason;
  retryable: boolean;
  /** Platform detail text (no personal data is added by us). */
  details?: string;
  httpStatus?: number;
}

export type ChannelErrorReason =
  | 'throughput'
  | 'pair_rate'
  | 'api_rate_limit'
  | 'outside_window'
  | 'unreachable'
  | 'marketing_stopped'
  | 'marketing_capped'
  | 'spam_limited'
  | 'unavailable'
  | 'maintenance'
  | 'invalid_request'
  | 'unsupported_type'
  | 'media'
  | 'template'
  | 'auth'
  | 'permission'
  | 'policy'
  | 'billing'
  | 'recipient_is_sender'
  | 'not_registered'
  | 'experiment'
  | 'limit_exceeded'
  | 'network'
  | 'unknown';

interface InboundBase {
  /** Dedupe key, unique per channel; a redelivery yields the same key. */
  key: string;
  /**
   * Events with the same order key are processed one at a time, in `at` order
   * (per contact: the phone, else the user id).
   */
  orderKey: string;
  /** When the platform says it happened. */
  at: Date;
  /** The part of the payload this event came from (kept for a limited time; personal data). */
  raw: unknown;
}

export type InboundEvent =
  | (InboundBase & {
      kind: 'message';
      externalId: string;
      from: SenderProfile;
      /** The business message this one answers or quotes. */
      replyTo?: string;
      forwarded?: boolean;
      content: InboundContent;
    })
  | (InboundBase & {
      kind: 'status';
      externalId: string;
      status: DeliveryStatus;
      recipient: ChannelIdentity;
      pricing?: Pricing;
      errors?: ChannelError[];
      /** Echo of the correlation string given when sending. */
      correlation?: string;
    })
  | (InboundBase & {
      kind: 'identity_changed';
      /** The identity known so far. */
      previous: ChannelIdentity;
      /** The identity from now on. */
      current: ChannelIdentity;
    })
  | (InboundBase & {
      kind: 'preference';
      who: ChannelIdentity;
      category: 'marketing';
      value: 'stop' | 'resume';
    })
  | (InboundBase & {
      kind: 'template_status';
      template: { name: string; language?: string; id?: string };
      /** approved | rejected | paused | disabled | pending | category_changed | … (lower case) */
      event: string;
      reason?: string;
      /** After a re-categorisation: the new category (lower case). */
      category?: string;
      previousCategory?: string;
    })
  | (InboundBase & { kind: 'channel_error'; errors: ChannelError[] })
  | (InboundBase & { kind: 'ignored'; reason: string });

export interface TemplateParameter {
  /** Named parameter (`{{first_name}}`); omit for positional. */
  name?: string;
  text: string;
}

/** A message to send, independent of the channel. Every variant may quote an earlier message. */
export type OutgoingMessage = (
  | { type: 'text'; text: string; previewUrl?: boolean }
  | {
      type: 'buttons';
      text: string;
      header?: string;
      footer?: string;
      buttons: { id: string; title: string }[];
    }
  | {
      type: 'list';
      text: string;
      header?: string;
      footer?: string;
      /** The label of the button that opens the list. */
      button: string;
      sections: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
    }
  | {
      type: 'media';
      media: MediaKind;
      source: { mediaId: string } | { link: string };
      caption?: string;
      filename?: string;
    }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | { type: 'location_request'; text: string }
  | {
      type: 'template';
      name: string;
      language: string;
      header?: { type: 'text'; text: string } | { type: 'image' | 'document' | 'video'; source: { mediaId: string } | { link: string } };
      body?: TemplateParameter[];
      /** Quick-reply buttons: payload per button index. */
      quickReplies?: { index: number; payload: string }[];
    }
  | { type: 'reaction'; messageId: string; emoji: string }
) & { replyTo?: string };

export type SendResult =
  | {
      ok: true;
      externalId: string;
      /** For paced templates: accepted | held_for_quality_assessment | paused */
      acceptance?: string;
      /** What the platform resolved the recipient to. */
      recipient?: ChannelIdentity;
    }
  | { ok: false; error: ChannelError };

export type WindowState = 'open' | 'closed';

export interface MessageClass {
  /** free_form messages are only allowed while the window is open. */
  form: 'free_form' | 'template';
}

/** Bytes of a media object fetched from the channel. */
export interface FetchedMedia {
  bytes: Buffer;
  mimeType: string;
}

/** A message template as the platform knows it (for the registry sync). */
export interface ChannelTemplate {
  name: string;
  language: string;
  /** lower case: approved | pending | rejected | paused | disabled | … */
  status: string;
  /** lower case: utility | marketing | authentication */
  category: string;
  body: string;
  parameterCount: number;
  id?: string;
}

/** The outgoing side of a channel. */
export interface ChannelPort {
  readonly name: string;
  /** Checks the message against the channel's limits; null when fine, else an error naming the limit. */
  validate(message: OutgoingMessage): ChannelError | null;
  send(to: ChannelIdentity, message: OutgoingMessage, options?: { correlation?: string }): Promise<SendResult>;
  /** Marks an inbound message (and the ones before it) as read; optionally shows a typing indicator. */
  markRead(externalId: string, options?: { typing?: boolean }): Promise<SendResult>;
  /** Inside or outside the customer-service window, given the contact's last inbound message. */
  windowState(lastInboundAt: Date | null, at: Date): WindowState;
  classify(message: OutgoingMessage): MessageClass;
  uploadMedia(bytes: Buffer, mimeType: string, filename?: string): Promise<{ ok: true; mediaId: string } | { ok: false; error: ChannelError }>;
  fetchMedia(mediaId: string): Promise<{ ok: true; media: FetchedMedia } | { ok: false; error: ChannelError }>;
  deleteMedia(mediaId: string): Promise<{ ok: true } | { ok: false; error: ChannelError }>;
  /** The templates the platform holds for this account (channels without templates omit it). */
  listTemplates?(): Promise<{ ok: true; templates: ChannelTemplate[] } | { ok: false; error: ChannelError }>;
}

/** Where a channel's webhook hands verified, normalised events (stored before the 200). */
export interface InboundSink {
  /** Stores the events; a redelivered event (same key) is a no-op. Resolves when durable. */
  accept(channel: string, events: InboundEvent[]): Promise<{ stored: number; duplicates: number }>;
}

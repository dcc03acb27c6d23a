/**
 * Meta's error vocabulary (whatsapp-cloud-api.md §1.6, §5.1): the synchronous Graph API error
 * body and the asynchronous error object inside `failed` status webhooks.
 */
import { randomBytes } from 'node:crypto';

interface CodeInfo {
  title: string;
  http: number;
  details: string;
}

const ERROR_HREF = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';

/** Titles and default details as Meta words them; `http` is the status of a synchronous answer. */
export const META_ERRORS: Readonly<Record<number, CodeInfo>> = {
  100: { title: 'Invalid parameter', http: 400, details: 'Invalid parameter' },
  190: { title: 'Invalid OAuth access token - Cannot parse access token', http: 401, details: 'Invalid OAuth access token' },
  2500: { title: 'Unknown path components', http: 400, details: 'Unknown path components' },
  130429: { title: 'Rate limit hit', http: 400, details: 'Cloud API message throughput has been reached.' },
  131000: { title: 'Something went wrong', http: 500, details: 'Message failed to send due to an unknown error.' },
  131008: { title: 'Required parameter is missing', http: 400, details: 'A required parameter is missing.' },
  131009: { title: 'Parameter value is not valid', http: 400, details: 'One or more parameter values are invalid.' },
  131026: {
    title: 'Message undeliverable',
    http: 400,
    details:
      'Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number; the recipient has not accepted the new Terms of Service; the recipient is using an old WhatsApp version.',
  },
  131047: {
    title: 'Re-engagement message',
    http: 400,
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131048: {
    title: 'Spam rate limit hit',
    http: 400,
    details:
      'Message failed to send because there are restrictions on how many messages can be sent from this phone number. This may be because too many previous messages were blocked or flagged as spam.',
  },
  131050: {
    title: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business',
    http: 400,
    details:
      'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
  },
  131051: { title: 'Message type unknown', http: 400, details: 'Message type is currently not supported.' },
  131053: { title: 'Media upload error', http: 400, details: 'Unable to upload the media used in the message.' },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    http: 400,
    details:
      'Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.',
  },
  132000: {
    title: 'Number of parameters does not match the expected number of params',
    http: 400,
    details: 'The number of parameters does not match the expected number of params.',
  },
  132001: { title: 'Template name does not exist in the translation', http: 404, details: 'Template does not exist.' },
  132005: { title: 'Translated text too long', http: 400, details: 'Translated text is too long.' },
  132012: {
    title: 'Parameter format does not match format in the created template',
    http: 400,
    details: 'Variable parameter values formatted incorrectly.',
  },
  132015: {
    title: 'Template is Paused',
    http: 400,
    details: 'Template is paused due to low quality so it cannot be sent in a template message.',
  },
  132016: {
    title: 'Template is Disabled',
    http: 400,
    details: 'Template has been paused too many times due to low quality and is now permanently disabled.',
  },
  132018: {
    title: "There's an issue with the parameters in your template",
    http: 400,
    details: 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
  },
};

export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    fbtrace_id: string;
  };
}

/** A synchronous error answer: HTTP status and Meta's body. */
export class MetaApiError extends Error {
  readonly httpStatus: number;
  readonly body: GraphErrorBody;

  constructor(httpStatus: number, body: GraphErrorBody) {
    super(body.error.message);
    this.httpStatus = httpStatus;
    this.body = body;
  }
}

export function fbtraceId(): string {
  return randomBytes(17).toString('base64url').slice(0, 23);
}

/** Builds the error for a WhatsApp code, e.g. `metaError(131009, 'Invalid buttons count…')`. */
export function metaError(code: number, details?: string): MetaApiError {
  const info = META_ERRORS[code] ?? { title: 'Unknown error', http: 400, details: '' };
  return new MetaApiError(info.http, {
    error: {
      message: `(#${code}) ${info.title}`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details: details ?? info.details },
      fbtrace_id: fbtraceId(),
    },
  });
}

/** Graph API's answer for an object id that does not exist (wrong phone-number id, unknown media id). */
export function unknownObjectError(method: 'get' | 'post' | 'delete', id: string): MetaApiError {
  return new MetaApiError(400, {
    error: {
      message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      type: 'GraphMethodException',
      code: 100,
      error_subcode: 33,
      fbtrace_id: fbtraceId(),
    },
  });
}

/** Graph API's answer for a missing or wrong access token. */
export function authError(missing: boolean): MetaApiError {
  return new MetaApiError(401, {
    error: {
      message: missing
        ? 'An active access token must be used to query information about the current user.'
        : 'Invalid OAuth access token - Cannot parse access token',
      type: 'OAuthException',
      code: missing ? 2500 : 190,
      fbtrace_id: fbtraceId(),
    },
  });
}

/** The error object carried by a `failed` status (or `value.errors[]`) webhook. */
export interface WebhookError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
  href: string;
}

export function webhookError(code: number, details?: string): WebhookError {
  const info = META_ERRORS[code] ?? { title: 'Unknown error', http: 400, details: '' };
  return { code, title: info.title, message: info.title, error_data: { details: details ?? info.details }, href: ERROR_HREF };
}

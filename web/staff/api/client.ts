/**
 * The staff app's HTTP client: JSON in and out, the session cookie (same origin) and the CSRF
 * token for state-changing requests; a non-2xx answer becomes an `ApiError` with the server's
 * code and field (`{"error": {"code", "message", "field"?}}`).
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;

/** Set from `GET /api/session` and the login answer. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function api<T>(method: Method, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(url, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  let json: unknown = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = {};
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; field?: string } }).error ?? {};
    throw new ApiError(response.status, error.code ?? 'request/failed', error.message ?? response.statusText, error.field, error as Record<string, unknown>);
  }
  return json as T;
}

/** `{ data }` answers. */
export async function apiData<T>(method: Method, url: string, body?: unknown): Promise<T> {
  return (await api<{ data: T }>(method, url, body)).data;
}

/** A multipart upload (one file in the field `file`), e.g. `POST /api/media`; answers `{ data }`. */
export async function apiUpload<T>(url: string, file: File): Promise<T> {
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await fetch(url, { method: 'POST', body, credentials: 'same-origin', headers: { accept: 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) } });
  const json = (await response.json().catch(() => ({}))) as { data?: T; error?: { code?: string; message?: string; field?: string } };
  if (!response.ok) throw new ApiError(response.status, json.error?.code ?? 'request/failed', json.error?.message ?? response.statusText, json.error?.field, (json.error ?? {}) as Record<string, unknown>);
  return json.data as T;
}

/** The emulator's control API as the simulator uses it (same origin, /emulator/_control). */

export interface SimUser {
  id: string;
  name: string;
  phone: string | null;
  bsuid: string;
  username: string | null;
  language: string;
  country_code: string;
  window_open: boolean;
  window_closes_at: string | null;
}

export interface OutItem {
  direction: 'out';
  wamid: string;
  type: string;
  content: Record<string, unknown> | null;
  template: { name: string; rendered_body: string; quick_replies?: string[] } | null;
  status: 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';
  error: { code: number; title: string } | null;
  accepted_at: string;
}

export interface InItem {
  direction: 'in';
  wamid: string;
  type: string;
  message: Record<string, unknown>;
  at: string;
  read_by_business: boolean;
}

export type Item = OutItem | InItem;

const BASE = '/emulator/_control';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const response = await fetch(`${BASE}${path}`, init);
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : {};
  if (!response.ok) {
    const error = (json as { error?: { message?: string } }).error;
    throw new Error(error?.message ?? `HTTP ${response.status}`);
  }
  return json as T;
}

export const api = {
  users: () => call<{ users: SimUser[] }>('GET', '/users').then((r) => r.users),
  createUser: (input: { name: string; phone?: string; language: string; country_code?: string }) => call<SimUser>('POST', '/users', input),
  inbox: (id: string) => call<{ user: SimUser; typing: boolean; items: Item[] }>('GET', `/users/${id}/inbox`),
  send: (id: string, message: Record<string, unknown> | FormData) => call<{ wamid: string }>('POST', `/users/${id}/messages`, message),
  read: (id: string) => call<{ read: number }>('POST', `/users/${id}/read`, {}),
  clock: () => call<{ now: string }>('GET', '/clock'),
  advance: (seconds: number) => call<{ now: string }>('POST', '/clock', { advance_s: seconds }),
  mediaUrl: (id: string) => `${BASE}/media/${encodeURIComponent(id)}`,
};

/** Data hooks (TanStack Query) for the staff app: the session and each settings resource. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiData, setCsrfToken, type Method } from './client.js';
import type { Session } from './types.js';
import { setTimeZone } from '../lib/format.js';

export const SESSION_KEY = ['session'] as const;

export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      const session = await apiData<Session>('GET', '/api/session');
      setCsrfToken(session.csrf_token);
      setTimeZone(session.time_zone);
      return session;
    },
    staleTime: 60_000,
  });
}

/** True when the signed-in principal holds the capability. */
export function useCan(): (capability: string) => boolean {
  const { data } = useSession();
  return (capability) => data?.capabilities.includes(capability) ?? false;
}

/** A list resource (`GET url` → `{ data: T[] }`). */
export function useList<T>(url: string, enabled = true) {
  return useQuery({ queryKey: [url], queryFn: () => apiData<T[]>('GET', url), enabled });
}

/** A single JSON resource (`GET url` → `{ data: T }`). */
export function useItem<T>(url: string, enabled = true) {
  return useQuery({ queryKey: [url], queryFn: () => apiData<T>('GET', url), enabled });
}

/** A write (`request(vars)` → method, url, body) that refreshes the given queries afterwards. */
export function useWrite<TVars, TResult = unknown>(request: (vars: TVars) => { method: Method; url: string; body?: unknown }, invalidate: string[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (vars: TVars) => {
      const r = request(vars);
      return api<TResult>(r.method, r.url, r.body);
    },
    onSuccess: async () => {
      await Promise.all(invalidate.map((key) => client.invalidateQueries({ queryKey: [key] })));
    },
  });
}

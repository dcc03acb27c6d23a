/**
 * The geocoder port: a typed address or place → coordinates. The HTTP implementation speaks
 * Nominatim's search API (`GET {GEOCODER_URL}/search?q=…&format=jsonv2&limit=1`), which the town
 * can run itself or contract. Unset, unreachable, slow (5 s) or without a result → null: the
 * typed text is kept and staff set the pin (shared architecture: `GEOCODER_URL`).
 */
import type { Logger } from '../../lib/log.js';

export interface GeocodeResult {
  latitude: number;
  longitude: number;
  label: string;
}

export interface Geocoder {
  geocode(query: string): Promise<GeocodeResult | null>;
}

export const NO_GEOCODER: Geocoder = { geocode: async () => null };

export function createHttpGeocoder(o: { url: string; log: Logger; timeoutMs?: number; userAgent?: string }): Geocoder {
  return {
    async geocode(query) {
      const url = new URL(`${o.url.replace(/\/+$/, '')}/search`);
      url.searchParams.set('q', query.slice(0, 200));
      url.searchParams.set('format', 'jsonv2');
      url.searchParams.set('limit', '1');
      try {
        const response = await fetch(url, { headers: { accept: 'application/json', 'user-agent': o.userAgent ?? 'Stadtbote' }, signal: AbortSignal.timeout(o.timeoutMs ?? 5000) });
        if (!response.ok) {
          o.log.warn({ status: response.status }, 'geocoder answered with an error');
          return null;
        }
        const body = (await response.json()) as unknown;
        const first = Array.isArray(body) ? (body[0] as Record<string, unknown> | undefined) : undefined;
        const latitude = Number(first?.lat);
        const longitude = Number(first?.lon);
        if (!first || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
        return { latitude, longitude, label: typeof first.display_name === 'string' ? first.display_name.slice(0, 300) : query };
      } catch (error) {
        o.log.warn({ err: { type: error instanceof Error ? error.name : 'unknown' } }, 'geocoder unreachable');
        return null;
      }
    },
  };
}

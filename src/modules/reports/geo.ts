/** Small geometry for reports: distance on the sphere, a box around a point, point in polygon. Pure. */

export interface Point {
  latitude: number;
  longitude: number;
}

const EARTH_M = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export function distanceM(a: Point, b: Point): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A latitude/longitude box that contains every point within `metres` of `p`. */
export function boxAround(p: Point, metres: number): { south: number; north: number; west: number; east: number } {
  const dLat = (metres / EARTH_M) * (180 / Math.PI);
  const dLng = dLat / Math.max(0.01, Math.cos(rad(p.latitude)));
  return { south: p.latitude - dLat, north: p.latitude + dLat, west: p.longitude - dLng, east: p.longitude + dLng };
}

/** Ray casting: true when `p` lies inside the polygon of `[latitude, longitude]` corners. */
export function insidePolygon(p: Point, polygon: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [yi, xi] = polygon[i]!;
    const [yj, xj] = polygon[j]!;
    if (yi > p.latitude !== yj > p.latitude && p.longitude < ((xj - xi) * (p.latitude - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** True for coordinates on the globe. */
export function isPoint(latitude: number, longitude: number): boolean {
  return Number.isFinite(latitude) && Number.isFinite(longitude) && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
}

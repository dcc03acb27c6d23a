/** Content-Security-Policy helpers. */
/** CSP sources for a tile URL template (`https://{s}.tiles.example/{z}/{x}/{y}.png` → `https://*.tiles.example`). */
export function tileSources(tileUrl: string | null): string[] {
  if (!tileUrl) return [];
  try {
    const url = new URL(tileUrl.replace('{s}.', 'a.').replace(/\{[a-z]\}/g, '0'));
    return [`${url.protocol}//${tileUrl.includes('{s}.') ? `*.${url.host.slice(2)}` : url.host}`];
  } catch {
    return [];
  }
}

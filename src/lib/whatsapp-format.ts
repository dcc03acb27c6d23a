/**
 * WhatsApp's text formatting as segments (no I/O, no DOM): *bold*, _italic_, ~strike~,
 * ```monospace``` and http(s) links, line by line. The staff app's preview renders the segments
 * as React elements, the public archive as escaped HTML — one reading of the markup for both.
 */
export interface Segment {
  text: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  mono?: boolean;
  href?: string;
}

const MARKS: [string, keyof Omit<Segment, 'text' | 'href'>][] = [
  ['```', 'mono'],
  ['*', 'bold'],
  ['_', 'italic'],
  ['~', 'strike'],
];

const LINK = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/g;

/** One line as segments (a marker pair must enclose non-blank text, as in WhatsApp). */
export function formatLine(line: string, style: Omit<Segment, 'text'> = {}): Segment[] {
  for (let i = 0; i < line.length; i++) {
    for (const [mark, key] of MARKS) {
      if (!line.startsWith(mark, i) || style[key]) continue;
      const before = i === 0 ? ' ' : line[i - 1]!;
      if (/[\p{L}\p{N}]/u.test(before)) continue;
      const end = line.indexOf(mark, i + mark.length + 1);
      if (end < 0) continue;
      const inner = line.slice(i + mark.length, end);
      if (inner.trim() !== inner || inner.length === 0) continue;
      const after = line[end + mark.length] ?? ' ';
      if (/[\p{L}\p{N}]/u.test(after)) continue;
      return [...links(line.slice(0, i), style), ...formatLine(inner, { ...style, [key]: true }), ...formatLine(line.slice(end + mark.length), style)].filter((s) => s.text.length > 0);
    }
  }
  return links(line, style).filter((s) => s.text.length > 0);
}

function links(text: string, style: Omit<Segment, 'text'>): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    out.push({ ...style, text: text.slice(at, match.index) });
    out.push({ ...style, text: match[0], href: match[0] });
    at = match.index + match[0].length;
  }
  out.push({ ...style, text: text.slice(at) });
  return out;
}

/** The whole text: one array of segments per line. */
export function formatText(text: string): Segment[][] {
  return text.split('\n').map((line) => formatLine(line));
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The text as escaped HTML (lines joined with <br>). */
export function toHtml(text: string): string {
  return formatText(text)
    .map((line) =>
      line
        .map((s) => {
          let html = escapeHtml(s.text);
          if (s.href) html = `<a href="${escapeHtml(s.href)}" rel="noopener nofollow">${html}</a>`;
          if (s.mono) html = `<code>${html}</code>`;
          if (s.strike) html = `<s>${html}</s>`;
          if (s.italic) html = `<em>${html}</em>`;
          if (s.bold) html = `<strong>${html}</strong>`;
          return html;
        })
        .join(''),
    )
    .join('<br>\n');
}

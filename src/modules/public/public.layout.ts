/**
 * The frame of the public pages (issue 14): server-rendered, escaped HTML, WCAG 2.1 AA
 * (landmarks, one h1, language, skip link, contrast, visible focus), German first, English
 * available (`?lang=en`), the town's imprint / privacy / accessibility-statement links.
 * No script unless a page asks for the map.
 */
import type { Town } from '../town/town.seed.js';
import { escapeHtml } from '../../lib/whatsapp-format.js';

export type PublicLanguage = 'de' | 'en';
export const PUBLIC_LANGUAGES = ['de', 'en'] as const;

export const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1b1e;background:#fff;line-height:1.5}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;outline:3px solid #0b5cad}
header,main,footer{max-width:48rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid #ccc}h1{margin:.25rem 0}
nav ul{list-style:none;padding:0;margin:0;display:flex;gap:1rem;flex-wrap:wrap}
a{color:#0b5cad}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #0b5cad;outline-offset:2px}
ol.cases{list-style:none;padding:0}ol.cases li{border-bottom:1px solid #ddd;padding:.75rem 0}
.meta{color:#444;margin:0;font-size:.95rem}
label{display:block;font-weight:600;margin-top:1rem}.hint{color:#444;font-weight:400;font-size:.95rem;margin:0}
input,select,textarea{font:inherit;padding:.4rem;border:1px solid #555;border-radius:4px;max-width:100%}
textarea{width:100%;min-height:7rem}fieldset{border:1px solid #ccc;margin-top:1rem}
button{font:inherit;margin-top:1.5rem;padding:.6rem 1.2rem;background:#0b5cad;color:#fff;border:0;border-radius:4px;cursor:pointer}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.error{color:#a4161a;font-weight:600}.box{border:2px solid #0b5cad;padding:1rem;border-radius:6px}
#map,#pick-map{height:20rem;margin-top:.5rem}.qr svg{width:10rem;height:10rem}
table{border-collapse:collapse}th,td{text-align:left;padding:.25rem .75rem .25rem 0;border-bottom:1px solid #ddd}
ol.notices{list-style:none;padding:0}article{border-bottom:1px solid #ddd;padding:1rem 0}article h2{font-size:1.25rem;margin:0 0 .25rem}
footer{border-top:1px solid #ccc;margin-top:2rem}`;

const LANGUAGE_NAMES = { de: 'Deutsch', en: 'English', nl: 'Nederlands' } as const;
type FrameLanguage = keyof typeof LANGUAGE_NAMES;

const FRAME: Record<FrameLanguage, Record<'skip' | 'legal' | 'imprint' | 'privacy' | 'accessibility' | 'languages' | 'home', string>> = {
  nl: { skip: 'Naar de inhoud', legal: 'Juridisch', imprint: 'Colofon', privacy: 'Privacy', accessibility: 'Toegankelijkheidsverklaring', languages: 'Taal', home: 'Startpagina' },
  de: { skip: 'Zum Inhalt springen', legal: 'Rechtliches', imprint: 'Impressum', privacy: 'Datenschutz', accessibility: 'Erklärung zur Barrierefreiheit', languages: 'Sprache', home: 'Startseite' },
  en: { skip: 'Skip to content', legal: 'Legal', imprint: 'Imprint', privacy: 'Privacy', accessibility: 'Accessibility statement', languages: 'Language', home: 'Home' },
};

export function languageOf(value: unknown): PublicLanguage {
  return value === 'en' ? 'en' : 'de';
}

/**
 * A whole page; `body` is HTML the caller escaped. `path` is the page's own path for the language
 * links, offered in `languages` (default German and English; the notice archive adds Dutch).
 */
export function page(o: { town: Town; language: FrameLanguage; title: string; path: string; body: string; head?: string; languages?: readonly FrameLanguage[] }): string {
  const t = FRAME[o.language];
  const languages = o.languages ?? PUBLIC_LANGUAGES;
  const link = (href: string | undefined, label: string) => (href ? `<li><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></li>` : '');
  const sep = o.path.includes('?') ? '&' : '?';
  return `<!doctype html>
<html lang="${o.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)} – ${escapeHtml(o.town.service_name)}</title>
<style>${STYLE}</style>
${o.head ?? ''}
</head>
<body>
<a class="skip" href="#main">${escapeHtml(t.skip)}</a>
<header>
<p><a href="/public${o.language === 'en' ? '?lang=en' : ''}">${escapeHtml(o.town.service_name)}</a></p>
<h1>${escapeHtml(o.title)}</h1>
<nav aria-label="${escapeHtml(t.languages)}"><ul>${languages
    .map((l) => `<li><a href="${escapeHtml(l === 'de' ? o.path : `${o.path}${sep}lang=${l}`)}" lang="${l}"${o.language === l ? ' aria-current="page"' : ''}>${LANGUAGE_NAMES[l]}</a></li>`)
    .join('')}</ul></nav>
</header>
<main id="main">
${o.body}
</main>
<footer>
<nav aria-label="${escapeHtml(t.legal)}"><ul>${link(o.town.imprint_url, t.imprint)}${link(o.town.privacy_url, t.privacy)}${link(o.town.accessibility_url, t.accessibility)}</ul></nav>
</footer>
</body>
</html>`;
}

export { escapeHtml };

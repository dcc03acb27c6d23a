/**
 * The public archive of sent notices, `/public/notices` (issue 10 item 6): server-rendered,
 * escaped HTML (WCAG 2.1 AA: landmarks, headings, language, skip link, contrast), text, date and
 * topic of each notice, in German or a chosen language variant, with the town's imprint,
 * privacy and accessibility-statement links. Rate-limited; no personal data.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../container.js';
import type { BroadcastRow, TopicRow } from '../../db/schema.js';
import { LANGUAGES, type Language } from '../../lib/language.js';
import { escapeHtml, toHtml } from '../../lib/whatsapp-format.js';
import { topicRepository } from '../topics/topic.repository.js';
import type { Town } from '../town/town.seed.js';
import { townRepository } from '../town/town.repository.js';
import { broadcastRepository } from './broadcast.repository.js';
import { variantFor, type Variant } from './broadcast.rules.js';

const TEXTS: Record<Language, { title: string; intro: string; skip: string; topic: string; empty: string; imprint: string; privacy: string; accessibility: string; legal: string; languages: string }> = {
  de: {
    title: 'Mitteilungen',
    intro: 'Alle Mitteilungen, die die Stadt über ihren WhatsApp-Dienst verschickt hat, neueste zuerst.',
    skip: 'Zum Inhalt springen',
    topic: 'Thema',
    empty: 'Noch keine Mitteilungen.',
    imprint: 'Impressum',
    privacy: 'Datenschutz',
    accessibility: 'Erklärung zur Barrierefreiheit',
    legal: 'Rechtliches',
    languages: 'Sprache',
  },
  en: {
    title: 'Notices',
    intro: 'Every notice the town has sent through its WhatsApp service, newest first.',
    skip: 'Skip to content',
    topic: 'Topic',
    empty: 'No notices yet.',
    imprint: 'Imprint',
    privacy: 'Privacy',
    accessibility: 'Accessibility statement',
    legal: 'Legal',
    languages: 'Language',
  },
  nl: {
    title: 'Berichten',
    intro: 'Alle berichten die de gemeente via haar WhatsApp-dienst heeft verstuurd, nieuwste eerst.',
    skip: 'Naar de inhoud',
    topic: 'Onderwerp',
    empty: 'Nog geen berichten.',
    imprint: 'Colofon',
    privacy: 'Privacy',
    accessibility: 'Toegankelijkheidsverklaring',
    legal: 'Juridisch',
    languages: 'Taal',
  },
};

const LANGUAGE_NAMES: Record<Language, string> = { de: 'Deutsch', en: 'English', nl: 'Nederlands' };

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1b1e;background:#fff;line-height:1.5}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;outline:3px solid #0b5cad}
header,main,footer{max-width:46rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid #ccc}h1{margin:.25rem 0}
nav ul{list-style:none;padding:0;margin:0;display:flex;gap:1rem;flex-wrap:wrap}
a{color:#0b5cad}a:focus{outline:3px solid #0b5cad;outline-offset:2px}
ol{list-style:none;padding:0}article{border-bottom:1px solid #ddd;padding:1rem 0}
h2{font-size:1.25rem;margin:0 0 .25rem}.meta{color:#444;margin:0 0 .5rem;font-size:.95rem}
footer{border-top:1px solid #ccc;margin-top:2rem}`;

export function renderNotices(o: { town: Town; language: Language; notices: BroadcastRow[]; topics: TopicRow[]; timeZone: string }): string {
  const t = TEXTS[o.language];
  const locale = { de: 'de-DE', en: 'en-GB', nl: 'nl-NL' }[o.language];
  const date = new Intl.DateTimeFormat(locale, { timeZone: o.timeZone, day: 'numeric', month: 'long', year: 'numeric' });
  const topicName = (id: number) => {
    const row = o.topics.find((x) => x.id === id);
    return row ? (JSON.parse(row.names) as Record<Language, string>)[o.language] : null;
  };
  const items = o.notices.map((n) => {
    const { variant, language } = variantFor({ title: n.title, text: n.text }, JSON.parse(n.language_variants) as Partial<Record<Language, Variant>>, o.language);
    const at = n.started_at ?? n.updated_at;
    const topics = (JSON.parse(n.topic_ids) as number[]).map(topicName).filter((x): x is string => x !== null);
    const lang = language === o.language ? '' : ` lang="${language}"`;
    return `<li><article aria-labelledby="notice-${n.id}"${lang}>
<h2 id="notice-${n.id}">${escapeHtml(variant.title)}</h2>
<p class="meta"><time datetime="${new Date(at).toISOString()}">${escapeHtml(date.format(new Date(at)))}</time> · ${escapeHtml(t.topic)}: ${escapeHtml(topics.join(', '))}</p>
<p>${toHtml(variant.text)}</p>
</article></li>`;
  });
  const link = (href: string | undefined, label: string) => (href ? `<li><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></li>` : '');
  return `<!doctype html>
<html lang="${o.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)} – ${escapeHtml(o.town.service_name)}</title>
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">${escapeHtml(t.skip)}</a>
<header>
<p>${escapeHtml(o.town.service_name)}</p>
<h1>${escapeHtml(t.title)}</h1>
<nav aria-label="${escapeHtml(t.languages)}"><ul>${LANGUAGES.map((l) => `<li><a href="/public/notices?lang=${l}" lang="${l}"${l === o.language ? ' aria-current="page"' : ''}>${LANGUAGE_NAMES[l]}</a></li>`).join('')}</ul></nav>
</header>
<main id="main">
<p>${escapeHtml(t.intro)}</p>
${items.length > 0 ? `<ol>${items.join('\n')}</ol>` : `<p>${escapeHtml(t.empty)}</p>`}
</main>
<footer>
<nav aria-label="${escapeHtml(t.legal)}"><ul>${link(o.town.imprint_url, t.imprint)}${link(o.town.privacy_url, t.privacy)}${link(o.town.accessibility_url, t.accessibility)}</ul></nav>
</footer>
</body>
</html>`;
}

const query = z.object({ lang: z.enum(LANGUAGES).optional() });

export async function noticesPage(app: FastifyInstance, { container }: { container: Container }): Promise<void> {
  app.get('/public/notices', { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } }, async (request, reply) => {
    const parsed = query.safeParse(request.query);
    const language: Language = parsed.success ? (parsed.data.lang ?? 'de') : 'de';
    const town = await townRepository.getSetting<Town>(container.db, 'town');
    if (!town) return reply.status(503).type('text/plain; charset=utf-8').send('Not set up yet');
    const [notices, topics] = await Promise.all([broadcastRepository.listPublished(container.db, 100), topicRepository.list(container.db)]);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'public, max-age=60')
      .send(renderNotices({ town, language, notices, topics, timeZone: container.config.townTimezone }));
  });
}

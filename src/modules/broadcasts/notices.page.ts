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
import { page } from '../public/public.layout.js';
import { topicRepository } from '../topics/topic.repository.js';
import type { Town } from '../town/town.seed.js';
import { townRepository } from '../town/town.repository.js';
import { broadcastRepository } from './broadcast.repository.js';
import { variantFor, type Variant } from './broadcast.rules.js';

const TEXTS: Record<Language, { title: string; intro: string; topic: string; empty: string }> = {
  de: {
    title: 'Mitteilungen',
    intro: 'Alle Mitteilungen, die die Stadt über ihren WhatsApp-Dienst verschickt hat, neueste zuerst.',
    topic: 'Thema',
    empty: 'Noch keine Mitteilungen.',
  },
  en: {
    title: 'Notices',
    intro: 'Every notice the town has sent through its WhatsApp service, newest first.',
    topic: 'Topic',
    empty: 'No notices yet.',
  },
  nl: {
    title: 'Berichten',
    intro: 'Alle berichten die de gemeente via haar WhatsApp-dienst heeft verstuurd, nieuwste eerst.',
    topic: 'Onderwerp',
    empty: 'Nog geen berichten.',
  },
};

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
  const body = `<p>${escapeHtml(t.intro)}</p>
${items.length > 0 ? `<ol class="notices">${items.join('\n')}</ol>` : `<p>${escapeHtml(t.empty)}</p>`}`;
  return page({ town: o.town, language: o.language, title: t.title, path: '/public/notices', body, languages: LANGUAGES });
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

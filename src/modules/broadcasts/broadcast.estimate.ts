/**
 * The estimate before sending (issue 10 item 3): who the topics reach, who is inside and outside
 * the 24-hour window (the channel port answers, decision 3), which teaser template the outside
 * ones get and at what price (rate card: category × market of each number), who would get
 * nothing because the class has no approved teaser, the expected follow-ups, and how many days
 * the messaging-limit tier needs. The editor shows both renderings of the notice.
 */
import type { ChannelPort } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { BroadcastRow, TopicRow } from '../../db/schema.js';
import { LANGUAGES, type Language } from '../../lib/language.js';
import { rateBudgetRepository } from '../outbox/rate-budget.repository.js';
import { marketOf, priceOf, type Market, type PricingCategory, type RateCard } from '../settings/settings.schemas.js';
import { templateRepository, type TemplateRow } from '../templates/template.repository.js';
import { pickTemplate } from '../templates/template.service.js';
import { broadcastRepository } from './broadcast.repository.js';
import { renderTemplate, teaserDate, variantFor, type Variant } from './broadcast.rules.js';
import { teaserKind, type ContentClass } from './content-classes.js';

const DAY_MS = 24 * 3600_000;

export type CostLine = {
  category: string;
  market: Market;
  messages: number;
  price: number;
  amount: number;
};

export type Estimate = {
  at: string;
  recipients: number;
  inside_window: number;
  outside_window: number;
  /** Recipients per language of the text they get. */
  languages: Record<Language, number>;
  /** Outside the window: recipients per teaser template. */
  teasers: { name: string; language: string; category: string; recipients: number }[];
  /** Outside the window with no approved teaser for the class: they would get nothing (failed `no_template`). */
  without_template: number;
  teaser_approved: boolean;
  cost: { currency: string; amount: number; estimate: boolean; lines: CostLine[] };
  /** If every teaser recipient taps "Lesen": the free-form follow-ups (free inside the window they open). */
  follow_ups_expected: number;
  messaging_limit: { limit: number | 'unlimited'; used_last_24h: number; days: number };
  renderings: {
    free_form: { language: Language; title: string; text: string }[];
    teaser: { language: Language; template: string | null; status: string | null; text: string | null }[];
  };
};

/** The earliest last-message time at which the window is open at `now` (the port's rule, found by bisection). */
export function windowOpenSince(channel: Pick<ChannelPort, 'windowState'>, now: number): number {
  const open = (t: number) => channel.windowState(new Date(t), new Date(now)) === 'open';
  if (!open(now)) return now + 1;
  let lo = now - 31 * DAY_MS; // closed (assumed)
  let hi = now; // open
  if (open(lo)) return lo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (open(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface EstimateInput {
  broadcast: BroadcastRow;
  main: Variant;
  variants: Partial<Record<Language, Variant>>;
  topics: TopicRow[];
  now: number;
  timeZone: string;
  rateCard: RateCard;
  messagingLimit: number | 'unlimited';
}

export async function estimate(db: Database, channel: Pick<ChannelPort, 'windowState'>, i: EstimateInput): Promise<Estimate> {
  const contentClass = i.broadcast.content_class as ContentClass;
  const groups = await broadcastRepository.audience(db, i.topics.map((t) => t.id), windowOpenSince(channel, i.now));
  const all = await templateRepository.list(db);
  const serving = (t: TemplateRow) => (JSON.parse(t.serves) as string[]).includes(teaserKind(contentClass));
  const approved = all.filter((t) => t.status === 'approved' && serving(t));

  const languages: Record<Language, number> = { de: 0, en: 0, nl: 0 };
  const teasers = new Map<string, { name: string; language: string; category: string; recipients: number }>();
  const cost = new Map<string, CostLine>();
  const addCost = (category: string, market: Market, n: number) => {
    const key = `${category}/${market}`;
    const price = priceOf(i.rateCard, category as PricingCategory, market);
    const line = cost.get(key) ?? { category, market, messages: 0, price, amount: 0 };
    line.messages += n;
    line.amount = round(line.messages * price);
    cost.set(key, line);
  };
  let inside = 0;
  let outside = 0;
  let without = 0;
  for (const g of groups) {
    languages[variantFor(i.main, i.variants, g.language).language] += g.n;
    const market = marketOf(g.prefix);
    if (g.window_open) {
      inside += g.n;
      addCost('service', market, g.n);
      continue;
    }
    outside += g.n;
    const template = pickTemplate(approved, g.language);
    if (!template) {
      without += g.n;
      continue;
    }
    const key = `${template.name}/${template.language}`;
    const entry = teasers.get(key) ?? { name: template.name, language: template.language, category: template.category, recipients: 0 };
    entry.recipients += g.n;
    teasers.set(key, entry);
    addCost(template.category, market, g.n);
  }

  const limit = i.messagingLimit;
  const used = limit === 'unlimited' ? 0 : (await rateBudgetRepository.usage(db, i.now - DAY_MS)).count;
  const needing = outside - without;
  const days = needing === 0 ? 0 : limit === 'unlimited' || limit === 0 ? 1 : Math.max(1, Math.ceil((needing + used) / limit));
  const lines = [...cost.values()].sort((a, b) => a.category.localeCompare(b.category) || a.market.localeCompare(b.market));
  const topicName = (language: Language) => i.topics.map((t) => (JSON.parse(t.names) as Record<Language, string>)[language]).join(', ');

  return {
    at: new Date(i.now).toISOString(),
    recipients: inside + outside,
    inside_window: inside,
    outside_window: outside,
    languages,
    teasers: [...teasers.values()],
    without_template: without,
    teaser_approved: approved.length > 0,
    cost: { currency: i.rateCard.currency, amount: round(lines.reduce((sum, l) => sum + l.amount, 0)), estimate: i.rateCard.estimate, lines },
    follow_ups_expected: needing,
    messaging_limit: { limit, used_last_24h: used, days },
    renderings: {
      free_form: LANGUAGES.filter((l) => l === 'de' || i.variants[l]).map((language) => ({ language, ...(language === 'de' ? i.main : i.variants[language]!) })),
      teaser: LANGUAGES.map((language) => {
        const template = pickTemplate(approved, language) ?? all.find((t) => serving(t) && t.language === language);
        const v = variantFor(i.main, i.variants, language).variant;
        const params = [topicName(language), v.title, teaserDate(i.broadcast.scheduled_at ?? i.now, language, i.timeZone)];
        return { language, template: template?.name ?? null, status: template?.status ?? null, text: template ? renderTemplate(template.body, params) : null };
      }),
    },
  };
}

const round = (amount: number) => Math.round(amount * 10_000) / 10_000;

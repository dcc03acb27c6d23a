/**
 * A broadcast as the API shows it (REST conventions: snake_case), with its figures: rows by
 * delivery state and failure reason, teasers and follow-ups, and the computed cost — Σ over
 * messages whose status webhook carried `pricing.type = regular` and that reached delivered or
 * read, of the rate card's price for the category Meta reported × the recipient's market
 * ("computed, not invoiced"; decision D40).
 */
import type { BroadcastRow, TopicRow } from '../../db/schema.js';
import { iso } from '../../http/schemas.js';
import type { Language } from '../../lib/language.js';
import { marketOf, priceOf, type PricingCategory, type RateCard } from '../settings/settings.schemas.js';
import type { CostGroup, RowGroup } from './broadcast.repository.js';
import { allowedActions, type Variant } from './broadcast.rules.js';
import type { CostLine, Estimate } from './broadcast.estimate.js';

export const DELIVERY_STATES = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'expired', 'cancelled'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export type BroadcastDto = {
  id: number;
  status: BroadcastRow['status'];
  title: string;
  text: string;
  language_variants: Partial<Record<Language, Variant>>;
  topics: string[];
  content_class: string;
  checklist: string[];
  media_id: number | null;
  scheduled_at: string | null;
  not_after: string | null;
  urgent: boolean;
  author: string;
  submitted_at: string | null;
  decided_by: string | null;
  approved_at: string | null;
  returned_at: string | null;
  return_comment: string | null;
  started_at: string | null;
  finished_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
  allowed_actions: string[];
};

export type BroadcastFigures = {
  recipients: number | null;
  /** The recipients' messages (teaser or free-form) by their current state. */
  counts: Record<DeliveryState, number>;
  /** Reached at least: delivered includes read. */
  reached: { sent: number; delivered: number; read: number };
  failures: { state: string; reason: string; n: number }[];
  teasers: number;
  follow_ups: number;
  cost: { currency: string; amount: number; computed_not_invoiced: true; lines: CostLine[] };
  /** The estimate when it was sent, to compare. */
  estimate: Estimate | null;
};

export function toBroadcastDto(row: BroadcastRow, topics: TopicRow[]): BroadcastDto {
  const ids = JSON.parse(row.topic_ids) as number[];
  return {
    id: row.id,
    status: row.status,
    title: row.title,
    text: row.text,
    language_variants: JSON.parse(row.language_variants) as Partial<Record<Language, Variant>>,
    topics: ids.map((id) => topics.find((t) => t.id === id)?.key).filter((k): k is string => k !== undefined),
    content_class: row.content_class,
    checklist: JSON.parse(row.checklist) as string[],
    media_id: row.media_id,
    scheduled_at: iso(row.scheduled_at),
    not_after: iso(row.not_after),
    urgent: row.urgent === 1,
    author: row.author_label,
    submitted_at: iso(row.submitted_at),
    decided_by: row.decided_by_label,
    approved_at: iso(row.approved_at),
    returned_at: iso(row.returned_at),
    return_comment: row.return_comment,
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    cancelled_at: iso(row.cancelled_at),
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
    allowed_actions: allowedActions(row.status),
  };
}

export function figuresOf(row: BroadcastRow, groups: RowGroup[], costs: CostGroup[], card: RateCard): BroadcastFigures {
  const counts = Object.fromEntries(DELIVERY_STATES.map((s) => [s, 0])) as Record<DeliveryState, number>;
  const failures = new Map<string, { state: string; reason: string; n: number }>();
  let teasers = 0;
  let followUps = 0;
  for (const g of groups) {
    if (g.follow_up) {
      followUps += g.n;
      continue;
    }
    if ((DELIVERY_STATES as readonly string[]).includes(g.state)) counts[g.state as DeliveryState] += g.n;
    if (g.template) teasers += g.n;
    if (['failed', 'expired', 'cancelled'].includes(g.state) || (g.state === 'queued' && g.reason)) {
      const key = `${g.state}/${g.reason ?? 'unknown'}`;
      const entry = failures.get(key) ?? { state: g.state, reason: g.reason ?? 'unknown', n: 0 };
      entry.n += g.n;
      failures.set(key, entry);
    }
  }
  const lines = new Map<string, CostLine>();
  for (const c of costs) {
    const market = marketOf(c.prefix);
    const key = `${c.category}/${market}`;
    const price = priceOf(card, c.category as PricingCategory, market);
    const line = lines.get(key) ?? { category: c.category, market, messages: 0, price, amount: 0 };
    line.messages += c.n;
    line.amount = Math.round(line.messages * price * 10_000) / 10_000;
    lines.set(key, line);
  }
  const costLines = [...lines.values()].sort((a, b) => a.category.localeCompare(b.category) || a.market.localeCompare(b.market));
  return {
    recipients: row.recipients,
    counts,
    reached: { sent: counts.sent + counts.delivered + counts.read, delivered: counts.delivered + counts.read, read: counts.read },
    failures: [...failures.values()],
    teasers,
    follow_ups: followUps,
    cost: { currency: card.currency, amount: Math.round(costLines.reduce((s, l) => s + l.amount, 0) * 10_000) / 10_000, computed_not_invoiced: true, lines: costLines },
    estimate: row.estimate ? (JSON.parse(row.estimate) as Estimate) : null,
  };
}

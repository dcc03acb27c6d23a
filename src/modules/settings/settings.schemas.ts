/**
 * The JSON settings the staff app edits besides tables: retention periods and the rate card
 * (town data's schema is `townSchema` in modules/town). Shared by the seed, the routes and the
 * services that read them.
 */
import { z } from 'zod';

const days = z.int().min(1).max(3650);

/** Retention periods in days (product: "Operations → Retention"); applied by the retention job. */
export const retentionSchema = z.object({
  /** Raw webhook payloads (inbound events) after processing. */
  raw_webhook_days: days,
  /** Personal data of closed cases (name, number, photos), then anonymised. */
  closed_case_personal_data_days: days,
  /** Subscribers without any message or subscription change, then deleted. */
  inactive_subscriber_days: days,
  /** Entries of the audit log. */
  audit_log_days: days,
});
export type Retention = z.infer<typeof retentionSchema>;

/** Meta's pricing categories (whatsapp-cloud-api.md §6). */
export const PRICING_CATEGORIES = ['marketing', 'utility', 'authentication', 'service'] as const;
export type PricingCategory = (typeof PRICING_CATEGORIES)[number];

/** Recipient markets of the rate card: Germany and the Netherlands are standalone markets. */
export const MARKETS = ['DE', 'NL', 'other'] as const;
export type Market = (typeof MARKETS)[number];

const price = z
  .number()
  .min(0)
  .max(10)
  .refine((v) => Math.abs(v * 10_000 - Math.round(v * 10_000)) < 1e-6, { message: 'at most four decimal places' });

/** Price per delivered template message by category × market, in EUR. */
export const rateCardSchema = z
  .object({
    currency: z.literal('EUR'),
    /** True while the figures are estimates, not the town's invoice from Meta. */
    estimate: z.boolean(),
    note: z.string().trim().max(500),
    prices: z.array(z.object({ category: z.enum(PRICING_CATEGORIES), market: z.enum(MARKETS), price })).max(PRICING_CATEGORIES.length * MARKETS.length),
  })
  .superRefine((card, ctx) => {
    const seen = new Set<string>();
    card.prices.forEach((p, i) => {
      const key = `${p.category}/${p.market}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `${key} appears twice`, path: ['prices', i] });
      seen.add(key);
    });
    for (const category of PRICING_CATEGORIES) {
      for (const market of MARKETS) {
        if (!seen.has(`${category}/${market}`)) ctx.addIssue({ code: 'custom', message: `a price for ${category} in ${market} is missing`, path: ['prices'] });
      }
    }
  });
export type RateCard = z.infer<typeof rateCardSchema>;

/** The rate-card market of a phone number (E.164 digits). */
export function marketOf(phone: string | null | undefined): Market {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (digits.startsWith('49')) return 'DE';
  if (digits.startsWith('31')) return 'NL';
  return 'other';
}

/** The price of one delivered message of `category` to `market` (0 when the card lacks it). */
export function priceOf(card: RateCard, category: PricingCategory, market: Market): number {
  return card.prices.find((p) => p.category === category && p.market === market)?.price ?? 0;
}

/**
 * Content classes of a notice and their press-law checklists (civic-anchors.md §3.3,
 * "Staatsferne der Presse": a town may publish official notices and its own work and plans, not
 * press-like coverage of local life). Pure data, shared by the service, the template registry
 * (one teaser template per class) and the staff app.
 */
export const CONTENT_CLASSES = ['official_notice', 'own_service', 'own_event', 'third_party_date', 'tourism'] as const;
export type ContentClass = (typeof CONTENT_CLASSES)[number];

/** The template registry's kind for the teaser of a class (a template "serves" it). */
export const teaserKind = (contentClass: ContentClass) => `teaser:${contentClass}` as const;
export type TeaserKind = ReturnType<typeof teaserKind>;

/** What the author confirms before submitting, per class (keys; texts in the staff app's i18n). */
export const CHECKLISTS: Record<ContentClass, readonly string[]> = {
  official_notice: ['official_task', 'neutral_wording', 'no_party_politics'],
  own_service: ['own_service', 'neutral_wording', 'no_party_politics'],
  own_event: ['town_organises', 'no_coverage_of_social_life', 'no_party_politics'],
  third_party_date: ['date_place_organiser_only', 'no_editorial_writeup', 'no_party_politics'],
  tourism: ['factual_no_reviews', 'no_portraits_interviews_results', 'no_party_politics'],
};

/**
 * Sending a broadcast: the attachment goes to the channel first (outside the transaction), then
 * in one transaction the status moves to `sending` (only from the expected status: a second
 * request or another instance finds nothing to do), the estimate is kept for comparison, and the
 * audience is expanded into outbox rows per language (decision 7): the free-form notice as the
 * row, the class's teaser template as its stand-in outside the window (decisions D24, D36).
 */
import type { ChannelPort } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { BroadcastRow, BroadcastStatus } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import type { Language } from '../../lib/language.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/principal.js';
import type { MediaService } from '../media/media.service.js';
import { fanOut } from '../outbox/fanout.repository.js';
import { topicRepository } from '../topics/topic.repository.js';
import { broadcastRepository } from './broadcast.repository.js';
import type { Estimate } from './broadcast.estimate.js';
import { freeFormMessage, teaserFallback, type MediaRef, type Variant } from './broadcast.rules.js';
import type { ContentClass } from './content-classes.js';

export interface SendingDeps {
  clock: Clock;
  audit: AuditService;
  media: MediaService;
  channel: ChannelPort;
  timeZone: string;
  onQueued?: () => void;
}

/** The attachment as the channel knows it (uploaded when needed). */
export async function mediaRefOf(db: Database, deps: Pick<SendingDeps, 'media' | 'channel'>, mediaId: number | null): Promise<MediaRef | null> {
  if (mediaId === null) return null;
  const { channelMediaId, row } = await deps.media.ensureUploaded(db, deps.channel, mediaId);
  return { kind: row.kind === 'document' ? 'document' : 'image', channelMediaId, filename: row.filename };
}

/** Starts sending; false when the broadcast was no longer in `from` (sent by someone else, cancelled). */
export async function startSending(
  db: Database,
  deps: SendingDeps,
  row: BroadcastRow,
  o: { ctx: RequestContext; from: BroadcastStatus[]; direct: boolean; estimateOf: (trx: Database, row: BroadcastRow) => Promise<Estimate> },
): Promise<boolean> {
  const media = await mediaRefOf(db, deps, row.media_id);
  // Inside the scheduler's round (already a transaction) the fan-out joins it.
  const run = <T,>(fn: (trx: Database) => Promise<T>): Promise<T> => (db.isTransaction ? fn(db) : db.transaction().execute(fn));
  const started = await run(async (trx) => {
    const at = deps.clock.now().getTime();
    const snapshot = await o.estimateOf(trx, row);
    if (!(await broadcastRepository.transition(trx, row.id, o.from, { status: 'sending', started_at: at, estimate: JSON.stringify(snapshot), updated_at: at }))) return false;
    const ids = JSON.parse(row.topic_ids) as number[];
    const topics = (await topicRepository.list(trx)).filter((t) => ids.includes(t.id));
    const names = (language: Language) => topics.map((t) => (JSON.parse(t.names) as Record<Language, string>)[language]);
    const variants = JSON.parse(row.language_variants) as Partial<Record<Language, Variant>>;
    const languages = (Object.keys(variants) as Language[]).filter((l) => l !== 'de');
    const base = { broadcastId: row.id, topicIds: ids, channel: deps.channel.name, now: at, notAfter: row.not_after };
    const fallback = (language: Language, title: string) =>
      teaserFallback({ broadcastId: row.id, contentClass: row.content_class as ContentClass, topicNames: names(language), title, at, language, timeZone: deps.timeZone });
    let rows = 0;
    for (const language of languages) {
      const v = variants[language]!;
      rows += await fanOut(trx, { ...base, language, payload: JSON.stringify(freeFormMessage(v.text, media)), fallback: fallback(language, v.title) });
    }
    rows += await fanOut(trx, { ...base, otherThan: languages, payload: JSON.stringify(freeFormMessage(row.text, media)), fallback: fallback('de', row.title) });
    await broadcastRepository.update(trx, row.id, { recipients: rows });
    await deps.audit.record(trx, { ctx: o.ctx, action: 'broadcast.send', subject_type: 'broadcast', subject_id: row.id, detail: { from: row.status, rows, direct: o.direct } });
    return true;
  });
  if (started) deps.onQueued?.();
  return started;
}

/**
 * A broadcast is rows, not a loop (decision 7): its audience is expanded set-wise into outbox
 * rows with `INSERT … SELECT`, in chunks of contact ids so that no statement runs long.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { PRIORITY } from './outbox.service.js';

type Executor = Kysely<DB>;

export interface FanOut {
  broadcastId: number;
  topicIds: number[];
  /** The OutgoingMessage as JSON (language variants: one fan-out per language). */
  payload: string;
  channel: string;
  now: number;
  notAfter: number | null;
  /** Only contacts with this language (null: all). */
  language?: string | null;
  /** Contacts whose language is not among these get this variant (the German default). */
  otherThan?: string[];
  /** The row's template stand-in outside the window as JSON (`{params, serves?, quick_replies?}`; decision D24, D36). */
  fallback?: string | null;
}

export const fanoutRepository = {
  /** Inserts one outbox row per subscribed contact with ids in (afterId, upToId]; returns how many. */
  async expandChunk(db: Executor, f: FanOut, afterId: number, upToId: number): Promise<number> {
    if (f.topicIds.length === 0) return 0;
    const result = await db
      .insertInto('outbox')
      .columns(['contact_id', 'channel', 'kind', 'priority', 'payload', 'state', 'attempts', 'available_at', 'not_after', 'broadcast_id', 'fallback', 'created_at', 'updated_at'])
      .expression((eb) =>
        eb
          .selectFrom('subscription as s')
          .innerJoin('contact as c', 'c.id', 's.contact_id')
          .select([
            's.contact_id',
            sql.lit(f.channel).as('channel'),
            sql.lit('broadcast').as('kind'),
            sql.lit(PRIORITY.broadcast).as('priority'),
            // typed explicitly: PostgreSQL types an INSERT … SELECT list on its own
            sql<string>`cast(${f.payload} as text)`.as('payload'),
            sql.lit('queued').as('state'),
            sql.lit(0).as('attempts'),
            sql<number>`cast(${sql.lit(f.now)} as bigint)`.as('available_at'),
            sql<number | null>`cast(${f.notAfter === null ? sql.lit(null) : sql.lit(f.notAfter)} as bigint)`.as('not_after'),
            sql<number>`cast(${sql.lit(f.broadcastId)} as bigint)`.as('broadcast_id'),
            sql<string | null>`cast(${f.fallback ?? null} as text)`.as('fallback'),
            sql<number>`cast(${sql.lit(f.now)} as bigint)`.as('created_at'),
            sql<number>`cast(${sql.lit(f.now)} as bigint)`.as('updated_at'),
          ])
          .distinct()
          .where('s.topic_id', 'in', f.topicIds)
          .where('s.contact_id', '>', afterId)
          .where('s.contact_id', '<=', upToId)
          .where('c.unreachable_since', 'is', null)
          .$if(f.language != null, (q) => q.where('c.language', '=', f.language!))
          .$if((f.otherThan?.length ?? 0) > 0, (q) => q.where((w) => w.or([w('c.language', 'is', null), w('c.language', 'not in', f.otherThan!)]))),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  },

  /** Cancels a contact's broadcast rows that still wait (after STOP); returns how many. */
  async cancelQueuedForContact(db: Executor, contactId: number, now: number): Promise<number> {
    const r = await db
      .updateTable('outbox')
      .set({ state: 'cancelled', error_reason: 'unsubscribed', updated_at: now })
      .where('contact_id', '=', contactId)
      .where('kind', '=', 'broadcast')
      .where('state', '=', 'queued')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** Cancels a broadcast's rows that still wait (the broadcast was cancelled); returns how many. */
  async cancelQueuedForBroadcast(db: Executor, broadcastId: number, now: number): Promise<number> {
    const r = await db
      .updateTable('outbox')
      .set({ state: 'cancelled', error_reason: 'cancelled', updated_at: now })
      .where('broadcast_id', '=', broadcastId)
      .where('state', '=', 'queued')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** The highest subscribed contact id (the end of the chunk loop). */
  async maxSubscriberId(db: Executor, topicIds: number[]): Promise<number> {
    if (topicIds.length === 0) return 0;
    const row = await db.selectFrom('subscription').select((eb) => eb.fn.max<number>('contact_id').as('max')).where('topic_id', 'in', topicIds).executeTakeFirst();
    return row?.max == null ? 0 : Number(row.max);
  },
};

/** Expands a broadcast's audience into outbox rows in chunks; returns the number of rows. */
export async function fanOut(db: Executor, f: FanOut, chunk = 50_000): Promise<number> {
  const max = await fanoutRepository.maxSubscriberId(db, f.topicIds);
  let total = 0;
  for (let after = 0; after < max; after += chunk) total += await fanoutRepository.expandChunk(db, f, after, Math.min(after + chunk, max));
  return total;
}

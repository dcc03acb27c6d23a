/** Subscriber figures and look-ups for the staff side (issue 9). One query per method. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

type Executor = Kysely<DB>;

export const subscriberRepository = {
  /** Subscribers per topic (contacts, not personal data). */
  async countsPerTopic(db: Executor) {
    return db
      .selectFrom('topic')
      .leftJoin('subscription', 'subscription.topic_id', 'topic.id')
      .select(['topic.id', 'topic.key', 'topic.names', 'topic.active', (eb) => eb.fn.count('subscription.contact_id').as('subscribers')])
      .groupBy(['topic.id', 'topic.key', 'topic.names', 'topic.active', 'topic.sort_order'])
      .orderBy('topic.sort_order')
      .orderBy('topic.id')
      .execute();
  },

  /** Contacts with at least one subscription. */
  async subscribedContacts(db: Executor): Promise<number> {
    const row = await db.selectFrom('subscription').select((eb) => eb.fn.count('contact_id').distinct().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Consent events since a time: only when and what (for the figures over time). */
  async consentEventsSince(db: Executor, since: number) {
    return db.selectFrom('consent').select(['at', 'action']).where('at', '>=', since).where('purpose', '=', 'information').execute();
  },

  async erasuresSince(db: Executor, since: number) {
    return db.selectFrom('privacy_erasure').select(['at']).where('at', '>=', since).execute();
  },

  async findByPhone(db: Executor, phone: string) {
    return db.selectFrom('contact').selectAll().where('phone', '=', phone).where('erased_at', 'is', null).executeTakeFirst();
  },

  async findById(db: Executor, id: number) {
    return db.selectFrom('contact').selectAll().where('id', '=', id).where('erased_at', 'is', null).executeTakeFirst();
  },
};

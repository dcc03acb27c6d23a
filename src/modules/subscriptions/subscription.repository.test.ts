/** Subscriptions and consent records on SQLite and PostgreSQL. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../test/databases.js';
import { contactRepository } from '../contacts/contact.repository.js';
import { topicRepository } from '../topics/topic.repository.js';
import { INFORMATION, subscriptionRepository as repo } from './subscription.repository.js';

describeEachDatabase('subscription repository', (dialect) => {
  let database: TestDatabase;
  let contactId: number;
  const topicIds: number[] = [];
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    const contact = await contactRepository.insert(database.db, { phone: '4921525550009', user_id: null, name: null, username: null, country_code: 'DE', language: 'de', created_at: 1, updated_at: 1, last_inbound_at: null, unreachable_since: null, marketing_stopped_at: null });
    contactId = contact.id;
    topicIds.length = 0;
    for (const [i, key] of ['b', 'a', 'c'].entries()) {
      const names = JSON.stringify({ de: key, en: key, nl: key });
      topicIds.push(await topicRepository.insert(database.db, { key, names, descriptions: names, sort_order: i, active: 1, urgent: 0, created_at: 1, updated_at: 1 }));
    }
  });
  afterEach(async () => {
    await database.drop();
  });

  it('subscribes idempotently, lists keys in topic order, removes one or all', async () => {
    const [b, a, c] = topicIds as [number, number, number];
    await repo.add(database.db, contactId, c, 10);
    await repo.add(database.db, contactId, b, 11);
    await repo.add(database.db, contactId, c, 12);
    expect(await repo.topicKeys(database.db, contactId)).toEqual(['b', 'c']);
    await repo.remove(database.db, contactId, b);
    await repo.add(database.db, contactId, a, 13);
    expect(await repo.topicKeys(database.db, contactId)).toEqual(['a', 'c']);
    expect(await repo.removeAll(database.db, contactId)).toBe(2);
    expect(await repo.topicKeys(database.db, contactId)).toEqual([]);
  });

  it('the latest consent wins, also within the same millisecond; the history keeps every row', async () => {
    expect(await repo.latestConsent(database.db, contactId, INFORMATION)).toBeUndefined();
    const row = { contact_id: contactId, purpose: INFORMATION, text_version: 'information-v1-de', channel: 'whatsapp', detail: null };
    await repo.recordConsent(database.db, { ...row, action: 'granted', at: 100 });
    await repo.recordConsent(database.db, { ...row, action: 'withdrawn', at: 200 });
    await repo.recordConsent(database.db, { ...row, action: 'granted', at: 200 });
    await repo.recordConsent(database.db, { ...row, purpose: 'other', action: 'withdrawn', at: 300 });
    expect((await repo.latestConsent(database.db, contactId, INFORMATION))?.action).toBe('granted');
    expect((await repo.consentHistory(database.db, contactId)).map((c) => c.action)).toEqual(['granted', 'withdrawn', 'granted', 'withdrawn']);
  });
});

import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../test/databases.js';
import { contactRepository } from './contact.repository.js';
import { changeIdentity, resolveSender } from './contact.service.js';

const at = new Date('2026-03-02T10:00:00Z');

describeEachDatabase('contact identities (decision 5)', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await database.drop();
  });

  const countContacts = async () => Number((await database.db.selectFrom('contact').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('creates a contact once and finds it again by phone', async () => {
    const first = await resolveSender(database.db, { phone: '4921525551234', name: 'Erika' }, at);
    const again = await resolveSender(database.db, { phone: '4921525551234', name: 'Erika M.' }, at);
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.contact.id).toBe(first.contact.id);
    expect(again.contact.name).toBe('Erika M.');
    expect(first.contact.language).toBe('de');
    expect(await countContacts()).toBe(1);
  });

  it('attaches a BSUID arriving later to the known phone contact, never a second contact', async () => {
    const known = await resolveSender(database.db, { phone: '31612345678' }, at);
    const later = await resolveSender(database.db, { phone: '31612345678', userId: 'NL.1234567890' }, at);
    const bsuidOnly = await resolveSender(database.db, { userId: 'NL.1234567890', username: 'piet' }, at);
    expect(later.contact.id).toBe(known.contact.id);
    expect(bsuidOnly.contact.id).toBe(known.contact.id);
    expect(bsuidOnly.created).toBe(false);
    const row = await contactRepository.findById(database.db, known.contact.id);
    expect(row).toMatchObject({ phone: '31612345678', user_id: 'NL.1234567890', username: 'piet', language: 'nl' });
    expect(await countContacts()).toBe(1);
  });

  it('a BSUID-only citizen gets a contact with the language hint from the country code', async () => {
    const { contact, created } = await resolveSender(database.db, { userId: 'US.13491208655302741918', countryCode: 'NL' }, at);
    expect(created).toBe(true);
    expect(contact.phone).toBeNull();
    expect(contact.language).toBe('nl');
  });

  it('merges two contacts when one message names both, keeping the older with all references', async () => {
    const byPhone = await resolveSender(database.db, { phone: '4915112345678' }, at);
    const byUser = await resolveSender(database.db, { userId: 'DE.555' }, at);
    const now = at.getTime();
    await database.db
      .insertInto('inbound_message')
      .values({ contact_id: byUser.contact.id, channel: 'whatsapp', external_id: 'wamid.1', content_type: 'text', content: '{}', reply_to: null, at: now, created_at: now })
      .execute();
    const merged = await resolveSender(database.db, { phone: '4915112345678', userId: 'DE.555' }, at);
    expect(merged.contact.id).toBe(byPhone.contact.id);
    expect(await countContacts()).toBe(1);
    const moved = await database.db.selectFrom('inbound_message').select('contact_id').executeTakeFirstOrThrow();
    expect(moved.contact_id).toBe(byPhone.contact.id);
    expect(await contactRepository.findById(database.db, byPhone.contact.id)).toMatchObject({ phone: '4915112345678', user_id: 'DE.555' });
  });

  it('user_changed_number moves the identity to the new number', async () => {
    const old = await resolveSender(database.db, { phone: '4915100000001', userId: 'DE.old' }, at);
    const moved = await changeIdentity(database.db, { phone: '4915100000001' }, { phone: '4915100000002', userId: 'DE.new' }, at);
    expect(moved?.id).toBe(old.contact.id);
    const found = await resolveSender(database.db, { phone: '4915100000002' }, at);
    expect(found.contact.id).toBe(old.contact.id);
    expect(found.created).toBe(false);
    expect(await contactRepository.findByIdentity(database.db, { phone: '4915100000001' })).toHaveLength(0);
    expect(await contactRepository.findById(database.db, old.contact.id)).toMatchObject({ user_id: 'DE.new' });
  });
});

/**
 * Identity rules (decision 5): a person is found by phone or by the channel's user id (BSUID);
 * an id arriving later for a known person attaches to that contact and never creates a second
 * one; when both identities point at different contacts they are merged into the older one;
 * an identity change (WhatsApp `user_changed_number`) moves the identity.
 */
import type { ChannelIdentity, SenderProfile } from '../../channels/channel.js';
import type { ContactRow, ContactUpdate } from '../../db/schema.js';
import { guessLanguage } from '../../lib/language.js';
import { contactRepository as repo, type Executor } from './contact.repository.js';

export interface ResolvedContact {
  contact: ContactRow;
  created: boolean;
}

/** Finds or creates the contact for a sender, attaching new identities and profile data. */
export async function resolveSender(db: Executor, sender: SenderProfile, at: Date): Promise<ResolvedContact> {
  const identity = cleanIdentity(sender);
  if (!identity.phone && !identity.userId) throw new Error('a sender needs a phone or a user id');
  const now = at.getTime();
  const matches = await repo.findByIdentity(db, identity);

  if (matches.length === 0) {
    const contact = await repo.insert(db, {
      phone: identity.phone ?? null,
      user_id: identity.userId ?? null,
      name: sender.name ?? null,
      username: sender.username ?? null,
      country_code: sender.countryCode ?? null,
      language: guessLanguage({ phone: identity.phone, countryCode: sender.countryCode }),
      created_at: now,
      updated_at: now,
      last_inbound_at: null,
      unreachable_since: null,
      marketing_stopped_at: null,
    });
    return { contact, created: true };
  }

  const survivor = matches.length === 1 ? matches[0]! : await merge(db, matches[0]!, matches[1]!);
  const patch: ContactUpdate = {};
  if (identity.phone && survivor.phone !== identity.phone) patch.phone = identity.phone;
  if (identity.userId && survivor.user_id !== identity.userId) patch.user_id = identity.userId;
  if (sender.name && sender.name !== survivor.name) patch.name = sender.name;
  if (sender.username && sender.username !== survivor.username) patch.username = sender.username;
  if (sender.countryCode && sender.countryCode !== survivor.country_code) patch.country_code = sender.countryCode;
  if (Object.keys(patch).length > 0) {
    patch.updated_at = now;
    await repo.update(db, survivor.id, patch);
  }
  return { contact: { ...survivor, ...patch } as ContactRow, created: false };
}

/** Moves an identity: the contact known by `previous` is known by `current` from now on. */
export async function changeIdentity(db: Executor, previous: ChannelIdentity, current: ChannelIdentity, at: Date): Promise<ContactRow | null> {
  const [known] = await repo.findByIdentity(db, cleanIdentity(previous));
  if (!known) return null;
  const next = cleanIdentity(current);
  const others = (await repo.findByIdentity(db, next)).filter((c) => c.id !== known.id);
  let survivor = known;
  for (const other of others) survivor = await merge(db, survivor, other);
  const patch: ContactUpdate = { updated_at: at.getTime() };
  if (next.phone) patch.phone = next.phone;
  if (next.userId) patch.user_id = next.userId;
  // A new phone number regenerates the user id: an old one no longer identifies the person.
  if (next.phone && !next.userId && survivor.phone !== next.phone) patch.user_id = null;
  await repo.update(db, survivor.id, patch);
  return { ...survivor, ...patch } as ContactRow;
}

/**
 * Merges two contacts into the older one: references move, subscriptions are united, the
 * younger row is deleted and its identities and missing profile fields are kept.
 */
export async function merge(db: Executor, a: ContactRow, b: ContactRow): Promise<ContactRow> {
  const [keep, drop] = a.id < b.id ? [a, b] : [b, a];
  for (const table of repo.simpleReferences) await repo.moveReferences(db, table, drop.id, keep.id);
  await repo.copySubscriptions(db, drop.id, keep.id);
  await repo.deleteSubscriptions(db, drop.id);
  await repo.delete(db, drop.id);
  const patch: ContactUpdate = {
    phone: keep.phone ?? drop.phone,
    user_id: keep.user_id ?? drop.user_id,
    name: keep.name ?? drop.name,
    username: keep.username ?? drop.username,
    country_code: keep.country_code ?? drop.country_code,
    language: keep.language ?? drop.language,
    last_inbound_at: maxOrNull(keep.last_inbound_at, drop.last_inbound_at),
  };
  await repo.update(db, keep.id, patch);
  return { ...keep, ...patch } as ContactRow;
}

/** Records an inbound message's time: it opens the customer-service window. */
export async function touchInbound(db: Executor, contact: ContactRow, at: Date): Promise<void> {
  const ms = at.getTime();
  if (contact.last_inbound_at !== null && contact.last_inbound_at >= ms && contact.unreachable_since === null) return;
  await repo.update(db, contact.id, { last_inbound_at: Math.max(ms, contact.last_inbound_at ?? 0), unreachable_since: null });
}

function cleanIdentity(identity: ChannelIdentity): ChannelIdentity {
  const phone = identity.phone?.replace(/\D/g, '') || undefined;
  const userId = identity.userId?.trim() || undefined;
  return { phone, userId };
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

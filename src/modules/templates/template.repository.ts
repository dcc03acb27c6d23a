/** The template registry (decision 6 / issue 5): what Meta approved, and what each template stands in for. */
import type { Kysely, Selectable } from 'kysely';
import type { DB, MessageTemplateTable } from '../../db/schema.js';

type Executor = Kysely<DB>;
export type TemplateRow = Selectable<MessageTemplateTable>;

export const templateRepository = {
  async upsert(
    db: Executor,
    t: { name: string; language: string; category: string; status: string; body: string; parameter_count: number; serves: string[]; meta_id?: string | null; updated_at: number },
  ): Promise<void> {
    const values = { ...t, serves: JSON.stringify(t.serves), meta_id: t.meta_id ?? null, status_reason: null };
    await db
      .insertInto('message_template')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['name', 'language']).doUpdateSet({ category: t.category, status: t.status, body: t.body, parameter_count: t.parameter_count, serves: values.serves, updated_at: t.updated_at }),
      )
      .execute();
  },

  /** Inserts a template the town's seed names, unless one with its name and language exists. */
  async insertIfAbsent(
    db: Executor,
    t: { name: string; language: string; category: string; status: string; body: string; parameter_count: number; serves: string[]; updated_at: number },
  ): Promise<void> {
    await db
      .insertInto('message_template')
      .values({ ...t, serves: JSON.stringify(t.serves), meta_id: null, status_reason: null })
      .onConflict((oc) => oc.columns(['name', 'language']).doNothing())
      .execute();
  },

  /** Inserts or updates what the platform says of a template, keeping which kinds it serves. */
  async upsertFromPlatform(
    db: Executor,
    t: { name: string; language: string; category: string; status: string; body: string; parameter_count: number; meta_id: string | null; updated_at: number },
  ): Promise<void> {
    await db
      .insertInto('message_template')
      .values({ ...t, serves: '[]', status_reason: null })
      .onConflict((oc) =>
        oc.columns(['name', 'language']).doUpdateSet({ category: t.category, status: t.status, body: t.body, parameter_count: t.parameter_count, meta_id: t.meta_id, updated_at: t.updated_at }),
      )
      .execute();
  },

  /** Applies Meta's status (or category) change to every language of a template name. */
  async updateByName(db: Executor, name: string, language: string | undefined, patch: { status?: string; category?: string; status_reason?: string | null; updated_at: number }): Promise<number> {
    let q = db.updateTable('message_template').set(patch).where('name', '=', name);
    if (language) q = q.where('language', '=', language);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  /** Approved templates that stand in for a message kind, best language first. */
  async approvedFor(db: Executor, kind: string): Promise<TemplateRow[]> {
    return db
      .selectFrom('message_template')
      .selectAll()
      .where('status', '=', 'approved')
      .where('serves', 'like', `%"${kind}"%`)
      .orderBy('id')
      .execute();
  },

  async list(db: Executor): Promise<TemplateRow[]> {
    return db.selectFrom('message_template').selectAll().orderBy('name').orderBy('language').execute();
  },

  async findById(db: Executor, id: number): Promise<TemplateRow | undefined> {
    return db.selectFrom('message_template').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Sets which message kinds a template stands in for (the town's choice; a sync keeps it). */
  async setServes(db: Executor, id: number, serves: string[], updatedAt: number): Promise<void> {
    await db.updateTable('message_template').set({ serves: JSON.stringify(serves), updated_at: updatedAt }).where('id', '=', id).execute();
  },
};

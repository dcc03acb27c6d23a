/** Test helpers for the public side: a web case filed as a citizen would, and a release as issue 12 writes it. */
import type { TestApp } from '../../test/test-app.js';

/** Files a case through the web form's service (as a citizen would) and returns its reference. */
export async function fileWebCase(t: TestApp, o: { description: string; email?: string; category?: string }): Promise<string> {
  const html = (await t.app.inject({ method: 'GET', url: '/public/report' })).body;
  const token = /name="form_token" value="([^"]+)"/.exec(html)![1]!;
  await t.container.clock.advance(5);
  const result = await t.container.webform.submit(t.database.db, {
    fields: { form_token: token, kind: 'complaint', category: o.category ?? 'beleuchtung', latitude: '51.3642', longitude: '6.4187', address: 'Burgstraße 12', description: o.description, ...(o.email ? { email: o.email } : {}) },
    photos: [],
  });
  return result.reference;
}

/** What issue 12's release does to the row (the release API is built there). */
export async function releaseCase(t: TestApp, reference: string, status: 'in_progress' | 'resolved' = 'in_progress'): Promise<void> {
  const now = t.container.clock.now().getTime();
  const row = await t.database.db.selectFrom('case_file').select('id').where('reference', '=', reference).executeTakeFirstOrThrow();
  await t.database.db
    .updateTable('case_file')
    .set({ released_at: now, status, first_response_at: now, status_changed_at: now, ...(status === 'resolved' ? { closed_at: now } : {}) })
    .where('id', '=', row.id)
    .execute();
  await t.database.db.insertInto('case_history').values({ case_id: row.id, at: now, actor_type: 'user', actor_id: null, action: 'transition', from_status: 'new', to_status: status, reason: 'intern: Herr Meier kümmert sich', detail: null }).execute();
}


/** Test helpers for the public side: a web case filed as a citizen would, and its release through the case API (issue 12). */
import { bearer } from '../../test/staff.js';
import { TEST_ADMIN_TOKEN, type TestApp } from '../../test/test-app.js';

/** Files a case through the web form's service (as a citizen would) and returns its reference. */
export async function fileWebCase(t: TestApp, o: { description: string; email?: string; category?: string; photos?: Buffer[] }): Promise<string> {
  const html = (await t.app.inject({ method: 'GET', url: '/public/report' })).body;
  const token = /name="form_token" value="([^"]+)"/.exec(html)![1]!;
  await t.container.clock.advance(5);
  const result = await t.container.webform.submit(t.database.db, {
    fields: { form_token: token, kind: 'complaint', category: o.category ?? 'beleuchtung', latitude: '51.3642', longitude: '6.4187', address: 'Burgstraße 12', description: o.description, ...(o.email ? { email: o.email } : {}) },
    photos: (o.photos ?? []).map((bytes) => ({ bytes, mimeType: 'image/jpeg' })),
  });
  return result.reference;
}

/**
 * Moves the case on and releases it as staff do (the case API): `status`, then the public
 * summary and the photos chosen by their index among the case's photos. The transition's reason
 * is internal and must never appear publicly.
 */
export async function releaseCase(t: TestApp, reference: string, status: 'in_progress' | 'resolved' = 'in_progress', release: { summary?: string; photos?: number[] } = {}): Promise<void> {
  const staff = bearer(t.app, TEST_ADMIN_TOKEN);
  const url = `/api/cases/${encodeURIComponent(reference)}`;
  const current = async () => (await staff.inject('GET', url)).json().data as { version: number; photos: { id: number }[] };
  const path = status === 'resolved' ? ['accepted', 'in_progress', 'resolved'] : ['accepted', 'in_progress'];
  for (const to of path) {
    const moved = await staff.inject('POST', `${url}/transitions`, { to, reason: 'intern: Herr Meier kümmert sich', version: (await current()).version });
    if (moved.statusCode !== 200) throw new Error(`transition to ${to}: ${moved.body}`);
  }
  const before = await current();
  const released = await staff.inject('POST', `${url}/release`, {
    public_summary: release.summary ?? 'Die Leuchte wird ersetzt.',
    photo_ids: (release.photos ?? []).map((i) => before.photos[i]!.id),
    version: before.version,
  });
  if (released.statusCode !== 200) throw new Error(`release: ${released.body}`);
}

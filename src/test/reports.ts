/**
 * A citizen files a report through the emulator (photo with caption, kind, category, pin, send)
 * and, when asked, says yes to the information offer (which subscribes them to the urgent topic).
 * For tests that need real cases, photos and subscriptions (backup, retention).
 */
import { expect } from 'vitest';
import { body, CENTRE, Chat, choices, type OutItem } from './chat.js';
import { phonePhoto } from './photos.js';
import type { TestApp } from './test-app.js';

const offering = (items: OutItem[], prefix: string) => items.find((i) => choices(i).some((c) => c.id.startsWith(prefix)));

export async function fileReport(t: TestApp, o: { phone: string; text: string; colour?: string; subscribe?: boolean; /** Metres north of the centre (reports 50 m apart are offered as duplicates). */ north?: number }): Promise<{ reference: string; chat: Chat }> {
  const chat = await Chat.create(t, o.phone);
  const first = await chat.upload(await phonePhoto(o.colour ?? '#c33'), 'image/jpeg', 'IMG_0001.jpg', o.text);
  const categories = offering(await chat.tap(offering(first, 'rep:k:'), 'rep:k:hint'), 'rep:c:');
  await chat.tap(categories, 'rep:c:beleuchtung');
  const summary = offering(await chat.pin(CENTRE.latitude + (o.north ?? 0) / 111_195, CENTRE.longitude), 'rep:send:');
  const done = await chat.tap(summary, 'rep:send:*');
  const reference = /([A-Z]+-\d{4}-\d{6})/.exec(body(done[0]))?.[1];
  expect(reference, body(done[0])).toBeTruthy();
  if (o.subscribe) {
    const offer = done.find((i) => choices(i).some((c) => c.id.startsWith('optin:yes:')));
    await chat.tap(offer, 'optin:yes:*');
  }
  return { reference: reference!, chat };
}

/**
 * A citizen's chat through the built-in emulator, for tests: say or tap as the citizen (over the
 * emulator's control API, so the product receives real signed webhooks), then process and
 * return the town's new replies as the emulator's inbox shows them.
 */
import { expect } from 'vitest';
import { eventually, type TestInstance } from './test-app.js';

export interface OutItem {
  direction: 'in' | 'out';
  wamid: string;
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  content?: any;
}

/** The text a citizen sees in an outgoing item (text body, interactive body or media caption). */
export function body(item: OutItem | undefined): string {
  if (!item) return '';
  if (item.type === 'text') return String(item.content?.body ?? '');
  if (item.type === 'image' || item.type === 'document') return String(item.content?.caption ?? '');
  return String(item.content?.body?.text ?? '');
}

/** The tappable choices of an outgoing item. */
export function choices(item: OutItem | undefined): { id: string; title: string; kind: 'button_reply' | 'list_reply' }[] {
  const action = item?.content?.action;
  if (!action) return [];
  if (Array.isArray(action.buttons)) return action.buttons.map((b: { reply: { id: string; title: string } }) => ({ ...b.reply, kind: 'button_reply' as const }));
  if (Array.isArray(action.sections)) {
    return action.sections.flatMap((s: { rows: { id: string; title: string }[] }) => s.rows.map((r) => ({ id: r.id, title: r.title, kind: 'list_reply' as const })));
  }
  return [];
}

export class Chat {
  private seen = 0;
  constructor(
    private readonly t: TestInstance & { database: { db: TestInstance['container']['db'] } },
    readonly userId: string,
  ) {}

  private async messageEvents(): Promise<number> {
    const row = await this.t.container.db.selectFrom('inbound_event').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'message').executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async outItems(): Promise<OutItem[]> {
    const items = (await this.t.control<{ items: OutItem[] }>('GET', `/users/${this.userId}/inbox`)).json.items;
    return items.filter((i) => i.direction === 'out');
  }

  /** Sends messages as the citizen, then processes them and returns the new replies. */
  async send(...messages: Record<string, unknown>[]): Promise<OutItem[]> {
    const before = await this.messageEvents();
    for (const message of messages) {
      const sent = await this.t.control('POST', `/users/${this.userId}/messages`, message);
      expect(sent.status, JSON.stringify(sent.json)).toBe(201);
    }
    await eventually(async () => (await this.messageEvents()) >= before + messages.length, 'the inbound webhooks');
    await this.t.container.inboundProcessor.drain();
    await this.t.container.dispatcher.drain();
    const out = await this.outItems();
    const fresh = out.slice(this.seen);
    this.seen = out.length;
    return fresh;
  }

  say(text: string): Promise<OutItem[]> {
    return this.send({ type: 'text', text });
  }

  /** Taps the choice `id` of an earlier message `item`. */
  tap(item: OutItem | undefined, id: string): Promise<OutItem[]> {
    const choice = choices(item).find((c) => c.id === id || (id.endsWith('*') && c.id.startsWith(id.slice(0, -1))));
    if (!item || !choice) throw new Error(`no choice ${id} in ${JSON.stringify(choices(item))}`);
    return this.send({ type: choice.kind, id: choice.id, title: choice.title, context_wamid: item.wamid });
  }
}

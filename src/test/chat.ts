/**
 * A citizen's chat through the emulator's control API, for conversation tests: send any inbound
 * message, let the product process it, and get the replies the citizen sees.
 */
import { expect } from 'vitest';
import type { TestApp } from './test-app.js';
import { eventually } from './test-app.js';

/** Kempen's centre (the seed's `town.center`), inside the boundary. */
export const CENTRE = { latitude: 51.3646, longitude: 6.4187 };

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

/** The tappable choices of an outgoing item: id → title. */
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
  /** How many times the citizen wrote or tapped (one turn each). */
  turns = 0;

  constructor(
    private readonly t: TestApp,
    readonly userId: string,
  ) {}

  static async create(t: TestApp, phone: string, name = 'Erika Mustermann'): Promise<Chat> {
    const user = (await t.control<{ id: string }>('POST', '/users', { name, phone })).json;
    return new Chat(t, user.id);
  }

  private async messageEvents(): Promise<number> {
    const row = await this.t.database.db.selectFrom('inbound_event').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'message').executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async outItems(): Promise<OutItem[]> {
    const items = (await this.t.control<{ items: OutItem[] }>('GET', `/users/${this.userId}/inbox`)).json.items;
    return items.filter((i) => i.direction === 'out');
  }

  /** Sends messages as the citizen (without processing in between), then processes and returns the new replies. */
  async send(...messages: Record<string, unknown>[]): Promise<OutItem[]> {
    const before = await this.messageEvents();
    for (const message of messages) {
      const sent = await this.t.control('POST', `/users/${this.userId}/messages`, message);
      expect(sent.status, JSON.stringify(sent.json)).toBe(201);
      this.turns++;
    }
    await eventually(async () => (await this.messageEvents()) >= before + messages.length, 'the inbound webhooks');
    await this.t.container.inboundProcessor.drain();
    return this.flush();
  }

  /** Sends queued replies and returns the ones not seen yet. */
  async flush(): Promise<OutItem[]> {
    await this.t.container.dispatcher.drain();
    const out = await this.outItems();
    const fresh = out.slice(this.seen);
    this.seen = out.length;
    return fresh;
  }

  say(text: string): Promise<OutItem[]> {
    return this.send({ type: 'text', text });
  }

  photo(bytes: Buffer, mimeType = 'image/jpeg', caption?: string): Promise<OutItem[]> {
    return this.send({ type: 'image', media: { data_base64: bytes.toString('base64'), mime_type: mimeType }, ...(caption ? { caption } : {}) });
  }

  /** Sends a photo as a file upload (multipart), as the phone simulator does. */
  async upload(bytes: Buffer, mimeType: string, filename: string, caption?: string): Promise<OutItem[]> {
    const before = await this.messageEvents();
    const form = new FormData();
    form.set('type', 'image');
    if (caption) form.set('caption', caption);
    form.set('file', new Blob([new Uint8Array(bytes)], { type: mimeType }), filename);
    const response = await fetch(`${this.t.url}/emulator/_control/users/${this.userId}/messages`, { method: 'POST', body: form });
    expect(response.status, await response.clone().text()).toBe(201);
    this.turns++;
    await eventually(async () => (await this.messageEvents()) >= before + 1, 'the inbound webhook');
    await this.t.container.inboundProcessor.drain();
    return this.flush();
  }

  pin(latitude: number, longitude: number): Promise<OutItem[]> {
    return this.send({ type: 'location', latitude, longitude });
  }

  /** Taps the choice `id` (or the first whose id starts so, with `prefix*`) of an earlier message `item` (it may be an old one). */
  tap(item: OutItem | undefined, id: string): Promise<OutItem[]> {
    const choice = choices(item).find((c) => c.id === id || (id.endsWith('*') && c.id.startsWith(id.slice(0, -1))));
    if (!item || !choice) throw new Error(`no choice ${id} in ${JSON.stringify(choices(item))}`);
    return this.send({ type: choice.kind, id: choice.id, title: choice.title, context_wamid: item.wamid });
  }
}

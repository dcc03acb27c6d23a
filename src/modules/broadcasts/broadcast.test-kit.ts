/**
 * Test helpers for broadcasts through the built-in emulator: citizens who subscribe through the
 * real dialogue (welcome, consent, topic list), what they received, staff clients, and a
 * notice to create.
 */
import { expect } from 'vitest';
import { createPerson, signIn, type Client } from '../../test/staff.js';
import { eventually, type TestApp } from '../../test/test-app.js';

export interface OutItem {
  direction: 'in' | 'out';
  wamid: string;
  type: string;
  status?: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  content?: any;
}

/** The text a citizen sees in an outgoing item (text, caption, interactive body, or the template's filled body). */
export function seen(item: OutItem): string {
  if (item.type === 'text') return String(item.content?.body ?? '');
  if (item.type === 'template') return JSON.stringify(item.content);
  return String(item.content?.caption ?? item.content?.body?.text ?? '');
}

export class Citizen {
  private seenCount = 0;
  constructor(
    private readonly t: TestApp,
    readonly userId: string,
    readonly phone: string,
  ) {}

  private async messageEvents(): Promise<number> {
    const row = await this.t.database.db.selectFrom('inbound_event').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'message').executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async out(): Promise<OutItem[]> {
    return (await this.t.control<{ items: OutItem[] }>('GET', `/users/${this.userId}/inbox`)).json.items.filter((i) => i.direction === 'out');
  }

  /** Sends as the citizen, processes, dispatches; returns what arrived since the last call. */
  async send(message: Record<string, unknown>): Promise<OutItem[]> {
    const before = await this.messageEvents();
    const sent = await this.t.control('POST', `/users/${this.userId}/messages`, message);
    expect(sent.status, JSON.stringify(sent.json)).toBe(201);
    await eventually(async () => (await this.messageEvents()) > before, 'the inbound webhook');
    await this.t.container.inboundProcessor.drain();
    await this.t.container.dispatcher.drain();
    return this.fresh();
  }

  /** What arrived since the last look. */
  async fresh(): Promise<OutItem[]> {
    const out = await this.out();
    const items = out.slice(this.seenCount);
    this.seenCount = out.length;
    return items;
  }

  say(text: string): Promise<OutItem[]> {
    return this.send({ type: 'text', text });
  }

  /** Taps a reply button or list row of an earlier message by id. */
  async tap(id: string): Promise<OutItem[]> {
    const out = await this.out();
    for (const item of [...out].reverse()) {
      const action = item.content?.action;
      const rows: { id: string; title: string; kind: string }[] = Array.isArray(action?.buttons)
        ? action.buttons.map((b: { reply: { id: string; title: string } }) => ({ ...b.reply, kind: 'button_reply' }))
        : Array.isArray(action?.sections)
          ? action.sections.flatMap((s: { rows: { id: string; title: string }[] }) => s.rows.map((r) => ({ ...r, kind: 'list_reply' })))
          : [];
      const choice = rows.find((r) => r.id === id);
      if (choice) return this.send({ type: choice.kind, id: choice.id, title: choice.title, context_wamid: item.wamid });
    }
    throw new Error(`no choice ${id} in the citizen's messages`);
  }

  /** Taps the quick reply of a template (the teaser's "Lesen"). */
  tapTemplate(item: OutItem, payload: string, text: string): Promise<OutItem[]> {
    return this.send({ type: 'button', payload, text, context_wamid: item.wamid });
  }
}

/** A citizen who wrote "Hallo", agreed and chose exactly `topics` (the urgent topic deselected unless named). */
export async function subscriber(t: TestApp, phone: string, language: 'de' | 'en' | 'nl', topics: string[]): Promise<Citizen> {
  const user = (await t.control<{ id: string }>('POST', '/users', { phone, language })).json;
  const citizen = new Citizen(t, user.id, phone.replace(/\D/g, ''));
  await citizen.say({ de: 'Hallo', en: 'Hello, good morning', nl: 'Goedemiddag' }[language]);
  await citizen.tap(`optin:yes:information-v1-${language}`);
  for (const topic of topics) if (topic !== 'eilmeldungen') await citizen.tap(`t+:${topic}`);
  if (!topics.includes('eilmeldungen')) await citizen.tap('t-:eilmeldungen');
  await citizen.tap('tdone');
  await citizen.fresh();
  return citizen;
}

export async function staff(t: TestApp): Promise<{ editor: Client; approver: Client; secondApprover: Client }> {
  const [e, a, b] = [await createPerson(t.container, ['editor']), await createPerson(t.container, ['approver']), await createPerson(t.container, ['approver'])];
  return { editor: await signIn(t.app, e.email, e.password), approver: await signIn(t.app, a.email, a.password), secondApprover: await signIn(t.app, b.email, b.password) };
}

export const CHECKLIST = {
  official_notice: ['official_task', 'neutral_wording', 'no_party_politics'],
  tourism: ['factual_no_reviews', 'no_portraits_interviews_results', 'no_party_politics'],
};

export function notice(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Abfuhr verschoben',
    text: '*Achtung:* Die Restmülltonne wird wegen des Feiertags erst am _Dienstag_ geleert. Mehr: https://www.kempen.de/abfall',
    topics: ['abfall'],
    content_class: 'official_notice',
    checklist: CHECKLIST.official_notice,
    language_variants: {
      en: { title: 'Collection postponed', text: '*Note:* the residual waste bin will be emptied on _Tuesday_ because of the holiday.' },
      nl: { title: 'Ophaling uitgesteld', text: '*Let op:* de restafvalbak wordt vanwege de feestdag pas op _dinsdag_ geleegd.' },
    },
    ...overrides,
  };
}

/** Creates, submits, approves (a second person) and sends a notice; returns its id. */
export async function approvedAndSent(who: { editor: Client; approver: Client }, body: Record<string, unknown>): Promise<number> {
  const created = await who.editor.inject('POST', '/api/broadcasts', body);
  expect(created.statusCode, created.body).toBe(201);
  const id = (created.json() as { data: { id: number } }).data.id;
  expect((await who.editor.inject('POST', `/api/broadcasts/${id}/submit`, {})).statusCode).toBe(200);
  const approved = await who.approver.inject('POST', `/api/broadcasts/${id}/approve`, {});
  expect(approved.statusCode, approved.body).toBe(200);
  const sent = await who.editor.inject('POST', `/api/broadcasts/${id}/send`, {});
  expect(sent.statusCode, sent.body).toBe(200);
  return id;
}

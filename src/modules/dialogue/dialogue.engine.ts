/**
 * The dialogue engine's pure core (architecture decision 8):
 *
 *   decide(state, input, context) → { state, messages (≤ 2), commands }
 *
 * No I/O, no clock, no database: `dialogue.service.ts` loads the context, applies the commands
 * through repositories and writes the messages to the outbox in the event's transaction.
 * The state machine, the first-contact rule and the report rule are described in
 * docs/dialogue.md.
 */
import type { InboundContent, OutgoingMessage } from '../../channels/channel.js';
import { isLanguage, type Language } from '../../lib/language.js';
import type { Texts } from './catalogue/index.js';
import { MENU_ITEMS, pageOf, View, type MenuItem, type TopicInfo, type TownInfo } from './dialogue.views.js';
import { askErase, eraseChoice, requestExport } from '../privacy/privacy.dialogue.js'; // data rights (issue 9)
import { answerList, answerQuestion, answerTap, type TouristAnswerInfo } from '../tourist-answers/tourist-answers.dialogue.js'; // tourist answers (issue 9)
import { detectLanguage, isDoneWord, isEmojiOnly, isGreetingOnly, matchKeyword, matchLanguageName, matchYesNo, readsAsReport, tokens, type Keyword, type ReportReason } from './text-rules.js';

/** How the contact's language was set: the number's country (guess), the text, or their choice. */
export type LanguageSource = 'guess' | 'text' | 'chosen';

/** Flows the engine knows; `report` plugs in with issue 11 (see `FlowPlugin`). */
export type FlowName = 'idle' | 'consent' | 'topics' | 'report';

export interface DialogueState {
  flow: FlowName;
  step: string;
  data: Record<string, unknown>;
  languageSource: LanguageSource;
  /** An open flow ends by itself after this time (epoch ms); null when idle. */
  expiresAt: number | null;
}

/** A flow that is not answered for this long is closed on the next message. */
export const FLOW_TTL_MS = 24 * 3600_000;

export const IDLE: Omit<DialogueState, 'languageSource'> = { flow: 'idle', step: 'idle', data: {}, expiresAt: null };

export interface ConsentInfo {
  /** The latest consent for information messages is a grant. */
  granted: boolean;
  /** The version of that grant (null without one). */
  version: string | null;
  /** Topics the contact had when they last said STOP (offered again on START). */
  resumeTopics: string[];
}

export interface DialogueContext {
  now: number;
  /** No dialogue state exists yet: the contact's first message to the dialogue. */
  firstContact: boolean;
  language: Language;
  /** The language of the number's country code, or null when the code names none of ours (then `language`, the contact's guess, stands). */
  countryLanguage: Language | null;
  town: TownInfo;
  /** Active topics in their order. */
  topics: TopicInfo[];
  /** Keys of the contact's subscribed topics. */
  subscriptions: string[];
  consent: ConsentInfo;
  caseUpdatesStopped: boolean;
  texts: Texts;
  /** Active tourist answers in their order (issue 9; none: no menu entry). */
  touristAnswers?: TouristAnswerInfo[];
  /** What the report flow's loader prepared for this turn (issue 11: categories, the checked photo …); opaque here. */
  report?: unknown;
}

export interface DialogueInput {
  content: InboundContent;
  /** When the platform says the message was sent (epoch ms). */
  at: number;
}

export type Command =
  | { type: 'set_language'; language: Language; source: LanguageSource }
  | { type: 'grant_consent'; textVersion: string; language: Language; preselected: string[]; via: 'button' | 'text' }
  | { type: 'withdraw_consent'; textVersion: string; topics: string[]; via: 'keyword' | 'menu' }
  | { type: 'subscribe'; topic: string }
  | { type: 'unsubscribe'; topic: string }
  | { type: 'unsubscribe_all' }
  | { type: 'stop_case_updates' }
  | { type: 'resume_case_updates' }
  // data rights (issue 9): applied by the service through the privacy module
  | { type: 'export_data'; language: Language }
  | { type: 'erase_contact' }
  /** A report flow effect (file a case, follow one), applied by the report service; opaque here. */
  | { type: 'report'; payload: unknown };

export interface TurnResult {
  state: DialogueState;
  messages: OutgoingMessage[];
  commands: Command[];
  /** Why an input was deliberately left unanswered (reactions, stickers, emoji-only acknowledgements). */
  ignored?: string;
  /** Set when the input was read as a report (for tests and logs; no personal data). */
  report?: ReportReason;
}

/** At most two messages per turn (decision 8). */
export const MAX_MESSAGES_PER_TURN = 2;

/**
 * A flow plugged into the engine (the report flow of issue 11 will be one): it handles inputs
 * while it is open and re-shows its current step. `start` is called by the report rule.
 */
export interface FlowPlugin {
  name: FlowName;
  /** Handles an input while the flow is open; false leaves the input to the engine's rules. */
  onInput(turn: Turn, input: DialogueInput): boolean;
  /** Re-shows the current step with lead lines (after a language change or an unclear answer). */
  prompt(turn: Turn, leads: string[]): OutgoingMessage;
}

export interface ReportPlugin extends FlowPlugin {
  /**
   * Starts the report flow with the message that reads as a report (or from the menu).
   * `options.kind` is set when the citizen chose "write to us" after an unknown question: a hint.
   */
  start(turn: Turn, input: DialogueInput, reason: ReportReason | 'menu', options?: { kind?: 'hint' }): void;
  /** A tap on one of its ids while the flow is not open (a second tap on "send"); false: stale. */
  onStaleChoice?(turn: Turn, input: DialogueInput): boolean;
}

export interface EngineOptions {
  /** The report flow (issue 11). Without it a report gets an honest "soon" answer. */
  report?: ReportPlugin;
  /** MY DATA and DELETE in the chat (issue 9). Without it they get the "soon" answers. */
  privacy?: boolean;
}

/** One turn being decided: the working state, the messages and commands so far. */
export class Turn {
  state: DialogueState;
  language: Language;
  readonly messages: OutgoingMessage[] = [];
  readonly commands: Command[] = [];
  readonly subscribed: Set<string>;
  consentGranted: boolean;
  caseUpdatesStopped: boolean;
  ignored?: string;
  report?: ReportReason;

  constructor(
    readonly ctx: DialogueContext,
    state: DialogueState,
  ) {
    this.state = state;
    this.language = ctx.language;
    this.subscribed = new Set(ctx.subscriptions.filter((key) => ctx.topics.some((t) => t.key === key)));
    this.consentGranted = ctx.consent.granted;
    this.caseUpdatesStopped = ctx.caseUpdatesStopped;
  }

  get view(): View {
    return new View(this.ctx.texts, this.language, this.ctx.town);
  }

  /** The menu; with the tourist answers' entry when there are any, "write to us" after an unknown question. */
  menu(leads: string[], options: { write?: boolean } = {}): OutgoingMessage {
    return this.view.menu(this.consentGranted, leads, { info: (this.ctx.touristAnswers ?? []).length > 0, write: options.write === true });
  }

  send(message: OutgoingMessage): void {
    if (this.messages.length >= MAX_MESSAGES_PER_TURN) throw new Error('a dialogue turn sends at most two messages');
    this.messages.push(message);
  }

  command(command: Command): void {
    this.commands.push(command);
  }

  open(flow: FlowName, step: string, data: Record<string, unknown> = {}): void {
    this.state = { ...this.state, flow, step, data, expiresAt: this.ctx.now + FLOW_TTL_MS };
  }

  close(): void {
    this.state = { ...this.state, ...IDLE };
  }

  get urgentTopic(): TopicInfo | undefined {
    return this.ctx.topics.find((t) => t.urgent);
  }

  urgentName(): string {
    const urgent = this.urgentTopic;
    return urgent ? this.view.topicName(urgent) : this.view.t('topics.none');
  }
}

/** Decides one turn. Pure: the same state, input and context give the same result. */
export function decide(stateIn: DialogueState, input: DialogueInput, ctx: DialogueContext, options: EngineOptions = {}): TurnResult {
  const expired = stateIn.expiresAt !== null && ctx.now > stateIn.expiresAt;
  const turn = new Turn(ctx, expired ? { ...stateIn, ...IDLE } : stateIn);
  const engine = new Engine(options);
  if (ctx.firstContact) engine.firstContact(turn, input);
  else engine.next(turn, input);
  return {
    state: turn.state,
    messages: turn.messages,
    commands: turn.commands,
    ...(turn.ignored ? { ignored: turn.ignored } : {}),
    ...(turn.report ? { report: turn.report } : {}),
  };
}

/** The text a message carries (a text, or a media caption), if any. */
function textOf(content: InboundContent): string | null {
  if (content.type === 'text') return content.text;
  if (content.type === 'media' && content.caption) return content.caption;
  return null;
}

const THANKS = new Set(['danke', 'dankeschon', 'danke schon', 'vielen dank', 'danke sehr', 'thanks', 'thank you', 'thanks a lot', 'cheers', 'bedankt', 'dank je', 'dank u', 'dank je wel', 'dank u wel', 'merci'].map((w) => tokens(w).join(' ')));

function isThanks(text: string): boolean {
  return text.length <= 40 && THANKS.has(tokens(text).join(' '));
}

class Engine {
  private readonly flows: Partial<Record<FlowName, FlowPlugin>>;

  constructor(private readonly options: EngineOptions) {
    this.flows = { consent: consentFlow, topics: topicsFlow, ...(options.report ? { report: options.report } : {}) };
  }

  // --- first contact -------------------------------------------------------------------------

  /**
   * The first-contact rule (docs/dialogue.md): settle the language, then
   *  - a keyword is served (with the privacy link added),
   *  - a photo, video, document, location, or a text that reads as a report goes to the report flow,
   *  - anything else (greeting, question, sticker, voice note, emoji) gets the welcome with the
   *    privacy link and the opt-in question as buttons.
   * Every first answer carries the privacy link.
   */
  firstContact(turn: Turn, input: DialogueInput): void {
    const text = textOf(input.content);
    const ask = this.settleLanguage(turn, text);
    const content = input.content;
    const keyword = content.type === 'text' ? matchKeyword(content.text) : null;
    const reportReason = reportReasonOf(content);

    if (keyword) {
      this.keyword(turn, keyword.keyword, 'keyword');
    } else if (content.type === 'text' && reportReason !== 'problem_words' && answerQuestion(turn, content.text)) {
      // A visitor's question is answered at once, no subscription needed (issue 9).
    } else if (reportReason) {
      this.startReport(turn, input, reportReason);
    } else {
      if (content.type === 'media' && content.media === 'audio') turn.send(turn.view.text('voice.unsupported'));
      else if (content.type === 'unsupported') turn.send(turn.view.text('unsupported'));
      turn.send(turn.view.welcome(turn.urgentName()));
      turn.open('consent', 'asked', { origin: 'welcome', preselect: turn.urgentTopic ? [turn.urgentTopic.key] : [] });
      if (ask && turn.messages.length < MAX_MESSAGES_PER_TURN) turn.send(turn.view.languageQuestion());
    }
    ensurePrivacyLink(turn);
  }

  /**
   * The language rule: the text decides where clear; otherwise the number's country code
   * (+31/+32 → nl, +49/+43/+41 → de, else en). Returns true when a language question should
   * follow: the country code says nothing, or the text's likely languages exclude it.
   */
  private settleLanguage(turn: Turn, text: string | null): boolean {
    const detected = text ? detectLanguage(text) : { clear: null, candidates: [] };
    if (detected.clear) {
      turn.language = detected.clear;
      turn.state = { ...turn.state, languageSource: 'text' };
      turn.command({ type: 'set_language', language: detected.clear, source: 'text' });
      return false;
    }
    const guess = turn.ctx.countryLanguage ?? turn.ctx.language;
    if (guess !== turn.language) turn.command({ type: 'set_language', language: guess, source: 'guess' });
    turn.language = guess;
    turn.state = { ...turn.state, languageSource: 'guess' };
    return turn.ctx.countryLanguage === null || (detected.candidates.length > 0 && !detected.candidates.includes(guess));
  }

  // --- every later message ---------------------------------------------------------------------

  next(turn: Turn, input: DialogueInput): void {
    const content = input.content;
    switch (content.type) {
      case 'reaction':
        turn.ignored = 'reaction';
        return;
      case 'choice':
        this.choice(turn, input, content.id);
        return;
      case 'text':
        this.text(turn, input, content.text);
        return;
      case 'location':
        if (this.openFlow(turn)?.onInput(turn, input)) return;
        this.startReport(turn, input, 'location');
        return;
      case 'media':
        if (this.openFlow(turn)?.onInput(turn, input)) return;
        if (content.media === 'sticker') {
          turn.ignored = 'sticker';
          return;
        }
        if (content.media === 'audio') {
          turn.send(turn.view.text('voice.unsupported'));
          return;
        }
        this.startReport(turn, input, 'media');
        return;
      case 'unsupported':
        turn.send(turn.view.text('unsupported'));
        return;
    }
  }

  private openFlow(turn: Turn): FlowPlugin | undefined {
    return turn.state.flow === 'idle' ? undefined : this.flows[turn.state.flow];
  }

  private text(turn: Turn, input: DialogueInput, text: string): void {
    const keyword = matchKeyword(text);
    if (keyword) {
      this.keyword(turn, keyword.keyword, 'keyword');
      return;
    }
    const flow = this.openFlow(turn);
    if (flow?.onInput(turn, input)) return;
    const language = matchLanguageName(text);
    if (language) {
      this.setLanguage(turn, language);
      return;
    }
    const reason = readsAsReport(text);
    if (reason !== 'problem_words' && answerQuestion(turn, text)) return; // tourist answers (issue 9)
    if (reason) {
      this.startReport(turn, input, reason);
      return;
    }
    if (flow) {
      // An open flow re-asks its step rather than dropping the input.
      turn.send(flow.prompt(turn, [hintFor(turn, flow.name)]));
      return;
    }
    if (isThanks(text)) turn.send(turn.view.text('thanks.reply'));
    else if (isEmojiOnly(text)) turn.ignored = 'emoji_only';
    else if (isGreetingOnly(text)) turn.send(turn.menu([turn.view.t('menu.lead.greeting')]));
    else turn.send(turn.menu([turn.view.t('menu.lead.unknown'), turn.view.t('menu.lead.write')], { write: true }));
  }

  // --- keywords ------------------------------------------------------------------------------

  keyword(turn: Turn, keyword: Keyword, via: 'keyword' | 'menu'): void {
    switch (keyword) {
      case 'stop':
        this.stop(turn, via);
        return;
      case 'start':
        this.start(turn);
        return;
      case 'menu':
        turn.send(turn.menu([]));
        return;
      case 'topics':
        if (turn.consentGranted) showTopics(turn, 0, []);
        else askConsent(turn, 'topics', [turn.view.t('consent.lead.topics')]);
        return;
      case 'my_data':
        if (this.options.privacy) requestExport(turn);
        else turn.send(turn.view.text('data.soon'));
        return;
      case 'delete':
        if (this.options.privacy) askErase(turn);
        else turn.send(turn.view.text('delete.soon'));
        return;
      case 'language':
        turn.send(turn.view.languageQuestion());
        return;
      case 'cancel': {
        const flow = this.openFlow(turn);
        if (flow) {
          turn.close();
          turn.send(turn.view.text('cancel.done'));
        } else {
          turn.send(turn.view.text('cancel.nothing'));
        }
        return;
      }
    }
  }

  /**
   * STOP: ends every subscription at once, withdraws the consent (recorded), closes any open
   * flow (a report draft included), and confirms — asking whether updates on the citizen's own
   * reports should stop too.
   */
  private stop(turn: Turn, via: 'keyword' | 'menu'): void {
    const topics = [...turn.subscribed];
    turn.command({ type: 'unsubscribe_all' });
    turn.command({ type: 'withdraw_consent', textVersion: turn.ctx.consent.version ?? turn.ctx.texts.consentVersion(turn.language), topics, via });
    turn.subscribed.clear();
    turn.consentGranted = false;
    turn.close();
    turn.send(turn.view.stopConfirmation(turn.caseUpdatesStopped));
  }

  /** START: resumes case updates; with a valid consent shows the topics, else asks for consent. */
  private start(turn: Turn): void {
    const leads: string[] = [];
    if (turn.caseUpdatesStopped) {
      turn.command({ type: 'resume_case_updates' });
      turn.caseUpdatesStopped = false;
      leads.push(turn.view.t('start.lead.cases'));
    }
    if (turn.consentGranted) {
      showTopics(turn, 0, [turn.view.t('start.lead.subscribed'), ...leads]);
      return;
    }
    const resume = turn.ctx.topics.filter((t) => turn.ctx.consent.resumeTopics.includes(t.key));
    if (resume.length > 0) leads.push(turn.view.t('consent.lead.resume', { topics: turn.view.topicList(resume, new Set(resume.map((t) => t.key))) }));
    askConsent(turn, 'start', [turn.view.t('consent.lead.start'), ...leads], resume.map((t) => t.key));
  }

  // --- taps on buttons and list rows -----------------------------------------------------------

  private choice(turn: Turn, input: DialogueInput, id: string): void {
    const [verb, ...rest] = id.split(':');
    const arg = rest.join(':');
    switch (verb) {
      case 'optin':
        if (arg === 'no') return declineConsent(turn, 'button');
        if (rest[0] === 'yes') return grantConsent(turn, 'button', rest.slice(1).join(':'));
        break;
      case 'menu':
        if (arg === '') {
          turn.send(turn.menu([]));
          return;
        }
        if ((MENU_ITEMS as readonly string[]).includes(arg)) {
          this.menuItem(turn, input, arg as MenuItem);
          return;
        }
        break;
      case 't+':
      case 't-':
        if (toggleTopic(turn, arg, verb === 't+')) return;
        break;
      case 'tp': {
        const page = Number(arg);
        if (Number.isInteger(page) && page >= 0 && turn.consentGranted) {
          showTopics(turn, page, []);
          return;
        }
        if (!turn.consentGranted) return stale(turn, this);
        break;
      }
      case 'tdone':
        if (turn.consentGranted) {
          confirmTopics(turn);
          return;
        }
        return stale(turn, this);
      case 'lang':
        if (isLanguage(arg)) {
          this.setLanguage(turn, arg);
          return;
        }
        break;
      case 'erase': // data rights (issue 9)
        if (this.options.privacy && eraseChoice(turn, arg)) return;
        break;
      case 'ta': // tourist answers (issue 9)
        if (answerTap(turn, arg)) return;
        break;
      case 'cases':
        if (arg === 'stop') {
          if (!turn.caseUpdatesStopped) turn.command({ type: 'stop_case_updates' });
          turn.caseUpdatesStopped = true;
          turn.send(turn.view.text('stop.cases.done'));
          return;
        }
        if (arg === 'keep') {
          turn.send(turn.view.text(turn.caseUpdatesStopped ? 'stop.cases.already' : 'stop.cases.kept'));
          return;
        }
        break;
      default: {
        // A flow (the report flow) may own other ids.
        const flow = this.openFlow(turn);
        if (flow?.onInput(turn, input)) return;
        if (flow !== this.options.report && this.options.report?.onStaleChoice?.(turn, input)) return;
      }
    }
    stale(turn, this);
  }

  private menuItem(turn: Turn, input: DialogueInput, item: MenuItem): void {
    switch (item) {
      case 'subscribe':
        if (turn.consentGranted) showTopics(turn, 0, [turn.view.t('consent.already')]);
        else askConsent(turn, 'menu', []);
        return;
      case 'topics':
        return this.keyword(turn, 'topics', 'menu');
      case 'report':
        return this.startReport(turn, input, null);
      case 'mydata':
        return this.keyword(turn, 'my_data', 'menu');
      case 'delete':
        return this.keyword(turn, 'delete', 'menu');
      case 'language':
        return this.keyword(turn, 'language', 'menu');
      case 'stop':
        return this.stop(turn, 'menu');
      case 'privacy':
        turn.send(turn.view.text('privacy.text'));
        return;
      case 'contact':
        turn.send(turn.view.text('contact.text'));
        return;
      case 'info':
        // An old menu's entry when no answer is active any more: stale.
        if ((turn.ctx.touristAnswers ?? []).length === 0) return stale(turn, this);
        turn.send(answerList(turn, turn.ctx.touristAnswers ?? []));
        return;
      case 'write':
        return this.startReport(turn, input, null, { kind: 'hint' });
    }
  }

  /** Sets the chosen language and, when a flow is open, re-shows its step in that language. */
  setLanguage(turn: Turn, language: Language): void {
    turn.language = language;
    turn.state = { ...turn.state, languageSource: 'chosen' };
    turn.command({ type: 'set_language', language, source: 'chosen' });
    turn.send(turn.view.text('language.set'));
    const flow = this.openFlow(turn);
    if (flow) turn.send(flow.prompt(turn, []));
  }

  /**
   * A report: with the report flow (issue 11) it starts there; until then an honest answer
   * (reports come soon; the town's contact meanwhile). Never dropped: the message itself is
   * stored by the inbound handler. `reason` null: chosen from the menu.
   */
  startReport(turn: Turn, input: DialogueInput, reason: ReportReason | null, options?: { kind: 'hint' }): void {
    if (reason) turn.report = reason;
    if (this.options.report) {
      this.options.report.start(turn, input, reason ?? 'menu', options);
      return;
    }
    turn.send(turn.view.text('report.soon'));
  }

  prompt(turn: Turn, leads: string[]): void {
    const flow = this.openFlow(turn);
    turn.send(flow ? flow.prompt(turn, leads) : turn.menu(leads));
  }
}

/** Why a message reads as a report by its kind alone (photo, video, document, location). */
function reportReasonOf(content: InboundContent): ReportReason | null {
  if (content.type === 'location') return 'location';
  if (content.type === 'media' && (content.media === 'image' || content.media === 'video' || content.media === 'document')) return 'media';
  if (content.type === 'text') return readsAsReport(content.text);
  return null;
}

function hintFor(turn: Turn, flow: FlowName): string {
  return flow === 'consent' ? turn.view.t('consent.lead.hint') : flow === 'topics' ? turn.view.t('topics.lead.hint') : turn.view.t('menu.lead.unknown');
}

/** A tap that no longer applies: say so and show the current step (or the menu). */
function stale(turn: Turn, engine: Engine): void {
  engine.prompt(turn, [turn.view.t('menu.lead.stale')]);
}

/** Adds the privacy line to the first message of a first-contact turn that lacks the link. */
function ensurePrivacyLink(turn: Turn): void {
  const url = turn.ctx.town.privacy_url;
  if (turn.messages.some((m) => 'text' in m && m.text.includes(url))) return;
  const line = turn.view.privacyLine();
  const first = turn.messages[0];
  if (!first) {
    turn.send({ type: 'text', text: line });
    return;
  }
  if (first.type === 'text' || first.type === 'buttons' || first.type === 'list' || first.type === 'location_request') {
    turn.messages[0] = { ...first, text: `${first.text}\n\n${line}` };
  }
}

// --- consent ---------------------------------------------------------------------------------

function askConsent(turn: Turn, origin: string, leads: string[], extra: string[] = []): void {
  const preselect = [...new Set([...(turn.urgentTopic ? [turn.urgentTopic.key] : []), ...extra])];
  turn.open('consent', 'asked', { origin, preselect });
  turn.send(turn.view.consentQuestion(turn.urgentName(), leads));
}

/**
 * "Yes" to the consent question (double opt-in: the citizen wrote first, then confirmed).
 * A tap on a consent question whose text version is no longer current asks again.
 */
function grantConsent(turn: Turn, via: 'button' | 'text', version: string): void {
  const current = turn.ctx.texts.consentVersion(turn.language);
  if (version !== current) {
    askConsent(turn, 'stale', [turn.view.t('menu.lead.stale')], preselectOf(turn));
    return;
  }
  if (turn.consentGranted) {
    showTopics(turn, 0, [turn.view.t('consent.already')]);
    return;
  }
  const preselect = preselectOf(turn).filter((key) => turn.ctx.topics.some((t) => t.key === key));
  turn.command({ type: 'grant_consent', textVersion: current, language: turn.language, preselected: preselect, via });
  turn.consentGranted = true;
  for (const key of preselect) {
    if (!turn.subscribed.has(key)) turn.command({ type: 'subscribe', topic: key });
    turn.subscribed.add(key);
  }
  showTopics(turn, 0, [turn.view.t('topics.lead.consented')]);
}

function preselectOf(turn: Turn): string[] {
  const data = turn.state.flow === 'consent' ? turn.state.data : {};
  const preselect = Array.isArray(data.preselect) ? data.preselect.filter((k): k is string => typeof k === 'string') : [];
  return preselect.length > 0 ? preselect : turn.urgentTopic ? [turn.urgentTopic.key] : [];
}

function declineConsent(turn: Turn, _via: 'button' | 'text'): void {
  if (turn.consentGranted) {
    // An old question's "no" after the citizen said yes is stale, not a withdrawal (that is STOP).
    turn.close();
    const current = turn.view.t('topics.confirmed', { topics: turn.view.topicList(turn.ctx.topics, turn.subscribed) });
    turn.send({ type: 'text', text: `${turn.view.t('menu.lead.stale')} ${turn.view.t('consent.already')}\n\n${current}` });
    return;
  }
  turn.close();
  turn.send(turn.view.text('consent.declined'));
}

const consentFlow: FlowPlugin = {
  name: 'consent',
  onInput(turn, input) {
    if (input.content.type !== 'text') return false;
    const answer = matchYesNo(input.content.text);
    if (answer === 'yes') grantConsent(turn, 'text', turn.ctx.texts.consentVersion(turn.language));
    else if (answer === 'no') declineConsent(turn, 'text');
    else return false;
    return true;
  },
  prompt(turn, leads) {
    return turn.view.consentQuestion(turn.urgentName(), leads);
  },
};

// --- topics ----------------------------------------------------------------------------------

function showTopics(turn: Turn, page: number, leads: string[]): void {
  turn.open('topics', 'choosing', { page });
  turn.send(turn.view.topicsList(turn.ctx.topics, turn.subscribed, page, leads));
}

/**
 * A tap on a topic row: `add` says what the tapped row offered (✓ rows remove), so a tap on an
 * older list does what that list showed, and a repeated tap changes nothing more. Without a
 * valid consent the tap is stale and the consent question comes instead; an unknown or inactive
 * topic is stale too.
 */
function toggleTopic(turn: Turn, key: string, add: boolean): boolean {
  if (!turn.consentGranted) {
    askConsent(turn, 'stale', [turn.view.t('menu.lead.stale'), turn.view.t('consent.lead.topics')]);
    return true;
  }
  const index = turn.ctx.topics.findIndex((t) => t.key === key);
  const topic = turn.ctx.topics[index];
  if (!topic) return false;
  const name = turn.view.topicName(topic);
  if (add && !turn.subscribed.has(key)) {
    turn.command({ type: 'subscribe', topic: key });
    turn.subscribed.add(key);
  } else if (!add && turn.subscribed.has(key)) {
    turn.command({ type: 'unsubscribe', topic: key });
    turn.subscribed.delete(key);
  }
  showTopics(turn, pageOf(turn.ctx.topics.length, index), [turn.view.t(add ? 'topics.lead.added' : 'topics.lead.removed', { topic: name })]);
  return true;
}

function confirmTopics(turn: Turn): void {
  turn.close();
  turn.send(
    turn.subscribed.size > 0
      ? turn.view.text('topics.confirmed', { topics: turn.view.topicList(turn.ctx.topics, turn.subscribed) })
      : turn.view.text('topics.confirmed.none'),
  );
}

const topicsFlow: FlowPlugin = {
  name: 'topics',
  onInput(turn, input) {
    if (input.content.type !== 'text') return false;
    const text = input.content.text;
    if (isDoneWord(text)) {
      confirmTopics(turn);
      return true;
    }
    // A topic's name typed (in any language) toggles it.
    if (text.length <= 60) {
      const key = tokens(text).join(' ');
      const topic = turn.ctx.topics.find((t) => Object.values(t.names).some((n) => tokens(n).join(' ') === key));
      if (topic) return toggleTopic(turn, topic.key, !turn.subscribed.has(topic.key));
    }
    return false;
  },
  prompt(turn, leads) {
    const page = typeof turn.state.data.page === 'number' ? turn.state.data.page : 0;
    return turn.view.topicsList(turn.ctx.topics, turn.subscribed, page, leads);
  },
};

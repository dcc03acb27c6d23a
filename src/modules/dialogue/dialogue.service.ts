/**
 * The dialogue engine's thin shell: a message listener (src/modules/inbound) that loads the
 * contact's state and context, lets the pure core decide (dialogue.engine.ts), applies the
 * commands through repositories and writes the replies to the outbox — all in the inbound
 * event's transaction, so state, consent, subscriptions and replies commit together (decision 6).
 */
import type { ChannelPort, InboundContent } from '../../channels/channel.js';
import type { Database } from '../../db/database.js';
import type { ContactRow, TopicRow } from '../../db/schema.js';
import type { Clock } from '../../lib/clock.js';
import { countryLanguage, isLanguage, type Language } from '../../lib/language.js';
import type { Logger } from '../../lib/log.js';
import { contactRepository } from '../contacts/contact.repository.js';
import type { MessageListener } from '../inbound/inbound.handlers.js';
import type { OutboxService } from '../outbox/outbox.service.js';
import { fanoutRepository } from '../outbox/fanout.repository.js';
import { INFORMATION, subscriptionRepository, type ConsentRow } from '../subscriptions/subscription.repository.js';
import { topicRepository } from '../topics/topic.repository.js';
import type { Town } from '../town/town.seed.js';
import { townRepository } from '../town/town.repository.js';
import { createTexts, DEFAULT_TEXTS, usableOverrides, type Texts } from './catalogue/index.js';
import { decide, IDLE, type Command, type ConsentInfo, type DialogueContext, type DialogueState, type EngineOptions, type FlowName, type LanguageSource, type TurnResult } from './dialogue.engine.js';
import { dialogueRepository, type DialogueStateRow } from './dialogue.repository.js';
import type { DialoguePrivacy } from '../privacy/privacy.dialogue-hook.js'; // data rights (issue 9)
import { activeTouristAnswers } from '../tourist-answers/tourist-answer.repository.js'; // tourist answers (issue 9)
import type { TopicInfo } from './dialogue.views.js';
import type { LoadedFacts, ReportHooks } from '../reports/report.service.js';

/** The setting key staff use to override dialogue texts (`{"de": {"consent.yes": "…"}}`). */
export const DIALOGUE_TEXTS_SETTING = 'dialogue_texts';

export interface DialogueDeps {
  outbox: OutboxService;
  /** The channel's name (recorded with consents) and its message check. */
  channel: Pick<ChannelPort, 'name' | 'validate'>;
  clock: Clock;
  log: Logger;
  engine?: EngineOptions;
  /** MY DATA and DELETE in the chat (issue 9); without it the engine answers "soon". */
  privacy?: DialoguePrivacy;
  /** The report flow's facts before a turn and its commands after (issue 11, modules/reports). */
  report?: Pick<ReportHooks, 'load' | 'apply'>;
}

/** The dialogue as a listener of citizens' messages. */
export function createDialogueListener(deps: DialogueDeps): MessageListener {
  return async (trx, { contact, event, eventId }) => {
    const now = deps.clock.now().getTime();
    const stored = await dialogueRepository.find(trx, contact.id);
    const town = await townRepository.getSetting<Town>(trx, 'town');
    if (!town) throw new Error('the town settings are missing (the seed has not been applied)');
    const topicRows = (await topicRepository.list(trx)).filter((t) => t.active === 1);
    const subscriptions = await subscriptionRepository.topicKeys(trx, contact.id);
    const consent = toConsentInfo(await subscriptionRepository.latestConsent(trx, contact.id, INFORMATION));
    const { usable, rejected } = usableOverrides(await townRepository.getSetting<unknown>(trx, DIALOGUE_TEXTS_SETTING));
    if (rejected.length > 0) deps.log.warn({ keys: rejected }, 'dialogue text overrides ignored: unknown key or changed placeholders');

    const state = stored ? toState(stored) : { ...IDLE, languageSource: 'guess' as const };
    const context: DialogueContext = {
      now,
      firstContact: !stored,
      language: isLanguage(contact.language) ? contact.language : 'de',
      countryLanguage: countryLanguage({ phone: contact.phone, countryCode: contact.country_code }),
      town,
      topics: topicRows.map(toTopicInfo),
      subscriptions,
      consent,
      caseUpdatesStopped: contact.case_updates_stopped_at !== null,
      texts: createTexts(usable),
      touristAnswers: await activeTouristAnswers(trx),
    };
    const input = { content: event.content, at: event.at.getTime() };
    const reportFacts = deps.report ? await deps.report.load(trx, { contact, state, input, now }) : undefined;
    if (reportFacts) context.report = reportFacts;
    const result = decideValid(deps, state, input, context);

    await applyCommands(trx, deps, contact, topicRows, result.commands, { now, messageAt: input.at, cause: `inbound:${eventId}`, texts: context.texts }, reportFacts);
    // After an erasure no dialogue state is kept (the next message is a first contact again).
    const erased = result.commands.some((c) => c.type === 'erase_contact');
    if (!erased) await dialogueRepository.save(trx, toRow(contact.id, result.state, stored?.created_at ?? now, now));
    for (const message of result.messages) {
      await deps.outbox.enqueue(trx, { contactId: contact.id, kind: 'dialogue_reply', message, cause: `inbound:${eventId}` });
    }
    deps.log.debug(
      { contact_id: contact.id, flow: result.state.flow, commands: result.commands.map((c) => c.type), replies: result.messages.length, ignored: result.ignored, report: result.report },
      'dialogue turn',
    );
  };
}

/**
 * Decides the turn and checks every reply against the channel's limits. A staff override that
 * makes a message invalid (a button title too long) falls back to the built-in texts for this
 * turn; an invalid message from the built-in texts is a bug and fails the event (retried, then
 * a dead letter) rather than being sent half-right.
 */
function decideValid(deps: DialogueDeps, state: DialogueState, input: { content: InboundContent; at: number }, context: DialogueContext): TurnResult {
  const options: EngineOptions = { ...deps.engine, privacy: deps.privacy !== undefined };
  let result = decide(state, input, context, options);
  let problem = result.messages.map((m) => deps.channel.validate(m)).find((e) => e !== null);
  if (problem && context.texts.overridden) {
    deps.log.warn({ code: problem.code }, 'a dialogue text override makes a message invalid; the built-in texts are used');
    result = decide(state, input, { ...context, texts: DEFAULT_TEXTS }, options);
    problem = result.messages.map((m) => deps.channel.validate(m)).find((e) => e !== null);
  }
  if (problem) throw new Error(`dialogue message rejected by the channel check: ${problem.code} ${problem.details ?? ''}`);
  return result;
}

async function applyCommands(
  trx: Database,
  deps: DialogueDeps,
  contact: ContactRow,
  topics: TopicRow[],
  commands: Command[],
  at: { now: number; messageAt: number; cause: string; texts: Texts },
  reportFacts?: LoadedFacts,
): Promise<void> {
  const topicId = (key: string) => topics.find((t) => t.key === key)?.id;
  for (const command of commands) {
    switch (command.type) {
      case 'set_language':
        if (command.language !== contact.language) await contactRepository.update(trx, contact.id, { language: command.language, updated_at: at.now });
        break;
      case 'grant_consent':
        await subscriptionRepository.recordConsent(trx, {
          contact_id: contact.id,
          purpose: INFORMATION,
          action: 'granted',
          text_version: command.textVersion,
          channel: deps.channel.name,
          at: at.now,
          detail: JSON.stringify({ language: command.language, preselected: command.preselected, via: command.via, message_at: at.messageAt }),
        });
        break;
      case 'withdraw_consent':
        await subscriptionRepository.recordConsent(trx, {
          contact_id: contact.id,
          purpose: INFORMATION,
          action: 'withdrawn',
          text_version: command.textVersion,
          channel: deps.channel.name,
          at: at.now,
          detail: JSON.stringify({ topics: command.topics, via: command.via, message_at: at.messageAt }),
        });
        break;
      case 'subscribe': {
        const id = topicId(command.topic);
        if (id !== undefined) await subscriptionRepository.add(trx, contact.id, id, at.now);
        break;
      }
      case 'unsubscribe': {
        const id = topicId(command.topic);
        if (id !== undefined) await subscriptionRepository.remove(trx, contact.id, id);
        break;
      }
      case 'unsubscribe_all':
        await subscriptionRepository.removeAll(trx, contact.id);
        await fanoutRepository.cancelQueuedForContact(trx, contact.id, at.now); // issue 10: nothing more after STOP
        break;
      case 'stop_case_updates':
        await contactRepository.update(trx, contact.id, { case_updates_stopped_at: at.now, updated_at: at.now });
        break;
      case 'resume_case_updates':
        await contactRepository.update(trx, contact.id, { case_updates_stopped_at: null, updated_at: at.now });
        break;
      case 'export_data':
        await deps.privacy?.sendExport(trx, { contact, language: command.language, cause: at.cause, texts: at.texts });
        break;
      case 'erase_contact':
        await deps.privacy?.erase(trx, contact, 'chat');
        break;
      case 'report':
        if (!deps.report) throw new Error('a report command without the report flow');
        await deps.report.apply(trx, { contact, payload: command.payload, facts: reportFacts });
        break;
    }
  }
}

function toConsentInfo(latest: ConsentRow | undefined): ConsentInfo {
  if (!latest) return { granted: false, version: null, resumeTopics: [] };
  if (latest.action === 'granted') return { granted: true, version: latest.text_version, resumeTopics: [] };
  let topics: unknown = [];
  try {
    topics = (JSON.parse(latest.detail ?? '{}') as { topics?: unknown }).topics ?? [];
  } catch {
    topics = [];
  }
  return { granted: false, version: null, resumeTopics: Array.isArray(topics) ? topics.filter((t): t is string => typeof t === 'string') : [] };
}

function toTopicInfo(row: TopicRow): TopicInfo {
  return {
    key: row.key,
    names: JSON.parse(row.names) as Record<Language, string>,
    descriptions: JSON.parse(row.descriptions) as Record<Language, string>,
    urgent: row.urgent === 1,
  };
}

const FLOWS: readonly FlowName[] = ['idle', 'consent', 'topics', 'report'];
const SOURCES: readonly LanguageSource[] = ['guess', 'text', 'chosen'];

/** A stored row as engine state; anything unreadable becomes idle (the state never breaks). */
export function toState(row: DialogueStateRow): DialogueState {
  let data: unknown = {};
  try {
    data = JSON.parse(row.data);
  } catch {
    data = null;
  }
  const languageSource = (SOURCES as readonly string[]).includes(row.language_source) ? (row.language_source as LanguageSource) : 'guess';
  const flow = row.flow as FlowName;
  if (!FLOWS.includes(flow) || data === null || typeof data !== 'object' || Array.isArray(data)) return { ...IDLE, languageSource };
  return { flow, step: row.step, data: data as Record<string, unknown>, languageSource, expiresAt: row.expires_at };
}

function toRow(contactId: number, state: DialogueState, createdAt: number, now: number): DialogueStateRow {
  return {
    contact_id: contactId,
    flow: state.flow,
    step: state.step,
    data: JSON.stringify(state.data),
    language_source: state.languageSource,
    created_at: createdAt,
    updated_at: now,
    expires_at: state.expiresAt,
  };
}

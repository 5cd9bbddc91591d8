/**
 * 8x8 Chat Gateway in broker mode: a conversation with the bot history, assigned to a queue and
 * carrying the handoff id in `user.additionalProperties`; user messages and typing (on the
 * configurable `typingPath`, as 8x8 publishes none); the user leaving when
 * Handoff ends the chat. Agent events reach `POST /v1/webhooks/8x8` through the channel's webhook.
 */
import type { EightByEightOptions } from './options';
import type { PlatformDeliverable } from '../../contracts/platform-session';
import type { HandoffContext, OpenedSession, PlatformConnector, SessionContext } from '../connector';
import { eightByEightClient, HANDOFF_ID_PROPERTY, type NewConversation } from './client';
import { cutToCharacters } from '../../lib/fit-utterance';
import { sendTypingBestEffort } from '../shared/typing';
import { routedQueueId } from '../shared/route-target';

export interface EightByEightConnectorOptions {
  /** Where `${ENV}` references (the API key) are resolved, at call time. */
  env: NodeJS.ProcessEnv;
}

const LANGUAGES = new Set(['en', 'ru', 'de', 'ja', 'es', 'fr', 'pt', 'it', 'pl', 'hr', 'nl', 'ar', 'da', 'ko', 'no', 'sv', 'vi', 'cy', 'th', 'zh-CN', 'zh-TW']);
const SENT_KEPT_PER_WORKER = 20_000;

export function eightByEightConnector({ env }: EightByEightConnectorOptions): PlatformConnector<EightByEightOptions, 'broker'> {
  // The Chat Gateway takes no idempotency key for messages: remember what this worker delivered,
  // so a batch retried after a partial failure never shows a message twice.
  const sent = new Set<string>();
  const client = (context: { options: EightByEightOptions }) => eightByEightClient(context.options, env);

  return {
    broker: {
      async openSession(context: HandoffContext<EightByEightOptions>): Promise<OpenedSession> {
        const conversationId = await client(context).createConversation(newConversation(context));
        return { session: { key: conversationId, data: {} } };
      },

      async deliver(context: SessionContext<EightByEightOptions>, items: PlatformDeliverable[]): Promise<void> {
        const api = client(context);
        for (const item of items) {
          if (item.kind === 'typing') {
            await sendTypingBestEffort('8x8 user typing', () => api.sendUserTyping(context.session.key, item.typing));
            continue;
          }
          // 8x8 declares no `attachments` capability, so the activity sends a link message instead.
          if (item.kind === 'attachment') continue;
          const key = `${context.session.key}:${item.messageId}`;
          if (sent.has(key)) continue;
          await api.sendUserMessage(context.session.key, item.text);
          sent.add(key);
          if (sent.size > SENT_KEPT_PER_WORKER) sent.delete(sent.values().next().value!);
        }
      },

      async closeSession(context: SessionContext<EightByEightOptions>): Promise<void> {
        await client(context).userLeaves(context.session.key);
      },
    },
  };
}

function newConversation(context: HandoffContext<EightByEightOptions>): NewConversation {
  const { request, ticket, handoffId, options } = context;
  const properties: Array<[string, string | undefined]> = [
    [HANDOFF_ID_PROPERTY, handoffId],
    ['conversationId', request.conversationId],
    ['issueCategory', request.issue.category],
    ['issueSummary', request.issue.summary],
    ['lastUtterance', cutToCharacters(request.issue.lastUtterance, 1_000)],
    ['ticketNumber', ticket?.number],
    ['ticketUrl', ticket?.url],
    ['handoffSummary', context.summary && cutToCharacters(context.summary.text, 1_000)],
    ['routeSkills', context.route?.skills?.join(',')],
    ['routePriority', context.route?.priority?.toString()],
  ];
  const history = request.transcript.filter((turn) => turn.text.trim() !== '').map((turn) => ({ authorType: turn.from, text: turn.text }));
  if (history.length === 0) history.push({ authorType: 'user', text: request.issue.lastUtterance });
  const language = languageOf(request.user.locale);
  return {
    channelId: options.channelId,
    user: {
      ...(request.user.name && { name: request.user.name }),
      userId: request.user.id,
      ...(request.user.email && { email: request.user.email }),
      ...(language && { language }),
      additionalProperties: properties.filter((p): p is [string, string] => !!p[1]).map(([key, value]) => ({ key, value })),
    },
    assignment: { type: 'queue', id: routedQueueId(context.route, options.routeQueues) ?? options.queueId },
    history: { messages: history },
  };
}

/** 8x8's language codes are primary subtags, except Chinese, which names its script. */
function languageOf(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  const [primary = '', region = ''] = locale.split(/[-_]/);
  const candidate = primary.toLowerCase() === 'zh' ? `zh-${['TW', 'HK', 'MO', 'HANT'].includes(region.toUpperCase()) ? 'TW' : 'CN'}` : primary.toLowerCase();
  return LANGUAGES.has(candidate) ? candidate : undefined;
}

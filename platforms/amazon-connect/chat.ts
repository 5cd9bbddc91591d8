/** What Handoff tells Amazon Connect when it starts a chat: contact attributes and the first message. */
import type { StartChatContactCommandInput } from '@aws-sdk/client-connect';
import type { HandoffContext } from '../connector';
import type { AmazonConnectOptions } from './options';
import { charactersOf, cutToCharacters } from '../../lib/fit-utterance';
import { routedQueueId } from '../shared/route-target';

/** `SendMessage` and `InitialMessage` take 1–1,024 characters. */
export const CONNECT_MESSAGE_MAX = 1_024;

const CHAT_MINUTES_MIN = 60;
const CHAT_MINUTES_MAX = 10_080;

/** The contact attribute that carries the handoff id; the SNS webhook reads it back with `GetContactAttributes`. */
export const HANDOFF_ID_ATTRIBUTE = 'handoffId';

export function startChatInput(context: HandoffContext<AmazonConnectOptions>): StartChatContactCommandInput {
  const { request, ticket, options, timeouts } = context;
  const attributes: Record<string, string | undefined> = {
    [HANDOFF_ID_ATTRIBUTE]: context.handoffId,
    conversationId: request.conversationId,
    userId: request.user.id,
    userName: request.user.name,
    userEmail: request.user.email,
    issueCategory: request.issue.category,
    issueSummary: request.issue.summary && cutToCharacters(request.issue.summary, CONNECT_MESSAGE_MAX),
    lastUtterance: cutToCharacters(request.issue.lastUtterance, CONNECT_MESSAGE_MAX),
    ticketNumber: ticket?.number,
    ticketUrl: ticket?.url,
    // What the agent sees first, and the route for the flow: "Set working queue" by `routeQueue`,
    // "Set routing criteria" (proficiencies) by `routeSkills`, "Change routing priority" by `routePriority`.
    handoffSummary: context.summary && cutToCharacters(context.summary.text, CONNECT_MESSAGE_MAX),
    routeQueue: routedQueueId(context.route, options.routeQueues),
    routeSkills: context.route?.skills?.join(','),
    routePriority: context.route?.priority?.toString(),
  };
  return {
    InstanceId: options.instanceId,
    ContactFlowId: options.contactFlowId,
    Attributes: Object.fromEntries(Object.entries(attributes).filter((entry): entry is [string, string] => !!entry[1])),
    ParticipantDetails: { DisplayName: cutToCharacters(request.user.name || options.customerDisplayName, 256) },
    InitialMessage: { ContentType: 'text/plain', Content: historySummary(context) },
    // The chain id is stable across retries and resets: a repeated start returns the same contact.
    ClientToken: context.chainId,
    ChatDurationInMinutes: Math.min(CHAT_MINUTES_MAX, Math.max(CHAT_MINUTES_MIN, Math.ceil(timeouts.maxDuration / 60_000))),
  };
}

/** The agent's first view of the chat: who asks, why, and the latest turns with the bot that fit. */
export function historySummary({ request, ticket, summary }: HandoffContext<AmazonConnectOptions>): string {
  const who = [request.user.name, request.user.email && `(${request.user.email})`].filter(Boolean).join(' ');
  const header = [
    `Live agent requested${who ? ` by ${who}` : ''}.`,
    summary && `Summary:\n${summary.text}`,
    request.issue.summary && `Issue: ${request.issue.summary}`,
    `Last message: ${request.issue.lastUtterance}`,
    ticket && `Ticket: ${ticket.number}`,
  ].filter((line): line is string => !!line);
  const turns = request.transcript.filter((turn) => turn.text.trim() !== '').map((turn) => `${turn.from}: ${turn.text}`);
  let text = header.join('\n');
  if (turns.length > 0) {
    const kept: string[] = [];
    for (const turn of [...turns].reverse()) {
      if ([text, 'Conversation with the bot:', turn, ...kept].join('\n').length > CONNECT_MESSAGE_MAX) break;
      kept.unshift(turn);
    }
    if (kept.length > 0) text = [text, 'Conversation with the bot:', ...kept].join('\n');
  }
  return splitForConnect(text)[0] ?? '';
}

/** Splits a user message into `SendMessage`-sized parts without breaking a character. */
export function splitForConnect(text: string): string[] {
  const parts: string[] = [];
  let part = '';
  for (const character of charactersOf(text)) {
    if (part.length + character.length > CONNECT_MESSAGE_MAX) {
      parts.push(part);
      part = '';
    }
    part += character;
  }
  if (part) parts.push(part);
  return parts;
}

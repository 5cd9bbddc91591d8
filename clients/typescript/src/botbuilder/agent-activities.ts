/**
 * What the user sees of the agent's side: each event Handoff sends, as the activity the bot sends
 * the user proactively. A bot gives its own words through `HandoffMiddlewareOptions.agentActivity`.
 */
import { ActivityTypes, type Activity } from 'botbuilder';
import type { BotEvent } from '../contract.js';

/** The activity the user gets for an event; none for what the user need not see. */
export type AgentActivity = (event: BotEvent) => Partial<Activity> | undefined;

export const defaultAgentActivity: AgentActivity = (event) => {
  const agent = event.agentName;
  switch (event.type) {
    case 'agent.message':
      return event.text ? { type: ActivityTypes.Message, text: event.text } : undefined;
    case 'agent.typing':
      return event.typing === false ? undefined : { type: ActivityTypes.Typing };
    case 'agent.attachment':
      return event.attachment && event.url
        ? { type: ActivityTypes.Message, attachments: [{ contentType: event.attachment.contentType, contentUrl: event.url, name: event.attachment.name }] }
        : undefined;
    case 'agent.joined':
      return notice(`${agent ?? 'An agent'} joined the chat.`);
    case 'agent.left':
      return notice(`${agent ?? 'The agent'} left the chat.`);
    case 'agent.transferred':
      return notice(`Your chat is being transferred${event.to ? ` to ${event.to}` : ''}; please stay here.`);
    case 'queue.updated':
      return event.queue?.position === undefined ? undefined : notice(queueLine(event.queue.position, event.queue.estimatedWaitSeconds));
    case 'handoff.fallback':
      return notice(fallbackLine(event));
    case 'handoff.check-in':
      return notice(event.text ?? 'Are you still there?');
    // What the agent is told before the chat (the summary, the queue) is not the user's to read.
    case 'handoff.started':
    case 'handoff.summary':
      return undefined;
    // The end is the bot's to tell: it hears handoff.status "completed" or "failed".
    case 'handoff.closed':
    case 'handoff.failed':
      return undefined;
    default:
      return unknownEvent(event.type);
  }
};

/** A type the client does not know yet: nothing for the user (the type check fails here first when the contract grows). */
function unknownEvent(type: never): undefined {
  void type;
  return undefined;
}

function notice(text: string): Partial<Activity> {
  return { type: ActivityTypes.Message, text };
}

function queueLine(position: number, waitSeconds: number | undefined): string {
  const wait = waitSeconds === undefined ? '' : `, about ${Math.max(1, Math.round(waitSeconds / 60))} min to wait`;
  return `You are number ${position} in the queue${wait}.`;
}

function fallbackLine(event: BotEvent): string {
  switch (event.action) {
    case 'wait-for-opening':
      return `Nobody can take the chat right now; it will be queued when the desk opens${event.nextOpenAt ? ` (${new Date(event.nextOpenAt).toUTCString()})` : ''}.`;
    case 'ticket':
      return `Nobody can take the chat right now${event.ticket ? `; ticket ${event.ticket.number} was filed` : ''} and someone will follow up.`;
    case 'callback':
      return 'Nobody can take the chat right now; someone can call you back.';
    default:
      return 'Nobody can take the chat right now.';
  }
}

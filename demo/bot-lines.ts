/** What the stand-in bot says. It solves nothing itself: its one skill is handing over. */
import type { BotEvent } from '../contracts/bot-event';
import type { HandoffView } from '../contracts/handoff-view';
import { isOpen } from './conversations';

export const GREETING = 'Hi, I am the stand-in bot. Tell me what is wrong; press "Request live agent" whenever you would rather talk to a person.';

export function replyTo(text: string, handoff: HandoffView | undefined): string {
  if (isOpen(handoff) && handoff.mode === 'api') {
    return "You are in the service desk's queue: please carry on in the desk's chat, through the join link above.";
  }
  const quoted = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return `I am only a stand-in bot, so I cannot solve "${quoted}" myself. Press "Request live agent" to talk to a person.`;
}

/** The bot's answer once Handoff has answered its request. */
export function outcomeLine(handoff: HandoffView): string {
  const place = handoff.queue?.position ? `You are number ${handoff.queue.position} in the queue "${handoff.queue.name}".` : '';
  const ticket = handoff.ticket ? ` I filed ticket ${handoff.ticket.number} for you.` : '';
  switch (handoff.status) {
    case 'redirected':
      return `The live chat is on the service desk's own page: open the link above; your last message is already filled in.${ticket}`;
    case 'queued':
    case 'connected':
      return handoff.mode === 'api'
        ? `${place} Join the service desk's chat through the link above; an agent will answer you there.${ticket}`
        : `I am getting you a live agent. ${place} I will pass on everything you write here.${ticket}`;
    case 'not_eligible':
      return `A live agent is not offered for this: ${handoff.reason ?? 'the trigger rule said no'}.`;
    case 'failed':
      return `I could not hand you over: ${handoff.reason ?? 'the platform refused'}.`;
    default:
      return `Your request is ${handoff.status}.`;
  }
}

/** The bot's closing message when the live chat ends, by how it ended. */
export function closingLine(handoff: HandoffView | undefined, event: BotEvent): string {
  const back = 'I am back if you need anything else.';
  if (event.type === 'handoff.failed' || handoff?.status === 'failed')
    return `The live chat broke off (${event.reason ?? handoff?.reason ?? 'unknown reason'}). ${back}`;
  if (handoff?.status === 'abandoned') {
    const ticket = handoff.ticket ? ` Your ticket ${handoff.ticket.number} stays open and the service desk will get back to you.` : '';
    return `Sorry, no agent could take your chat in time.${ticket} ${back}`;
  }
  if (handoff?.status === 'cancelled' || event.reason === 'user-left') return `You left the live chat. ${back}`;
  if (event.reason === 'agent-closed') return `The agent closed the chat. ${back}`;
  if (event.reason === 'inactivity') return `The live chat was closed because it went quiet. ${back}`;
  return `The live chat ended (${event.reason ?? 'closed'}). ${back}`;
}

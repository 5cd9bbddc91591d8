/** What the stand-in bot says. It solves nothing itself: its one skill is handing over. */
import type { BotEvent } from '../../contracts/bot-event';
import type { Fallback } from '../../contracts/fallback';
import type { HandoffView } from '../../contracts/handoff-view';
import { isOpen } from './conversations';
import { chatPageName, deskName, endingWords, localTime, notOfferedWhy, statusWords } from './user-words';

export const GREETING = 'Hi, I am the stand-in bot. Tell me what is wrong; press "Request live agent" whenever you would rather talk to a person.';

export function replyTo(text: string, handoff: HandoffView | undefined, platformName?: string): string {
  if (handoff?.status === 'waiting') {
    return 'The service desk is closed right now: I will connect you as soon as agents are back. Keep this page open; you can write to the agent once you are connected.';
  }
  if (isOpen(handoff) && handoff.mode === 'api') {
    return `You are in the queue: please carry on in the chat on ${deskName(platformName)}, through the join link above.`;
  }
  const quoted = text.length > 80 ? `${text.slice(0, 77)}...` : text;
  return `I am only a stand-in bot, so I cannot solve "${quoted}" myself. Press "Request live agent" to talk to a person.`;
}

/**
 * The bot's answer once Handoff has answered its request; `platformName` is the name the profile's
 * platform has for its users (absent: the service desk), `timeZone` the user's.
 */
export function outcomeLine(handoff: HandoffView, platformName: string | undefined, timeZone: string): string {
  const place = queueLine(handoff.queue);
  const ticket = handoff.ticket ? ` I filed ticket ${handoff.ticket.number} for you.` : '';
  switch (handoff.status) {
    case 'redirected':
      return `The live chat is on ${chatPageName(platformName)}: open the link above; your last message is already filled in.${ticket}`;
    case 'queued':
    case 'connected':
      return handoff.mode === 'api'
        ? `${place} Join the chat on ${deskName(platformName)} through the link above; an agent will answer you there.${ticket}`.trim()
        : `I am getting you a live agent. ${place} I will pass on everything you write here.${ticket}`;
    case 'not_eligible':
      return `A live agent is not offered now: ${notOfferedWhy(handoff.decision, timeZone)}.`;
    case 'waiting':
      // The fallback's line that follows says when they are back.
      return `No agent is in right now.${ticket}`;
    case 'failed':
      return 'I could not hand you over just now: the service desk did not take the request. Please try again later.';
    default:
      return `Your request is ${statusWords(handoff.status)}.`;
  }
}

/** The bot's closing message when the live chat ends, by how it ended. */
export function closingLine(handoff: HandoffView | undefined, event: BotEvent): string {
  const back = 'I am back if you need anything else.';
  if (event.type === 'handoff.failed' || handoff?.status === 'failed') return `The live chat broke off. ${back}`;
  if (handoff?.status === 'abandoned') {
    const ticket = handoff.ticket ? ` Your ticket ${handoff.ticket.number} stays open and the service desk will get back to you.` : '';
    return `Sorry, no agent could take your chat in time.${ticket} ${back}`;
  }
  return `${endingWords(handoff?.status ?? 'closed', event.reason ?? handoff?.reason)} ${back}`;
}

/** The bot's line when the live chat ends: it takes the conversation back (`handBack`). */
export function handBackLine(handoff: HandoffView | undefined, event: BotEvent): string {
  const closing = closingLine(handoff, event);
  return event.type === 'handoff.closed' && event.handBack ? `You're back with the assistant. ${closing}` : closing;
}

/** True while the handoff takes the user's rating: its survey window is open and nobody rated yet. */
export function surveyOpen(handoff: HandoffView | undefined, now = Date.now()): boolean {
  return handoff?.surveyUntil !== undefined && Date.parse(handoff.surveyUntil) > now && handoff.survey === undefined;
}

export const SURVEY_PROMPT = 'How was your chat with the agent? Rate it from 1 to 5 stars below; a comment is welcome.';

export function surveyThanks(rating: number): string {
  return `Thank you for rating the chat ${rating} out of 5. Anything else I can do?`;
}

export const SURVEY_CLOSED = 'the survey has closed';
export const CALLBACK_CLOSED = 'the callback request has closed';

const FALLBACK_BECAUSE: Record<Fallback['reason'], string> = {
  closed: 'The service desk is closed right now.',
  'no-agents-available': 'No agent is available right now.',
  // The closing line before it said so already.
  'no-agent-accepted': '',
};

/** What happens instead of a live agent (`handoff.fallback`, or the view's `fallback`), with the next step. */
export function fallbackLine(fallback: Pick<Fallback, 'action' | 'reason' | 'nextOpenAt' | 'ticket'>, timeZone: string): string {
  return `${FALLBACK_BECAUSE[fallback.reason] ?? 'No agent can take your chat right now.'} ${nextStep(fallback, timeZone)}`.trim();
}

function nextStep(fallback: Pick<Fallback, 'action' | 'nextOpenAt' | 'ticket'>, timeZone: string): string {
  switch (fallback.action) {
    case 'wait-for-opening':
      return fallback.nextOpenAt
        ? `Agents are back at ${localTime(fallback.nextOpenAt, timeZone)}; you'll be connected then. Keep this page open.`
        : `You'll be connected as soon as agents are back. Keep this page open.`;
    case 'callback':
      return `Leave your phone number and when suits you below, and the service desk will call you back.`;
    case 'ticket':
      return fallback.ticket
        ? `We've filed ticket ${fallback.ticket.number} for you; the service desk will follow up.`
        : `We've filed a ticket for you; the service desk will follow up.`;
  }
}

export function callbackThanks(phone: string, when: string | undefined): string {
  return `Thank you: the service desk will call you at ${phone}${when ? ` (${when})` : ''}.`;
}

export function transferLine(to: string | undefined): string {
  return `You're being transferred to ${to ?? 'another agent'}. Please hold on.`;
}

/** The user's place and wait, as the bot says it; empty when the platform tells neither. */
export function queueLine(queue: HandoffView['queue']): string {
  if (!queue) return '';
  const place = queue.position ? `You are number ${queue.position} in the queue "${queue.name}".` : '';
  const wait = queue.estimatedWaitSeconds !== undefined ? ` The wait is ${waitText(queue.estimatedWaitSeconds)}.` : '';
  return `${place}${wait}`.trim();
}

export function waitText(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? 'about 1 minute' : `about ${minutes} minutes`;
}

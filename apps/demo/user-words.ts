/**
 * What the demo tells its user, in words: never a status or reason code, never a UTC time. The bot's
 * lines (apps/demo/bot-lines.ts) and the page (apps/demo/pages/bot-demo.ts) both say it, so it is pure: the
 * page's bundle takes it too.
 */
import type { Decision } from '../../contracts/availability';
import type { HandoffStatus } from '../../contracts/status';

/** `when` (an ISO instant) as the user reads it in their time zone, e.g. "Mon 2 Mar, 08:00 (Europe/Paris)". */
export function localTime(when: string, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(
    new Date(when),
  );
  return `${text} (${timeZone})`;
}

/** The handoff's state in a few words, for its badge. */
const STATUS_WORDS: Readonly<Record<HandoffStatus, string>> = {
  evaluating: 'asking',
  waiting: 'closed now',
  not_eligible: 'not offered',
  redirected: 'handed over',
  queued: 'in the queue',
  connected: 'with an agent',
  closed: 'ended',
  abandoned: 'nobody answered',
  cancelled: 'ended',
  failed: 'broke off',
};

export function statusWords(status: string): string {
  return STATUS_WORDS[status as HandoffStatus] ?? status.replaceAll('_', ' ');
}

/** What ended the live chat, by the view's status and reason (workflows/endings.ts names them). */
export function endingWords(status: string, reason: string | undefined): string {
  if (status === 'failed') return 'The live chat broke off.';
  if (status === 'abandoned') return 'No agent could take the chat in time.';
  switch (reason) {
    case 'user-left':
      return 'You left the live chat.';
    case 'operator':
      return 'The service desk ended the chat.';
    case 'agent-closed':
      return 'The agent closed the chat.';
    case 'handed-back-to-bot':
      return 'The agent handed the chat back to me.';
    case 'inactivity':
      return 'The live chat was closed because it went quiet.';
    case 'max-duration':
      return 'The live chat was closed: it reached its time limit.';
    case 'no-events':
      return 'The live chat was closed: the service desk stopped answering.';
    default:
      // A platform's own words for its end, or none.
      return status === 'cancelled' ? 'The live chat was cancelled.' : 'The live chat has ended.';
  }
}

/**
 * Why a live agent is not offered, from the decision Handoff kept (its `explanation` is for
 * operators: the rule, its value, a UTC time). A phrase, to follow "Not offered now: ".
 */
export function notOfferedWhy(decision: Pick<Decision, 'reason' | 'availability'> | undefined, timeZone: string): string {
  switch (decision?.reason) {
    case 'closed':
      return decision.availability.nextOpenAt
        ? `the service desk is closed; agents are back at ${localTime(decision.availability.nextOpenAt, timeZone)}`
        : 'the service desk is closed';
    case 'no-agents-available':
      return 'no agent is available right now';
    case 'rule-error':
      return 'the service desk cannot tell right now';
    default:
      return 'not for this kind of request';
  }
}

/** "Five9", or "the service desk" for a platform without a name of its own (the local desk, `generic-url`). */
export function deskName(platformName: string | undefined): string {
  return platformName ?? 'the service desk';
}

/** "Five9's chat page", "the service desk's chat page". */
export function chatPageName(platformName: string | undefined): string {
  return `${deskName(platformName)}'s chat page`;
}

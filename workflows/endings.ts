/**
 * Every way a handoff ends, named: the status it ends in, the reason the view and the bot see
 * (unless the platform or the failure gives its own words), whether Handoff ended it, in which
 * case the platform's side must be closed too, and whether the user is asked to rate a chat that
 * reached an agent (not after a failure, nor after an operator's cancel: the user never saw the
 * chat end the way a chat ends).
 */
import type { HandoffStatus } from '../contracts/status';

export interface Ending {
  status: HandoffStatus;
  /** The default `reason`; failures and platforms bring their own. */
  reason?: string;
  endedByUs: boolean;
  survey: boolean;
}

export const ENDINGS = {
  notEligible: { status: 'not_eligible', endedByUs: false, survey: false },
  redirected: { status: 'redirected', endedByUs: false, survey: false },
  userLeft: { status: 'cancelled', reason: 'user-left', endedByUs: true, survey: true },
  /** An operator pressed Request Cancellation (Temporal UI or CLI). */
  operatorCancelled: { status: 'cancelled', reason: 'operator', endedByUs: true, survey: false },
  agentClosed: { status: 'closed', reason: 'agent-closed', endedByUs: false, survey: true },
  handedBack: { status: 'closed', reason: 'handed-back-to-bot', endedByUs: false, survey: true },
  inactivity: { status: 'closed', reason: 'inactivity', endedByUs: true, survey: true },
  maxDuration: { status: 'closed', reason: 'max-duration', endedByUs: true, survey: true },
  /** An api-mode handoff reached `maxDuration` without a single event from the platform. */
  noEvents: { status: 'closed', reason: 'no-events', endedByUs: true, survey: true },
  noAgentAccepted: { status: 'abandoned', reason: 'no agent accepted in time', endedByUs: true, survey: true },
  failed: { status: 'failed', endedByUs: true, survey: false },
} as const satisfies Record<string, Ending>;

export type EndCause = keyof typeof ENDINGS;

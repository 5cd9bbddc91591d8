/**
 * Every way a handoff ends, named: the status it ends in, the reason the view and the bot see
 * (unless the platform or the failure gives its own words), and whether Handoff ended it, in which
 * case the platform's side must be closed too.
 */
import type { HandoffStatus } from '../contracts/status';

export interface Ending {
  status: HandoffStatus;
  /** The default `reason`; failures and platforms bring their own. */
  reason?: string;
  endedByUs: boolean;
}

export const ENDINGS = {
  notEligible: { status: 'not_eligible', endedByUs: false },
  redirected: { status: 'redirected', endedByUs: false },
  userLeft: { status: 'cancelled', reason: 'user-left', endedByUs: true },
  /** An operator pressed Request Cancellation (Temporal UI or CLI). */
  operatorCancelled: { status: 'cancelled', reason: 'operator', endedByUs: true },
  agentClosed: { status: 'closed', reason: 'agent-closed', endedByUs: false },
  handedBack: { status: 'closed', reason: 'handed-back-to-bot', endedByUs: false },
  inactivity: { status: 'closed', reason: 'inactivity', endedByUs: true },
  maxDuration: { status: 'closed', reason: 'max-duration', endedByUs: true },
  /** An api-mode handoff reached `maxDuration` without a single event from the platform. */
  noEvents: { status: 'closed', reason: 'no-events', endedByUs: true },
  noAgentAccepted: { status: 'abandoned', reason: 'no agent accepted in time', endedByUs: true },
  failed: { status: 'failed', endedByUs: true },
} as const satisfies Record<string, Ending>;

export type EndCause = keyof typeof ENDINGS;

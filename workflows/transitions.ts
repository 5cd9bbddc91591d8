/**
 * The handoff's status diagram (system.md, "Statuses") as data:
 *
 *   evaluating → not_eligible | redirected | waiting | queued | failed
 *   waiting    → queued | cancelled | failed   (closed now: fallback `wait-for-opening`)
 *   queued     → connected | closed | abandoned | cancelled | failed
 *   connected  → closed | cancelled | failed | queued (transferred back to a queue)
 *
 * Every other status is an end. A move the table does not allow is a bug: it throws, which fails
 * the workflow task, so the run waits (visibly, in the Temporal UI) for a fixed worker instead of
 * recording a state the diagram does not have.
 */
import type { HandoffStatus } from '../contracts/status';

export const TRANSITIONS: Readonly<Record<HandoffStatus, readonly HandoffStatus[]>> = {
  evaluating: ['not_eligible', 'redirected', 'waiting', 'queued', 'failed'],
  waiting: ['queued', 'cancelled', 'failed'],
  queued: ['connected', 'closed', 'abandoned', 'cancelled', 'failed'],
  connected: ['closed', 'cancelled', 'failed', 'queued'],
  not_eligible: [],
  redirected: [],
  closed: [],
  abandoned: [],
  cancelled: [],
  failed: [],
};

/** Thrown when code asks for a status change the diagram does not have. */
export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';
  constructor(
    readonly from: HandoffStatus,
    readonly to: HandoffStatus,
  ) {
    super(`a handoff cannot go from ${from} to ${to}`);
  }
}

export function assertTransition(from: HandoffStatus, to: HandoffStatus): void {
  if (!TRANSITIONS[from].includes(to)) throw new IllegalTransitionError(from, to);
}

export function isTerminal(status: HandoffStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

/** The user can still leave (and, once queued, talk): `waiting` for the opening counts. */
export function isOpen(status: HandoffStatus): boolean {
  return status === 'waiting' || status === 'queued' || status === 'connected';
}

/**
 * The fallback ladder (profile `fallback`): what Handoff does instead of a live agent when the hours
 * are closed, nobody is there, or nobody accepted in time. The first rung that applies is taken.
 */
import { log } from '@temporalio/workflow';
import type { FileTicketInput } from '../activities/tickets';
import type { Decision } from '../contracts/availability';
import type { Fallback, FallbackAction, FallbackReason } from '../contracts/fallback';
import type { HandoffRequest } from '../contracts/handoff-request';
import type { HandoffMode } from '../contracts/status';
import { failureReason, quickStep, startStep } from './activity-proxies';
import type { ProfileSnapshot } from './definitions';
import type { HandoffSession } from './session';

/** How long the user has to leave a callback request once it is offered. */
export const CALLBACK_WINDOW_MS = 30 * 60_000;

/** Why the ladder applies to a decision not to offer: closed hours or nobody there (a rule not met otherwise is no case for it). */
export function fallbackReasonOf(decision: Decision | undefined): FallbackReason | undefined {
  if (decision?.reason === 'closed' || decision?.reason === 'no-agents-available') return decision.reason;
  return undefined;
}

/** The first rung that applies: waiting for the opening needs closed hours with a known opening, and a chat Handoff brokers. */
export function chooseFallback(
  ladder: readonly FallbackAction[],
  reason: FallbackReason,
  mode: HandoffMode,
  nextOpenAt: string | undefined,
): FallbackAction | undefined {
  return ladder.find((action) => action !== 'wait-for-opening' || (reason === 'closed' && nextOpenAt !== undefined && mode === 'broker'));
}

/**
 * Takes the profile's fallback, if one applies: files the ticket where the rung needs one, notes why
 * on it, and tells the bot. Answers whether a fallback was taken. During the start the bot's request
 * is at hand (`request`) and the bot waits, so the steps' retries are the start's; after the chat
 * the ticket is filed from the archived request.
 */
export async function takeFallback(session: HandoffSession, profile: ProfileSnapshot, reason: FallbackReason, request?: HandoffRequest): Promise<boolean> {
  const nextOpenAt = session.state.decision?.availability.nextOpenAt;
  const action = chooseFallback(profile.fallback ?? [], reason, profile.mode, nextOpenAt);
  if (!action) return false;
  const now = Date.now();
  const { state } = session;
  const step = request ? startStep : quickStep;
  if (!state.ticket && (action === 'ticket' || profile.fileTicket)) {
    try {
      session.attachTicket(await step.call('fileTicket', ticketInput(session, request)), Date.now());
    } catch (error) {
      log.warn('could not file the fallback ticket', { reason: failureReason(error) });
    }
  }
  const opensAt = action === 'wait-for-opening' ? Date.parse(nextOpenAt!) : undefined;
  session.takeFallback(action, reason, now, {
    ...(opensAt !== undefined && { nextOpenAt: opensAt }),
    ...(action === 'callback' && { callbackWindowMs: CALLBACK_WINDOW_MS }),
  });
  if (opensAt !== undefined) session.markWaiting(opensAt, now);
  if (state.ticket && state.fallback) {
    await noteOnTicket(session, profile, `fallback:${state.chainId}:${reason}`, fallbackNote(state.fallback), step);
  }
  return true;
}

/** What filing the handoff's ticket reads: the request (during the start) or its archived copy (after it), and the decision for the work notes. */
export function ticketInput(session: HandoffSession, request?: HandoffRequest): FileTicketInput {
  const { state } = session;
  return { profile: state.profile, chainId: state.chainId, ...(request && { request }), ...(state.decision && { decision: state.decision }) };
}

/** A work note on the handoff's ticket, idempotent by `noteKey`; a ticketing system that cannot take it is logged, never fatal. */
export async function noteOnTicket(session: HandoffSession, profile: ProfileSnapshot, noteKey: string, text: string, step = quickStep): Promise<void> {
  const { ticket } = session.state;
  if (!ticket) return;
  try {
    await step.call('appendTicketWorkNote', { profile: profile.name, ticket, noteKey, text });
  } catch (error) {
    log.warn('could not add a note to the ticket', { ticket: ticket.number, noteKey, reason: failureReason(error) });
  }
}

/** What the ticket says when Handoff fell back instead of a live agent. */
export function fallbackNote(fallback: Fallback): string {
  const why = { closed: 'outside opening hours', 'no-agents-available': 'no agent was available', 'no-agent-accepted': 'no agent accepted the chat in time' }[
    fallback.reason
  ];
  const what = {
    ticket: 'Assigned for follow-up: please contact the user.',
    callback: 'The user was offered a callback; their request follows when they leave one.',
    'wait-for-opening': `The handoff waits for the opening at ${fallback.nextOpenAt ?? '(unknown)'} and then queues the user.`,
  }[fallback.action];
  return `No live agent (${why}). ${what}`;
}

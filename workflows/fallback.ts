/**
 * The fallback ladder (profile `fallback`): what Handoff does instead of a live agent when the hours
 * are closed, nobody is there, or nobody accepted in time. The first rung that applies is taken.
 */
import { log } from '@temporalio/workflow';
import type { Decision } from '../contracts/availability';
import type { Fallback, FallbackAction, FallbackReason } from '../contracts/fallback';
import type { HandoffMode } from '../contracts/status';
import { failureReason, relay, startSteps } from './activity-proxies';
import type { HandoffWorkflowInput } from './definitions';
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
 * Takes the profile's fallback, if one applies: files the ticket where the rung needs one (during
 * the start steps as a local activity, after the chat as a regular one), notes why on it, and tells
 * the bot. Answers whether a fallback was taken.
 */
export async function takeFallback(session: HandoffSession, input: HandoffWorkflowInput, reason: FallbackReason, during: 'start' | 'end'): Promise<boolean> {
  const ladder = input.profile.fallback ?? [];
  const nextOpenAt = session.state.decision?.availability.nextOpenAt;
  const action = chooseFallback(ladder, reason, input.profile.mode, nextOpenAt);
  if (!action) return false;
  const now = Date.now();
  const { state } = session;
  const context = { handoffId: input.handoffId, profile: input.profile.name, chainId: state.chainId, request: input.request, decision: state.decision };
  const steps = during === 'start' ? startSteps : relay;
  if (!state.ticket && (action === 'ticket' || input.profile.fileTicket)) {
    try {
      session.attachTicket(await steps.fileTicket(context), Date.now());
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
    try {
      await steps.appendTicketWorkNote({
        ...context,
        ticket: state.ticket,
        noteKey: `fallback:${state.chainId}:${reason}`,
        text: fallbackNote(state.fallback),
      });
    } catch (error) {
      log.warn('could not note the fallback on the ticket', { ticket: state.ticket.number, reason: failureReason(error) });
    }
  }
  return true;
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

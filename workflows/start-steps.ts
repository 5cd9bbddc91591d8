/** The start of a handoff: the trigger rule, the ticket, then the URL, the queue or the brokered chat. */
import { log, patched } from '@temporalio/workflow';
import type { HandoffWorkflowInput } from './definitions';
import { failureReason, relay, startSteps } from './activity-proxies';
import type { HandoffSession } from './session';
import { fallbackReasonOf, takeFallback } from './fallback';

export async function runStartSteps(session: HandoffSession, input: HandoffWorkflowInput): Promise<void> {
  const { request, profile, handoffId } = input;
  const verdict = await startSteps.evaluateTriggerRule({ profile: profile.name, request });
  session.recordDecision(verdict.decision);
  if (!verdict.offered) {
    // Closed or nobody there: the profile's fallback, if it has one (waiting for the opening keeps the handoff open).
    const reason = profile.fallback ? fallbackReasonOf(verdict.decision) : undefined;
    if (reason !== undefined) await takeFallback(session, input, reason, 'start');
    if (session.status === 'evaluating') session.markNotEligible(verdict.reason, Date.now());
    return;
  }
  const context = { handoffId, profile: profile.name, chainId: session.state.chainId, request, ...(verdict.decision && { decision: verdict.decision }) };
  try {
    if (profile.fileTicket) {
      session.attachTicket(await startSteps.fileTicket(context), Date.now());
    }
    const withTicket = { ...context, ticket: session.state.ticket };
    if (profile.mode === 'url') {
      session.markRedirected(await startSteps.buildRedirectUrl(withTicket), Date.now());
    } else if (profile.mode === 'api') {
      const placed = await startSteps.placeInQueue(withTicket);
      session.markQueued(placed.session, placed.queue, placed.joinUrl, Date.now());
    } else {
      const opened = await startSteps.openBrokeredSession(withTicket);
      session.markQueued(opened.session, opened.queue, undefined, Date.now());
    }
  } catch (error) {
    session.fail(failureReason(error), Date.now());
  }
}

/** Runs recorded before the join link left the ticket's note (the link lets whoever holds it in as the user). */
export const JOIN_LINK_NOT_NOTED_PATCH = 'join-link-not-noted';

/**
 * In API mode the agent works from the ticket too: note that the user was queued and sent a link
 * (after the bot has its answer). The link itself is not noted: anyone who reads the ticket could
 * join the chat as the user with it.
 */
export async function noteJoinLink(session: HandoffSession, input: HandoffWorkflowInput): Promise<void> {
  const { state } = session;
  if (state.mode !== 'api' || !state.ticket || state.redirectUrl === undefined || !session.isOpen) return;
  const placed = `The user was placed in queue ${state.queue?.name ?? '(default)'} on ${state.platform}`;
  const text = patched(JOIN_LINK_NOT_NOTED_PATCH)
    ? `${placed} and sent a private link to join the chat (not noted here: whoever holds it joins as the user)`
    : `${placed} and linked to ${state.redirectUrl}`;
  try {
    await relay.appendTicketWorkNote({
      handoffId: input.handoffId,
      profile: input.profile.name,
      chainId: state.chainId,
      request: input.request,
      ticket: state.ticket,
      noteKey: `join-link:${state.chainId}`,
      text,
    });
  } catch (error) {
    log.warn('could not note the join link on the ticket', { ticket: state.ticket.number, reason: failureReason(error) });
  }
}

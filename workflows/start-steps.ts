/** The start of a handoff: the trigger rule, the ticket, then the URL, the queue or the brokered chat. */
import { log } from '@temporalio/workflow';
import type { OneStepStart } from '../activities/start-in-one-step';
import type { HandoffWorkflowInput } from './definitions';
import { failureReason, oneStepStart, relay, startSteps } from './activity-proxies';
import { patchedBefore } from './code-version';
import type { HandoffSession } from './session';
import { fallbackReasonOf, takeFallback } from './fallback';
import { joinLinkNote, joinLinkNoteKey, queuedNote } from './join-link-note';

/**
 * Runs the start steps: all in one local activity where the run began on that code (`inOneStep`),
 * each step that did not get done there (it failed, or the whole activity did) by its own local
 * activity after it, as runs recorded before do for every step.
 */
export async function runStartSteps(session: HandoffSession, input: HandoffWorkflowInput, inOneStep: boolean): Promise<StartSteps> {
  const { request, profile, handoffId } = input;
  const first = inOneStep ? await startInOneStep(session, input) : undefined;
  const verdict = first?.verdict ?? (await startSteps.evaluateTriggerRule({ profile: profile.name, request }));
  session.recordDecision(verdict.decision);
  if (!verdict.offered) {
    // Closed or nobody there: the profile's fallback, if it has one (waiting for the opening keeps the handoff open).
    const reason = profile.fallback ? fallbackReasonOf(verdict.decision) : undefined;
    if (reason !== undefined) await takeFallback(session, input, reason, 'start');
    if (session.status === 'evaluating') session.markNotEligible(verdict.reason, Date.now());
    return { joinLinkNoted: false };
  }
  const context = { handoffId, profile: profile.name, chainId: session.state.chainId, request, ...(verdict.decision && { decision: verdict.decision }) };
  if (first?.refused) {
    // Refused for good (a 4xx-type failure): trying the step again would only ask again. A ticket filed before it stays, to note the failure on.
    if (first.ticket) session.attachTicket(first.ticket, Date.now());
    session.fail(first.refused.reason, Date.now());
    return { joinLinkNoted: false };
  }
  try {
    if (profile.fileTicket) {
      session.attachTicket(first?.ticket ?? (await startSteps.fileTicket(context)), Date.now());
    }
    const withTicket = { ...context, ticket: session.state.ticket };
    if (profile.mode === 'url') {
      session.markRedirected(first?.redirectUrl ?? (await startSteps.buildRedirectUrl(withTicket)), Date.now());
    } else if (profile.mode === 'api') {
      const placed = first?.placed ?? (await startSteps.placeInQueue(withTicket));
      session.markQueued(placed.session, placed.queue, placed.joinUrl, Date.now());
    } else {
      const opened = first?.opened ?? (await startSteps.openBrokeredSession(withTicket));
      session.markQueued(opened.session, opened.queue, undefined, Date.now());
    }
  } catch (error) {
    session.fail(failureReason(error), Date.now());
  }
  return { joinLinkNoted: first?.joinLinkNoted === true };
}

export interface StartSteps {
  /** The one-step start noted the join link on the ticket already (api mode): noteJoinLink has nothing to do. */
  joinLinkNoted: boolean;
}

async function startInOneStep(session: HandoffSession, { handoffId, profile, request }: HandoffWorkflowInput): Promise<OneStepStart | undefined> {
  try {
    return await oneStepStart.startInOneStep({
      handoffId,
      profile: profile.name,
      chainId: session.state.chainId,
      request,
      fileTicket: profile.fileTicket,
      mode: profile.mode,
      platform: profile.platform,
    });
  } catch (error) {
    log.warn('the one-step start failed; its steps run one by one', { reason: failureReason(error) });
    return undefined;
  }
}

/** Runs recorded before the join link left the ticket's note (the link lets whoever holds it in as the user). */
export const JOIN_LINK_NOT_NOTED_PATCH = 'join-link-not-noted';

/**
 * In API mode the agent works from the ticket too: note that the user was queued and sent a link
 * (workflows/join-link-note.ts). The one-step start notes it before the bot's answer; this notes it
 * after, for runs recorded before that and when the one-step start could not.
 */
export async function noteJoinLink(session: HandoffSession, input: HandoffWorkflowInput): Promise<void> {
  const { state } = session;
  if (state.mode !== 'api' || !state.ticket || state.redirectUrl === undefined || !session.isOpen) return;
  const text = patchedBefore(JOIN_LINK_NOT_NOTED_PATCH)
    ? joinLinkNote(state.queue?.name, state.platform)
    : `${queuedNote(state.queue?.name, state.platform)} and linked to ${state.redirectUrl}`;
  try {
    await relay.appendTicketWorkNote({
      handoffId: input.handoffId,
      profile: input.profile.name,
      chainId: state.chainId,
      request: input.request,
      ticket: state.ticket,
      noteKey: joinLinkNoteKey(state.chainId),
      text,
    });
  } catch (error) {
    log.warn('could not note the join link on the ticket', { ticket: state.ticket.number, reason: failureReason(error) });
  }
}

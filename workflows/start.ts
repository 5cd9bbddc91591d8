/**
 * The start of a handoff: one idempotent step (activities/start.ts) decides, files the ticket and
 * builds the URL, places the user in the queue or opens the brokered chat, tried first as a local
 * activity inside the run's first workflow task, then retried as a regular one. The workflow records
 * what it answers; a refusal for good fails the handoff with the platform's reason.
 */
import type { HandoffRequest } from '../contracts/handoff-request';
import { failureReason, startStep } from './activity-proxies';
import type { ProfileSnapshot } from './definitions';
import { fallbackReasonOf, takeFallback } from './fallback';
import type { HandoffSession } from './session';
import { HANDOFF_STARTED_EVENT, isPatched } from './patches';

export async function start(session: HandoffSession, profile: ProfileSnapshot, request: HandoffRequest, receivedAt?: string): Promise<void> {
  const { handoffId, chainId } = session.state;
  let started;
  try {
    started = await startStep.call('startHandoff', {
      handoffId,
      profile: profile.name,
      chainId,
      request,
      mode: profile.mode,
      fileTicket: profile.fileTicket,
      // A fallback's ticket after the chat and a model's summary after the start read it there.
      archiveRequest: profile.fallback !== undefined || profile.modelSummary === true,
    });
  } catch (error) {
    session.fail(failureReason(error), Date.now());
    return;
  }
  const { verdict } = started;
  session.recordDecision(verdict.decision);
  if (started.requestArchived) session.requestArchived();
  if (!verdict.offered) {
    // Closed or nobody there: the profile's fallback, if it has one (waiting for the opening keeps the handoff open).
    const reason = profile.fallback ? fallbackReasonOf(verdict.decision) : undefined;
    if (reason !== undefined) await takeFallback(session, profile, reason, request);
    if (session.status === 'evaluating') session.markNotEligible(verdict.reason, Date.now());
    return;
  }
  if (started.ticket) session.attachTicket(started.ticket, Date.now());
  session.recordSummary(started.summary);
  const now = Date.now();
  if (started.refused) session.fail(started.refused.reason, now);
  else if (started.redirectUrl !== undefined) session.markRedirected(started.redirectUrl, now);
  else if (started.placed) session.markQueued(started.placed.session, started.placed.queue, started.placed.joinUrl, now);
  else if (started.opened) session.markQueued(started.opened.session, started.opened.queue, undefined, now);
  else session.fail(`the start answered no outcome for a ${profile.mode}-mode handoff`, now);
  if (session.status === 'queued' && isPatched(HANDOFF_STARTED_EVENT)) session.announceStarted(receivedAt ?? new Date(now).toISOString());
}

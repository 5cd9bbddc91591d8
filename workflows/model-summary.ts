/**
 * A model's summary, asked right after the start answered the bot, beside the conversation (never
 * on the start's path, and never holding a message back). When it arrives it replaces the start's
 * extractive summary in the view and the bot hears `handoff.summary`; the activity has already
 * replaced it on the platform and in the ticket.
 */
import { log } from '@temporalio/workflow';
import { failureReason, summaryStep } from './activity-proxies';
import type { ProfileSnapshot } from './definitions';
import { isPatched, MODEL_SUMMARY } from './patches';
import type { HandoffSession } from './session';

/** Starts the model's summary when the profile has one and the start made a summary; settles once it is recorded (or given up). */
export function summarizeAfterStart(session: HandoffSession, profile: ProfileSnapshot): Promise<void> | undefined {
  if (!profile.modelSummary || session.state.summary === undefined || !isPatched(MODEL_SUMMARY)) return undefined;
  const { handoffId, chainId, platformSession, ticket } = session.state;
  return summaryStep
    .summarizeWithModel({ handoffId, profile: profile.name, chainId, ...(platformSession && { session: platformSession }), ...(ticket && { ticket }) })
    .then(
      (summary) => session.replaceSummary(summary, Date.now()),
      // The desk or the ticket could not take it for two minutes: the start's summary stays where it is.
      (error: unknown) => log.warn("the model's summary could not be shown; the start's stays", { reason: failureReason(error) }),
    );
}

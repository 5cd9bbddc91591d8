import { log } from '@temporalio/workflow';
import { failureReason, relay } from './activity-proxies';
import type { HandoffWorkflowInput } from './definitions';
import type { HandoffSession } from './session';

/** After the session ended: tell the platform if we ended it, file the transcript, tell the bot. */
export async function wrapUp(session: HandoffSession, input: HandoffWorkflowInput): Promise<void> {
  const { state } = session;
  const context = { handoffId: input.handoffId, profile: input.profile.name, chainId: state.chainId, request: input.request };
  if (state.platformSession && session.endedByUs) {
    try {
      if (state.status === 'cancelled' && state.toPlatform.length > 0) {
        await relay.deliverToPlatform({ ...context, session: state.platformSession, items: state.toPlatform.splice(0) });
      }
      await relay.closePlatformSession({ ...context, session: state.platformSession, reason: state.reason ?? state.status });
    } catch (error) {
      log.warn('could not close the platform session', { reason: failureReason(error) });
    }
  }
  const note = session.closingNote();
  if (state.ticket && note !== undefined) {
    try {
      await relay.appendTicketWorkNote({ ...context, ticket: state.ticket, noteKey: `transcript:${state.chainId}`, text: note });
    } catch (error) {
      log.warn('could not add the closing note to the ticket', { ticket: state.ticket.number, reason: failureReason(error) });
    }
  }
}

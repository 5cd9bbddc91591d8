import { log } from '@temporalio/workflow';
import { failureReason, quickStep, relay } from './activity-proxies';
import type { ProfileSnapshot } from './definitions';
import type { HandoffSession } from './session';

/** After the session ended: tell the platform if we ended it, and file the whole transcript on the ticket. */
export async function wrapUp(session: HandoffSession, profile: ProfileSnapshot): Promise<void> {
  const { state } = session;
  const { handoffId } = state;
  if (state.platformSession && session.endedByUs) {
    try {
      if (state.status === 'cancelled' && state.toPlatform.length > 0) {
        await relay.deliverToPlatform({ handoffId, profile: profile.name, session: state.platformSession, items: state.toPlatform.splice(0) });
      }
      await relay.closePlatformSession({ handoffId, profile: profile.name, session: state.platformSession, reason: state.reason ?? state.status });
    } catch (error) {
      log.warn('could not close the platform session', { reason: failureReason(error) });
    }
  }
  const heading = session.closingNote();
  if (state.ticket && heading !== undefined) {
    try {
      await quickStep.call('noteTranscriptOnTicket', {
        profile: profile.name,
        chainId: state.chainId,
        ticket: state.ticket,
        heading,
        segments: state.archive.segments,
        unarchived: state.transcript,
      });
    } catch (error) {
      log.warn('could not add the closing note to the ticket', { ticket: state.ticket.number, reason: failureReason(error) });
    }
  }
}

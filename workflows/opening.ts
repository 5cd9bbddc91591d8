import { condition } from '@temporalio/workflow';
import type { HandoffRequest } from '../contracts/handoff-request';
import { failureReason, relay } from './activity-proxies';
import type { ProfileSnapshot } from './definitions';
import type { HandoffSession } from './session';

/**
 * Fallback `wait-for-opening`: the handoff sleeps on a durable timer until the hours open (or the
 * user leaves, or an operator cancels), then opens the chat on the platform and queues the user;
 * the bot hears `queue.updated`. Workers may restart in between: the timer is the server's. It
 * happens in the first run, before any hand-over, so the bot's request is still at hand.
 */
export async function waitForOpening(session: HandoffSession, profile: ProfileSnapshot, request: HandoffRequest): Promise<void> {
  const opensAt = session.state.opensAt ?? Date.now();
  await condition(() => session.status !== 'waiting', Math.max(opensAt - Date.now(), 1));
  if (session.status !== 'waiting') return;
  const { state } = session;
  try {
    const opened = await relay.openBrokeredSession({
      handoffId: state.handoffId,
      profile: profile.name,
      chainId: state.chainId,
      request,
      ...(state.ticket && { ticket: state.ticket }),
    });
    session.openedAfterWaiting(opened.session, opened.queue, Date.now());
  } catch (error) {
    session.fail(failureReason(error), Date.now());
  }
}

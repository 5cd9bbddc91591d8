import { condition } from '@temporalio/workflow';
import { failureReason, relay } from './activity-proxies';
import type { HandoffWorkflowInput } from './definitions';
import type { HandoffSession } from './session';

/**
 * Fallback `wait-for-opening`: the handoff sleeps on a durable timer until the hours open (or the
 * user leaves, or an operator cancels), then opens the chat on the platform and queues the user;
 * the bot hears `queue.updated`. Workers may restart in between: the timer is the server's.
 */
export async function waitForOpening(session: HandoffSession, input: HandoffWorkflowInput): Promise<void> {
  const opensAt = session.state.opensAt ?? Date.now();
  await condition(() => session.status !== 'waiting', Math.max(opensAt - Date.now(), 1));
  if (session.status !== 'waiting') return;
  const { state } = session;
  try {
    const opened = await relay.openBrokeredSession({
      handoffId: input.handoffId,
      profile: input.profile.name,
      chainId: state.chainId,
      request: input.request,
      ...(state.ticket && { ticket: state.ticket }),
    });
    session.openedAfterWaiting(opened.session, opened.queue, Date.now());
  } catch (error) {
    session.fail(failureReason(error), Date.now());
  }
}

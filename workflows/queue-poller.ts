import { condition, log } from '@temporalio/workflow';
import { failureReason, queueProbe } from './activity-proxies';
import type { ProfileSnapshot } from './definitions';
import { KickedTask } from './kicked-task';
import type { HandoffSession } from './session';

/** Often enough that a waiting user sees the queue move; rarely enough that history stays small (a queued hour: 120 polls). */
const POLL_INTERVAL_MS = 30_000;

/**
 * Asks a platform with the `queueStatus` capability for the user's place and wait while they are
 * queued; a change reaches the bot as `queue.updated`. A poll that fails is skipped, not retried.
 */
export class QueuePoller extends KickedTask {
  constructor(
    private readonly session: HandoffSession,
    private readonly profile: ProfileSnapshot,
  ) {
    super();
  }

  /** The user is queued (again, after a transfer back to a queue). */
  protected get hasWork(): boolean {
    return this.session.status === 'queued';
  }

  protected async work(): Promise<void> {
    const { session, profile } = this;
    const waiting = () => !this.stopped && session.status === 'queued';
    while (waiting()) {
      await condition(() => !waiting(), POLL_INTERVAL_MS);
      if (!waiting()) return;
      try {
        const queue = await queueProbe.pollQueueStatus({ handoffId: session.state.handoffId, profile: profile.name, session: session.state.platformSession! });
        if (queue) session.applyQueueStatus(queue, Date.now());
      } catch (error) {
        log.info('queue position not polled', { reason: failureReason(error) });
      }
    }
  }
}

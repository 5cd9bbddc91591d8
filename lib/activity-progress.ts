/**
 * What one attempt of the calling activity leaves for the next: heartbeat details survive a retry,
 * so a connector resumes after the last call that succeeded instead of repeating it. Local
 * activities cannot heartbeat, and outside an activity (a connector driven directly) there is
 * nothing to resume; then nothing is recorded.
 */
import { Context } from '@temporalio/activity';

function heartbeatingActivity(): Context | undefined {
  try {
    const context = Context.current();
    return context.info.isLocal ? undefined : context;
  } catch {
    return undefined;
  }
}

export function resumedProgress<T>(): T | undefined {
  return heartbeatingActivity()?.info.heartbeatDetails as T | undefined;
}

export function recordProgress(details: unknown): void {
  heartbeatingActivity()?.heartbeat(details);
}

/** When the activity was first scheduled (across its retries), or now outside an activity. */
export function firstScheduledAt(): number {
  try {
    return Context.current().info.scheduledTimestampMs;
  } catch {
    return Date.now();
  }
}

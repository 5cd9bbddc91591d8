/** How the workflow calls its activities: timeouts and retries per kind of step. */
import { ActivityFailure, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { NON_RETRYABLE_FAILURES } from '../lib/failure-types';

/**
 * Steps the bot waits for synchronously run as local activities: the whole start (rule, ticket,
 * URL or queue) completes in one workflow task, with no task-queue round trip per step. They are
 * bounded, so a dead platform fails the start instead of hanging it.
 */
export const startSteps = proxyLocalActivities<Activities>({
  startToCloseTimeout: '20s',
  scheduleToCloseTimeout: '90s',
  retry: { initialInterval: '300ms', backoffCoefficient: 2, maximumInterval: '10s', nonRetryableErrorTypes: NON_RETRYABLE_FAILURES },
});

/**
 * The start steps in one local activity (activities/start-in-one-step.ts), one try: one marker and
 * one round trip to the activity worker instead of one per step. What it did not get done, the
 * `startSteps` activities do after it. Bounded above the steps' own calls (the availability probe's
 * 2 s, two platform calls of 15 s).
 */
export const oneStepStart = proxyLocalActivities<Activities>({ startToCloseTimeout: '60s', retry: { maximumAttempts: 1 } });

/** Relaying keeps trying through a platform outage for an hour before giving the session up. */
export const relay = proxyActivities<Activities>({
  startToCloseTimeout: '20s',
  scheduleToCloseTimeout: '1h',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s', nonRetryableErrorTypes: NON_RETRYABLE_FAILURES },
});

/**
 * Fetching an agent's file into the store: a file takes longer than a message. The bot hears
 * nothing the agent sent after it until it is in, so it gives up after ten minutes (the transcript
 * then says the file could not be fetched).
 */
export const fileImport = proxyActivities<Activities>({
  startToCloseTimeout: '2m',
  scheduleToCloseTimeout: '10m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: NON_RETRYABLE_FAILURES },
});

/** One quick try from inside the workflow task (see local-relay.ts); the regular activity takes over if it fails. */
export const relayFirstTry = proxyLocalActivities<Activities>({ startToCloseTimeout: '3s', retry: { maximumAttempts: 1 } });

/** What an activity threw: a regular activity's failure arrives wrapped in an ActivityFailure, a local activity's last one unwrapped. */
export function activityCause(error: unknown): unknown {
  return error instanceof ActivityFailure && error.cause ? error.cause : error;
}

export function failureReason(error: unknown): string {
  const cause = activityCause(error);
  return cause instanceof Error ? cause.message : String(cause);
}

/** Asking the platform for the user's place in its queue: quick, and skipped (not retried for long) when it cannot answer. */
export const queueProbe = proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumAttempts: 2, nonRetryableErrorTypes: NON_RETRYABLE_FAILURES },
});

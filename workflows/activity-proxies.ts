/** How the workflow calls its activities: timeouts and retries per kind of step, and the one local-first mechanism. */
import { ActivityFailure, ApplicationFailure, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { NON_RETRYABLE_FAILURES } from '../lib/failure-types';

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

/** Asking the platform for the user's place in its queue: quick, and skipped (not retried for long) when it cannot answer. */
export const queueProbe = proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumAttempts: 2, nonRetryableErrorTypes: NON_RETRYABLE_FAILURES },
});

/** A model's summary after the start: the model has 10 s at most; the desk's and the ticket's updates are retried a little. */
export const summaryStep = proxyActivities<Activities>({
  startToCloseTimeout: '40s',
  scheduleToCloseTimeout: '2m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s', nonRetryableErrorTypes: NON_RETRYABLE_FAILURES },
});

type Call<Name extends keyof Activities> = (...args: Parameters<Activities[Name]>) => ReturnType<Activities[Name]>;

/**
 * A step tried once from a local activity, inside the workflow task that needs it (no trip through
 * the task queue, one marker in history), then, if that try failed for any reason but a refusal for
 * good, by the same activity as a regular one with retries. The step must be idempotent (a retried
 * task may run the first try again): every step called this way is keyed by what caused it.
 */
export class LocalFirst {
  private readonly firstTry: Activities;

  constructor(
    firstTryTimeout: string,
    private readonly retried: Activities,
  ) {
    this.firstTry = proxyLocalActivities<Activities>({ startToCloseTimeout: firstTryTimeout, retry: { maximumAttempts: 1 } });
  }

  async call<Name extends keyof Activities>(name: Name, ...args: Parameters<Activities[Name]>): Promise<Awaited<ReturnType<Activities[Name]>>> {
    try {
      return await (this.firstTry[name] as Call<Name>)(...args);
    } catch (error) {
      if (refusedForGood(error)) throw error;
      return await (this.retried[name] as Call<Name>)(...args);
    }
  }
}

/**
 * The start: the bot waits for its answer, so the retries are bounded (a dead platform fails the
 * start instead of hanging it). The first try is bounded above its own calls (the availability
 * probe's 2 s, a ticket and a platform call of 15 s each).
 */
export const startStep = new LocalFirst(
  '40s',
  proxyActivities<Activities>({
    startToCloseTimeout: '40s',
    scheduleToCloseTimeout: '90s',
    retry: { initialInterval: '300ms', backoffCoefficient: 2, maximumInterval: '10s', nonRetryableErrorTypes: NON_RETRYABLE_FAILURES },
  }),
);

/** Deliveries, the archive and the tickets' notes: a quick first try, then relaying's hour of retries. */
export const quickStep = new LocalFirst('3s', relay);

/** What an activity threw: a regular activity's failure arrives wrapped in an ActivityFailure, a local activity's last one unwrapped. */
export function activityCause(error: unknown): unknown {
  return error instanceof ActivityFailure && error.cause ? error.cause : error;
}

export function failureReason(error: unknown): string {
  const cause = activityCause(error);
  return cause instanceof Error ? cause.message : String(cause);
}

/** A failure no retry mends (a 4xx-type answer, a configuration the worker cannot serve). */
export function refusedForGood(error: unknown): boolean {
  const cause = activityCause(error);
  return cause instanceof ApplicationFailure && (cause.nonRetryable || NON_RETRYABLE_FAILURES.some((type) => type === cause.type));
}

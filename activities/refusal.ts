import { ApplicationFailure } from '@temporalio/common';
import { NON_RETRYABLE_FAILURES } from '../lib/failure-types';

/** A failure no retry mends: a non-retryable `ApplicationFailure`, or one of the types every retry policy lists as such. */
export function refusedForGood(error: unknown): error is ApplicationFailure {
  return error instanceof ApplicationFailure && (error.nonRetryable || NON_RETRYABLE_FAILURES.some((type) => type === error.type));
}

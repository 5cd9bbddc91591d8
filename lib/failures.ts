import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from './failure-types';

/** A platform refused the request (auth, 4xx, closed queue): retrying cannot help. */
export function platformRejected(message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type: FailureType.PlatformRejected, message, nonRetryable: true, details: details === undefined ? [] : [details] });
}

/** A ticketing system refused the request: retrying cannot help. */
export function ticketingRejected(message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type: FailureType.TicketingRejected, message, nonRetryable: true, details: details === undefined ? [] : [details] });
}

/** The configuration cannot serve this call (a missing secret, an unsupported mode). */
export function configurationError(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: FailureType.ConfigurationError, message, nonRetryable: true });
}

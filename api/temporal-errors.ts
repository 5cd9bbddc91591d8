import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcServiceError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { FailureType } from '../lib/failure-types';
import { type ApiError, ConflictError, NotFoundError, UnavailableError } from '../lib/api-errors';

const GRPC_NOT_FOUND = 5;

/** The 409 codes of answers taken only in a window after the chat. */
const WINDOW_CODES = { [FailureType.SurveyNotOpen]: 'survey_not_open', [FailureType.CallbackNotOpen]: 'callback_not_open' } as const;

/** Maps what the Temporal client throws to an API error; undefined for anything unexpected. */
export function translateTemporalError(error: unknown): ApiError | undefined {
  if (error instanceof WorkflowNotFoundError) return new NotFoundError('no such handoff', 'handoff_not_found');
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === FailureType.SessionNotOpen) {
    return new ConflictError(error.cause.message, 'session_not_open');
  }
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && (error.cause.type ?? '') in WINDOW_CODES) {
    return new ConflictError(error.cause.message, WINDOW_CODES[error.cause.type as keyof typeof WINDOW_CODES]);
  }
  // Any other refusal: a run of an older release that does not know the update, say. The handoff refused, it did not break.
  if (error instanceof WorkflowUpdateFailedError) return new ConflictError(error.cause?.message ?? 'the handoff refused the request', 'refused');
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return new UnavailableError('the handoff did not answer in time; retry');
  if (error instanceof ServiceError || isGrpcServiceError(error) || isConnectionError(error)) {
    const grpc = isGrpcServiceError(error) ? error : isGrpcServiceError((error as ServiceError).cause) ? (error as ServiceError).cause : undefined;
    if ((grpc as { code?: number } | undefined)?.code === GRPC_NOT_FOUND) return new NotFoundError('no such handoff', 'handoff_not_found');
    return new UnavailableError();
  }
  return undefined;
}

/**
 * What a start that Temporal did not answer in time (or at all) is answered: 503 whose message tells
 * the bot to send the same start again, which joins the handoff this one may have started (the
 * workflow id comes from the conversation; conflict policy USE_EXISTING), never a second one. Any
 * other error as it was thrown.
 */
export function startRefusalOf(error: unknown): unknown {
  const translated = translateTemporalError(error);
  if (!(translated instanceof UnavailableError)) return error;
  return new UnavailableError(
    'the workflow service did not answer the start in time; send the same request again: a start for the same conversationId joins the handoff it started, if it did, and never starts a second one',
    translated.code,
  );
}

function isConnectionError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : '';
  return /ECONNREFUSED|Failed to connect|connection refused|transport|TransportError/i.test(message);
}

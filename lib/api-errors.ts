/** Base of every error the API answers on purpose; the error handler maps it to its status. */
export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Thrown when a request body, query or path fails its schema. */
export class ValidationError extends ApiError {
  override readonly name = 'ValidationError';
  constructor(message: string, details?: unknown) {
    super(400, 'invalid_request', message, details);
  }
}

/** Thrown when a request lacks valid credentials (bot token, webhook secret or signature). */
export class UnauthorizedError extends ApiError {
  override readonly name = 'UnauthorizedError';
  constructor(message = 'missing or invalid credentials') {
    super(401, 'unauthorized', message);
  }
}

/** Thrown when the named handoff, profile, chat or ticket does not exist. */
export class NotFoundError extends ApiError {
  override readonly name = 'NotFoundError';
  constructor(message: string, code = 'not_found') {
    super(404, code, message);
  }
}

/** Thrown when the target exists but its state forbids the action (a closed session). */
export class ConflictError extends ApiError {
  override readonly name = 'ConflictError';
  constructor(message: string, code = 'conflict', details?: unknown) {
    super(409, code, message, details);
  }
}

/** Thrown when Temporal cannot be reached or asks us to retry; the caller should try again. */
export class UnavailableError extends ApiError {
  override readonly name = 'UnavailableError';
  constructor(message = 'the workflow service is unavailable; retry shortly', code = 'temporal_unavailable') {
    super(503, code, message);
  }
}

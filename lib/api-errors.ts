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

/**
 * Thrown when a request's bytes cannot be read as what its headers say: a body that does not
 * decompress as its Content-Encoding says (`invalid_content_encoding`), a JSON body that is not
 * UTF-8 (`invalid_utf8`), a path with a broken percent-escape (`invalid_path`).
 */
export class MalformedRequestError extends ApiError {
  override readonly name = 'MalformedRequestError';
  constructor(code: 'invalid_content_encoding' | 'invalid_utf8' | 'invalid_path' | 'unreadable_body', message: string) {
    super(400, code, message);
  }
}

/** Thrown when a request body is larger than the API reads. */
export class PayloadTooLargeError extends ApiError {
  override readonly name = 'PayloadTooLargeError';
  constructor(message = 'the body is larger than the API accepts') {
    super(413, 'payload_too_large', message);
  }
}

/** Thrown when a body comes in a media type, charset or Content-Encoding the API does not read. */
export class UnsupportedMediaTypeError extends ApiError {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(code: 'unsupported_media_type' | 'unsupported_charset' | 'unsupported_encoding', message: string) {
    super(415, code, message);
  }
}

/** Thrown when a known path is asked with a method it does not serve; the answer lists those it does in `Allow`. */
export class MethodNotAllowedError extends ApiError {
  override readonly name = 'MethodNotAllowedError';
  constructor(
    method: string,
    path: string,
    readonly allow: readonly string[],
  ) {
    super(405, 'method_not_allowed', `${path} does not take ${method}; it takes ${allow.join(', ')}`, { allow });
  }
}

/**
 * Thrown when a client passes a rate limit or holds too many open streams; the answer says when to
 * retry in `Retry-After`. `cause` is the refusal it stands for, when a limit counts refusals.
 */
export class TooManyRequestsError extends ApiError {
  override readonly name = 'TooManyRequestsError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(429, 'rate_limited', message, { retryAfterSeconds });
    if (options && 'cause' in options) this.cause = options.cause;
  }
}

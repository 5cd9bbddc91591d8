import type { ErrorRequestHandler } from 'express';
import type { ApiErrorBody } from '../contracts/api-error';
import { ApiError } from '../lib/api-errors';
import { translateTemporalError } from './temporal-errors';

interface BodyParserError {
  type?: string;
  status?: number;
}

/** The one place errors become answers; nothing internal ever reaches a response. */
export function errorHandler(log: (message: string, context: object) => void = console.error): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = classify(error);
    if (!known) log('unhandled error', { method: req.method, path: req.path, error: error instanceof Error ? error.stack : String(error) });
    const answer = known ?? new ApiError(500, 'internal', 'internal error');
    const body: ApiErrorBody = {
      error: { code: answer.code, message: answer.message, ...(answer.details !== undefined && { details: answer.details }) },
    };
    if (answer.status === 503) res.setHeader('retry-after', '1');
    res.status(answer.status).json(body);
  };
}

function classify(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  const parserError = error as BodyParserError;
  if (parserError?.type === 'entity.parse.failed') return new ApiError(400, 'malformed_json', 'the body is not valid JSON');
  if (parserError?.type === 'entity.too.large') return new ApiError(413, 'payload_too_large', 'the body is larger than the API accepts');
  if (parserError?.type === 'encoding.unsupported' || parserError?.type === 'charset.unsupported') {
    return new ApiError(415, 'unsupported_encoding', 'the body encoding is not supported');
  }
  return translateTemporalError(error);
}

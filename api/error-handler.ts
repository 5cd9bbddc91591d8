import type { ErrorRequestHandler, Request } from 'express';
import type { ApiErrorBody } from '../contracts/api-error';
import {
  ApiError,
  MalformedRequestError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnsupportedMediaTypeError,
} from '../lib/api-errors';
import { translateTemporalError } from './temporal-errors';

/** What body-parser and the router attach to the errors they throw. */
interface HttpLayerError {
  type?: string;
  status?: number;
  encoding?: string;
  charset?: string;
}

/** The one place errors become answers; nothing internal ever reaches a response. */
export function errorHandler(log: (message: string, context: object) => void = console.error): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = classify(error, req);
    if (!known) log('unhandled error', { method: req.method, path: req.path, error: error instanceof Error ? error.stack : String(error) });
    const answer = known ?? new ApiError(500, 'internal', 'internal error');
    const body: ApiErrorBody = {
      error: { code: answer.code, message: answer.message, ...(answer.details !== undefined && { details: answer.details }) },
    };
    if (answer.status === 503) res.setHeader('retry-after', '1');
    if (answer instanceof TooManyRequestsError) res.setHeader('retry-after', String(answer.retryAfterSeconds));
    if (answer instanceof MethodNotAllowedError) res.setHeader('allow', answer.allow.join(', '));
    res.status(answer.status).json(body);
  };
}

function classify(error: unknown, req: Request): ApiError | undefined {
  if (error instanceof ApiError) return error;
  return httpLayerError(error as HttpLayerError | undefined, req) ?? translateTemporalError(error);
}

/** Errors of reading the request (body-parser, the router's path decoding): all the client's doing, so all 4xx. */
function httpLayerError(error: HttpLayerError | undefined, req: Request): ApiError | undefined {
  switch (error?.type) {
    case 'entity.parse.failed':
      return new ApiError(400, 'malformed_json', 'the body is not valid JSON');
    case 'entity.too.large':
      return new PayloadTooLargeError();
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(
        'unsupported_encoding',
        `Content-Encoding "${error.encoding ?? '?'}" is not supported; use gzip, deflate or br, or none`,
      );
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('unsupported_charset', `charset "${error.charset ?? '?'}" is not supported; JSON bodies are UTF-8`);
  }
  const status = error?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (error instanceof URIError) return new MalformedRequestError('invalid_path', `the path ${req.originalUrl.split('?')[0]} has a broken percent-escape`);
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity' && !error?.type) {
    return new MalformedRequestError('invalid_content_encoding', `the body is not valid ${encoding} data, as its Content-Encoding header says it is`);
  }
  return new MalformedRequestError('unreadable_body', `the body could not be read (${error?.type ?? 'unknown reason'})`);
}

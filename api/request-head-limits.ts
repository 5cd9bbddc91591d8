/**
 * Limits on a request's URL and headers, checked before anything else reads them: a URL longer
 * than 8 KiB is answered 414, headers over 16 KiB in all 431, in the API's error shape (the server
 * lets heads up to `MAX_REQUEST_HEAD_BYTES` through to here, api/http-server.ts). No route of the
 * API needs more: the longest are signed download links, well under 2 KiB.
 */
import type { RequestHandler } from 'express';
import { ApiError } from '../lib/api-errors';

/** The longest request target (path and query) the API reads. */
export const MAX_URL_LENGTH = 8 * 1024;
/** The most the headers may take, counted as sent: name, `: `, value and line end. */
export const MAX_HEADER_BYTES = 16 * 1024;

/** Thrown when a request's URL or headers are larger than the API reads. */
export class RequestHeadTooLargeError extends ApiError {
  override readonly name = 'RequestHeadTooLargeError';
  constructor(what: 'url' | 'headers', size: number) {
    super(
      what === 'url' ? 414 : 431,
      what === 'url' ? 'uri_too_long' : 'headers_too_large',
      what === 'url' ? `the URL is ${size} characters long; at most ${MAX_URL_LENGTH}` : `the headers take ${size} bytes; at most ${MAX_HEADER_BYTES}`,
    );
  }
}

export function requestHeadLimits(): RequestHandler {
  return (req, _res, next) => {
    if (req.url.length > MAX_URL_LENGTH) return next(new RequestHeadTooLargeError('url', req.url.length));
    let headerBytes = 0;
    for (let i = 0; i < req.rawHeaders.length; i += 2) headerBytes += Buffer.byteLength(req.rawHeaders[i]!) + Buffer.byteLength(req.rawHeaders[i + 1]!) + 4;
    if (headerBytes > MAX_HEADER_BYTES) return next(new RequestHeadTooLargeError('headers', headerBytes));
    next();
  };
}

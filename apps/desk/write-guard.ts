/**
 * What a state-changing desk call must look like, so that no other site's page can make one with
 * the agent's or the user's cookie: a JSON body (an HTML form or a `text/plain` fetch cannot send
 * one without a CORS preflight) and no foreign `Origin`. A call without `Origin` (curl, a script)
 * is let through: it has no cookie of the browser's to borrow. A file upload is multipart, which a
 * form can send; it must carry `X-Desk-Upload`, a header no form sets and no other site's page can
 * send without a CORS preflight, which the desk never grants.
 */
import type { RequestHandler } from 'express';
import { UnsupportedMediaTypeError } from '../../lib/api-errors';
import { ForeignOriginError } from './errors';
import { originsOf } from '../../lib/loopback-origins';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The header a desk page sets on a file upload (any value). */
export const UPLOAD_HEADER = 'x-desk-upload';

/**
 * The origins of the desk's own pages: the public URL's, and when that is a loopback address, the
 * other loopback names on the same port (`localhost` and `127.0.0.1` are the same desk).
 */
export function deskOrigins(publicUrl: string): Set<string> {
  return new Set(originsOf(publicUrl));
}

export function guardWrites(origins: Set<string>): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.header('origin');
    if (origin !== undefined && !origins.has(origin)) return next(new ForeignOriginError(origin));
    const type = req.header('content-type');
    const hasBody = Number(req.header('content-length') ?? 0) > 0 || req.header('transfer-encoding') !== undefined;
    const mediaType = type?.split(';')[0]!.trim().toLowerCase();
    if (mediaType === 'multipart/form-data' && req.header(UPLOAD_HEADER) !== undefined) return next();
    if ((mediaType !== undefined || hasBody) && mediaType !== 'application/json') {
      return next(new UnsupportedMediaTypeError('unsupported_media_type', `the body is ${mediaType || 'of no type'}; send application/json`));
    }
    next();
  };
}

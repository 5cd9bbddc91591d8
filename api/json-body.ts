import express, { type RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';
import { MalformedRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../lib/api-errors';
import { keepRawBody } from '../lib/raw-body';
import { firstInvalidUtf8Byte } from '../lib/utf8';
import { discardRestOfBody } from './refused-body';

/** The largest JSON body the API reads: 1 MiB. */
export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The app's JSON body parser. JSON bodies are UTF-8 (RFC 8259 §8.1): the raw bytes are checked
 * before decoding, which would otherwise turn a bad byte into U+FFFD without a word. The bytes
 * are kept for webhook signatures. A body whose Content-Length is over the limit is answered 413
 * at once and the rest of it dropped up to a bound, where body-parser would read all of it first.
 */
export function jsonBody(maxBytes: number): RequestHandler {
  const parse = express.json({
    limit: maxBytes,
    verify: (req: IncomingMessage, res: unknown, bytes: Buffer, charset: string) => {
      if (charset !== 'utf-8') throw new UnsupportedMediaTypeError('unsupported_charset', `charset "${charset}" is not supported; JSON bodies are UTF-8`);
      const invalid = firstInvalidUtf8Byte(bytes);
      if (invalid >= 0)
        throw new MalformedRequestError('invalid_utf8', `the body is not valid UTF-8: byte ${invalid} (0x${bytes[invalid]!.toString(16)}) does not fit`);
      keepRawBody(req, res, bytes);
    },
  });
  return (req, res, next) => {
    const uncompressed = (req.headers['content-encoding'] ?? 'identity').toLowerCase() === 'identity';
    if (uncompressed && Number(req.headers['content-length']) > maxBytes && req.is('application/json')) {
      discardRestOfBody(req, res);
      next(new PayloadTooLargeError());
      return;
    }
    parse(req, res, next);
  };
}

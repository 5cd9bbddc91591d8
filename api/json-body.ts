import express, { type RequestHandler } from 'express';
import type { IncomingMessage } from 'node:http';
import { MalformedRequestError, UnsupportedMediaTypeError } from '../lib/api-errors';
import { keepRawBody } from '../lib/raw-body';
import { firstInvalidUtf8Byte } from '../lib/utf8';

/**
 * The app's JSON body parser. JSON bodies are UTF-8 (RFC 8259 §8.1): the raw bytes are checked
 * before decoding, which would otherwise turn a bad byte into U+FFFD without a word. The bytes
 * are kept for webhook signatures.
 */
export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    verify: (req: IncomingMessage, res: unknown, bytes: Buffer, charset: string) => {
      if (charset !== 'utf-8') throw new UnsupportedMediaTypeError('unsupported_charset', `charset "${charset}" is not supported; JSON bodies are UTF-8`);
      const invalid = firstInvalidUtf8Byte(bytes);
      if (invalid >= 0)
        throw new MalformedRequestError('invalid_utf8', `the body is not valid UTF-8: byte ${invalid} (0x${bytes[invalid]!.toString(16)}) does not fit`);
      keepRawBody(req, res, bytes);
    },
  });
}

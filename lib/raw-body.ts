import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';

const RAW_BODY = Symbol('rawBody');

/** For body parsers' `verify`: keeps the exact bytes, which webhook signatures are computed over. */
export function keepRawBody(req: IncomingMessage, _res: unknown, buffer: Buffer): void {
  (req as IncomingMessage & { [RAW_BODY]?: Buffer })[RAW_BODY] = buffer;
}

export function rawBodyOf(req: Request): Buffer {
  return (req as Request & { [RAW_BODY]?: Buffer })[RAW_BODY] ?? Buffer.alloc(0);
}

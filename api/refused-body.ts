/**
 * The rest of a refused request's body. A request answered before its body was read (too large by
 * its Content-Length, or cut off while it streamed) still has its body read to the end and dropped,
 * as body-parser does, so a client that sends the whole body before it reads the answer (Node's
 * fetch, Python requests) reads the answer: a socket closed with bytes unread answers them with a
 * reset, and the client sees that instead. Only up to a bound: a body declared larger is not read
 * (the answer closes the connection), and one that goes on past it is cut off.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** How much of a refused body is read and dropped. @default 64 MiB */
export const REFUSED_BODY_READ_LIMIT = 64 * 1024 * 1024;

/** Reads and drops what is left of `req`'s body, up to `limit` bytes; call it before answering. Nothing may be piped from `req` any more. */
export function discardRestOfBody(req: IncomingMessage, res: ServerResponse, limit = REFUSED_BODY_READ_LIMIT): void {
  if (req.complete) return;
  if (Number(req.headers['content-length']) > limit) {
    res.setHeader('connection', 'close');
    return;
  }
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limit) req.destroy();
  });
  req.resume();
}

import type { RequestHandler } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { TooManyRequestsError } from '../lib/api-errors';

/** How long a client refused a stream is asked to wait; an open page's EventSource retries on its own. */
const RETRY_AFTER_SECONDS = 5;

/**
 * A cap on the event streams (server-sent events) open at once from one address: each holds a
 * connection and a listener for as long as the client likes, so they are counted while open rather
 * than per window. Mounted by path in api/app.ts, in front of the routes that open them.
 */
export function streamLimit(maxPerAddress: number): RequestHandler {
  const open = new Map<string, number>();
  return (req, res, next) => {
    const key = ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    const count = open.get(key) ?? 0;
    if (count >= maxPerAddress) {
      next(new TooManyRequestsError(`too many event streams open from this address; at most ${maxPerAddress} at once`, RETRY_AFTER_SECONDS));
      return;
    }
    open.set(key, count + 1);
    res.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
    next();
  };
}

/** Server-sent events for the pages: one open response per page, kept alive until it goes away. */
import type { Request, Response } from 'express';

export interface EventStream {
  send(data: object): void;
}

const HEARTBEAT_MS = 15_000;

/** Answers `req` with an event stream; `onClose` runs once when the page goes away. */
export function openEventStream(req: Request, res: Response, onClose: () => void): EventStream {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
  });
  res.write('retry: 2000\n\n');
  // A comment now and then keeps proxies and idle timeouts from closing a quiet stream.
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  req.on('close', () => {
    clearInterval(heartbeat);
    onClose();
  });
  return {
    send(data) {
      res.write(`data: ${JSON.stringify(data)}\n\n`);
    },
  };
}

/**
 * A callback route as a Node HTTP handler (`node:http`, Express, restify): it reads the raw body
 * itself, since the signature covers the exact bytes, so mount it before any body parser.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallbackAnswer } from './callback-receiver.js';
import { SIGNATURE_HEADER } from './callback-signature.js';

/** Largest callback body read; Handoff's events are a few KiB. */
const CALLBACK_BODY_MAX = 1024 * 1024;

/** Serves `take` (e.g. a `CallbackReceiver`'s `receive` with its handler), answering its status. */
export function callbackHttpHandler(
  take: (body: Uint8Array, signature: string | undefined) => Promise<CallbackAnswer>,
  log: (message: string, context: object) => void = () => undefined,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void readBody(req)
      .then((body) => take(body, headerOf(req, SIGNATURE_HEADER)))
      .catch((error: unknown): CallbackAnswer => ({ status: 400, outcome: 'invalid', message: (error as Error).message }))
      .then((answer) => {
        if (answer.status >= 400) log('handoff: callback refused', { status: answer.status, message: answer.message });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify({ outcome: answer.outcome }));
      });
  };
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > CALLBACK_BODY_MAX) {
        reject(new Error('the callback body is too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

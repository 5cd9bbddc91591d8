/**
 * The API's HTTP server, as the API process listens and the tests build it. Node's parser takes a
 * request line and headers of up to 64 KiB in all, so that the app, not the parser, refuses a long
 * URL (414) or large headers (431) in the API's error shape (api/request-head-limits.ts); what is
 * larger still, or not HTTP at all, the server answers itself in the same shape and closes.
 */
import { createServer, STATUS_CODES, type RequestListener, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiErrorBody } from '../contracts/api-error';

/** The most a request line and its headers may take before the parser gives up. */
export const MAX_REQUEST_HEAD_BYTES = 64 * 1024;

/** How long a connection refused by the parser still takes (and drops) what the client sends, so the client reads the answer before the close. */
const LINGER_MS = 1_000;

export function createApiServer(app?: RequestListener): Server {
  const server = createServer({ maxHeaderSize: MAX_REQUEST_HEAD_BYTES }, app);
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // The parser reports each further chunk of a refused request again: one answer is enough.
    if (answered.has(socket)) return;
    answered.add(socket);
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, code, message] = refusalOf(error.code);
    const body: ApiErrorBody = { error: { code, message } };
    const text = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(text)}\r\nx-content-type-options: nosniff\r\nconnection: close\r\n\r\n${text}`,
    );
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
  return server;
}

function refusalOf(parserCode: string | undefined): [number, string, string] {
  switch (parserCode) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'headers_too_large', `the request line and headers take more than ${MAX_REQUEST_HEAD_BYTES} bytes`];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'request_timeout', 'the request did not arrive in time'];
    default:
      return [400, 'malformed_request', 'the request is not well-formed HTTP/1.1'];
  }
}

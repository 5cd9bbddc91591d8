import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { ticketingRejected } from '../lib/failures';
import type { TicketHandle } from '../contracts/ticket';
import type { NewTicket, TicketingSystem } from './ticketing';

const TIMEOUT_MS = 15_000;

/**
 * Kept-alive connections to the desk. A ticket is filed inside every start that files one, before
 * the bot's answer: node:http takes about 0.6 ms less per call there than `fetch` (bench/start-trace.ts).
 */
const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };

/**
 * POSTs JSON and sorts the answer as lib/http.ts's `callHttp` does: 2xx is returned; 408, 429, 5xx,
 * a network error or no answer in 15 s throw a plain Error (Temporal retries); any other 4xx throws
 * `ticketingRejected`, non-retryable.
 */
function postJson(url: string, body: unknown, headers: Record<string, string>, what: string): Promise<unknown> {
  const target = new URL(url);
  const data = JSON.stringify(body);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const sent = request(target, {
      method: 'POST',
      agent: agents[target.protocol as keyof typeof agents],
      headers: { ...headers, accept: 'application/json', 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
    });
    const timer = setTimeout(() => sent.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    const unreachable = (error: Error) => {
      clearTimeout(timer);
      reject(new Error(`${what}: ${target.host} unreachable (${error.message})`, { cause: error }));
    };
    sent.on('error', unreachable);
    sent.on('response', (response) => {
      readText(response).then((text) => {
        clearTimeout(timer);
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) return resolve(parsedOrUndefined(text));
        const summary = `${what}: HTTP ${status} ${text.slice(0, 300)}`.trim();
        reject(status === 408 || status === 429 || status >= 500 ? new Error(summary) : ticketingRejected(summary, { status }));
      }, unreachable);
    });
    sent.end(data);
  });
}

function readText(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.on('end', () => resolve(text));
    response.on('error', reject);
  });
}

function parsedOrUndefined(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The built-in ticket store, kept by the local desk and reached through its integration API. */
export function localTicketStore({ deskUrl, secret }: { deskUrl: string; secret: string }): TicketingSystem {
  const post = (path: string, body: unknown, what: string) => postJson(`${deskUrl}/api/integration${path}`, body, { 'x-desk-secret': secret }, what);
  return {
    async file(ticket: NewTicket): Promise<TicketHandle> {
      const { number, url } = (await post('/tickets', ticket, 'local tickets: file')) as { number: string; url: string };
      return { number, ref: number, url };
    },
    async addWorkNote(ticket: TicketHandle, noteKey: string, text: string): Promise<void> {
      await post(`/tickets/${encodeURIComponent(ticket.ref)}/work-notes`, { noteKey, text }, 'local tickets: add work note');
    },
  };
}

import type { ApplicationFailure } from '@temporalio/common';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { text as textOf } from 'node:stream/consumers';

export interface JsonRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Form fields, sent as application/x-www-form-urlencoded instead of `body`. */
  form?: Record<string, string>;
  timeoutMs?: number;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * Calls an external HTTP API and sorts the answer: 2xx is returned; 408, 429 and 5xx and network
 * errors throw a plain Error (Temporal retries); any other 4xx throws `reject(...)`, non-retryable.
 */
export async function callHttp(
  url: string,
  request: JsonRequest,
  reject: (message: string, details?: unknown) => ApplicationFailure,
  what: string,
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  } else if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body);
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
    });
  } catch (error) {
    throw unreachable(what, url, error);
  }
  const text = await response.text();
  if (!response.ok) throw refusal(response.status, text, reject, what);
  return { status: response.status, headers: response.headers, text, json: jsonOf(text) };
}

/**
 * POSTs JSON over node:http(s) with kept-alive connections and sorts the answer as `callHttp`
 * does, answering the 2xx's JSON. For calls on the bot's wait: it takes about 0.6 ms less per call
 * than `fetch` (tools/bench/start-trace.ts), which a start that files a ticket pays once more.
 */
export function postJsonKeptAlive(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  reject: (message: string, details?: unknown) => ApplicationFailure,
  what: string,
  timeoutMs = 15_000,
): Promise<unknown> {
  const target = new URL(url);
  const data = JSON.stringify(body);
  const https = target.protocol === 'https:';
  return new Promise((resolve, fail) => {
    const sent = (https ? httpsRequest : httpRequest)(target, {
      method: 'POST',
      agent: https ? keptAlive.https : keptAlive.http,
      headers: { accept: 'application/json', ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
    });
    const timer = setTimeout(() => sent.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const unanswered = (error: unknown) => {
      clearTimeout(timer);
      fail(unreachable(what, url, error));
    };
    sent.on('error', unanswered);
    sent.on('response', (response) => {
      textOf(response).then((text) => {
        clearTimeout(timer);
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(jsonOf(text));
        else fail(refusal(status, text, reject, what));
      }, unanswered);
    });
    sent.end(data);
  });
}

const keptAlive = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/** No answer (a network error or the timeout): a plain Error, so Temporal retries. */
function unreachable(what: string, url: string, error: unknown): Error {
  return new Error(`${what}: ${new URL(url).host} unreachable (${(error as Error).message})`, { cause: error });
}

/** A non-2xx answer: 408, 429 and 5xx a plain Error (Temporal retries); any other 4xx `reject(...)`, non-retryable. */
function refusal(status: number, text: string, reject: (message: string, details?: unknown) => ApplicationFailure, what: string): Error {
  const summary = `${what}: HTTP ${status} ${text.slice(0, 300)}`.trim();
  if (status === 408 || status === 429 || status >= 500) return new Error(summary);
  return reject(summary, { status });
}

function jsonOf(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

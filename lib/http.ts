import type { ApplicationFailure } from '@temporalio/common';

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
    throw new Error(`${what}: ${new URL(url).host} unreachable (${(error as Error).message})`, { cause: error });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.ok) return { status: response.status, headers: response.headers, text, json };
  const summary = `${what}: HTTP ${response.status} ${text.slice(0, 300)}`.trim();
  if (response.status === 408 || response.status === 429 || response.status >= 500) throw new Error(summary);
  throw reject(summary, { status: response.status });
}

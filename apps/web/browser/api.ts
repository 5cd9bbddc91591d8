/** Calls a JSON API from a page and turns its error answers into sentences a person can read. */

/** Thrown when a call fails; `message` is plain words for the page to show. */
export class CallFailed extends Error {
  override readonly name = 'CallFailed';
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface ErrorAnswer {
  error?: { code?: string; message?: string; details?: Array<{ path?: string; message?: string }> | unknown };
}

export async function callApi<T = unknown>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      // A form (a file upload) goes as multipart, with the boundary the browser picks.
      headers: { ...(body !== undefined && !(body instanceof FormData) && { 'content-type': 'application/json' }), ...headers },
      ...(body !== undefined && { body: body instanceof FormData ? body : JSON.stringify(body) }),
    });
  } catch {
    throw new CallFailed('The server did not answer. Is it still running?');
  }
  const text = await response.text();
  let answer: unknown;
  try {
    answer = text ? JSON.parse(text) : undefined;
  } catch {
    answer = undefined;
  }
  if (!response.ok) {
    const error = (answer as ErrorAnswer | undefined)?.error;
    throw new CallFailed(plainWords(error, response.status), response.status, error?.code);
  }
  return answer as T;
}

/** `invalid request body` with details `email: is not an email address` → "Invalid request body: email is not an email address." */
function plainWords(error: ErrorAnswer['error'], status: number): string {
  if (!error?.message) return `The server answered with status ${status}.`;
  const details = Array.isArray(error.details)
    ? error.details
        .map((d: { path?: string; message?: string }) => [d.path && d.path !== '(body)' ? d.path : '', d.message ?? ''].filter(Boolean).join(' '))
        .filter(Boolean)
    : [];
  const sentence = details.length > 0 ? `${error.message}: ${details.join('; ')}` : error.message;
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}${/[.!?]$/.test(sentence) ? '' : '.'}`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

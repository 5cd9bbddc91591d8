import type { ErrorStatus } from '../route-table/define-route';
import { componentRef } from './components';

/** What each error status means, unless a route says more. */
const ERROR_TEXT: Record<ErrorStatus, string> = {
  400: 'invalid request: details list the failing paths; also a path with a broken percent-escape, or a body that is not UTF-8 or not compressed as its Content-Encoding says',
  401: 'missing or invalid credentials',
  404: 'unknown handoff',
  409: 'the session is not open',
  410: 'the download link has expired',
  413: 'body too large (for a file: larger than the profile accepts)',
  415: 'a body that is not application/json, not UTF-8, or in a Content-Encoding other than gzip, deflate or br; for a file: a type the profile does not take, or one its bytes contradict',
  422: 'the attachment scanner refused the file',
  429: 'a rate limit was passed; retry after Retry-After seconds',
  503: 'Temporal unreachable; retry',
};

const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } };

/** The documented answers for these statuses, each the API's error body; 429 and 503 say when to retry. */
export function errorAnswers(statuses: readonly ErrorStatus[], descriptions: Partial<Record<ErrorStatus, string>> = {}): Record<string, object> {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: descriptions[status] ?? ERROR_TEXT[status],
        ...((status === 503 || status === 429) && { headers: RETRY_AFTER }),
        content: { 'application/json': { schema: componentRef('Error') } },
      },
    ]),
  );
}

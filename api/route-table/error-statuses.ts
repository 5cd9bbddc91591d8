import type { ErrorStatus, RouteDefinition } from './define-route';

/**
 * Every error status a route answers: its handler's own (`errors`), and those answered for it
 * before the handler runs: the bot guard's 401 and 429, a signed link's 401, validation's 400,
 * and the body reader's 413 and 415.
 */
export function errorStatusesOf(route: RouteDefinition): ErrorStatus[] {
  const answeredBefore: ErrorStatus[] = [
    ...(route.auth === 'bot' ? ([401, 429] as const) : []),
    ...(route.auth === 'signed-link' ? ([401] as const) : []),
    ...(route.params || route.query || route.body ? ([400] as const) : []),
    ...(route.body ? ([413, 415] as const) : []),
  ];
  return [...new Set([...answeredBefore, ...(route.errors ?? [])])].sort((a, b) => a - b);
}

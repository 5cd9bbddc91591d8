import { Router, type RequestHandler } from 'express';
import { refuseOtherMethods } from '../../lib/method-not-allowed';
import type { ImplementedRoute } from './implement-route';
import { expressPathOf, isWithin } from './path-template';

/**
 * Where the bot's routes live, and what guards them. The area is guarded as a whole, so a path
 * in it that no route serves is refused to a stranger (401, counted by the auth-failure limit)
 * rather than told apart from a real one (404).
 */
export interface BotArea {
  path: string;
  guards: RequestHandler[];
}

/**
 * One router for the table: the bot area's guards, then each path once with its methods, any
 * other method answered 405. Throws at start-up when a route's declared `auth` is not what
 * guards it (a `bot` route outside the area, another inside it) or a method and path repeat.
 */
export function mountRoutes(routes: readonly ImplementedRoute[], botArea: BotArea): Router {
  const byPath = new Map<string, ImplementedRoute[]>();
  for (const route of routes) {
    const { method, path, auth } = route.definition;
    const what = `${method.toUpperCase()} ${path}`;
    if ((auth === 'bot') !== isWithin(path, botArea.path)) throw new Error(`${what} declares auth "${auth}" but the bot's guards cover ${botArea.path}`);
    const samePath = byPath.get(path) ?? [];
    if (samePath.some((other) => other.definition.method === method)) throw new Error(`${what} is defined twice`);
    byPath.set(path, [...samePath, route]);
  }
  const router = Router();
  if (botArea.guards.length > 0) router.use(botArea.path, ...botArea.guards);
  for (const [path, samePath] of byPath) {
    const route = router.route(expressPathOf(path));
    for (const { definition, handlers } of samePath) route[definition.method](...handlers);
    route.all(refuseOtherMethods(...samePath.map(({ definition }) => definition.method.toUpperCase())));
  }
  return router;
}

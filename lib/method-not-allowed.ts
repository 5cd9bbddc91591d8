import type { RequestHandler } from 'express';
import { MethodNotAllowedError } from './api-errors';

/**
 * The last handler of a route: any method the route does not serve answers 405 with `Allow`
 * (HEAD comes with GET), instead of falling through to 404 as if the path were unknown.
 */
export function refuseOtherMethods(...served: string[]): RequestHandler {
  const allow = served.includes('GET') ? [...served, 'HEAD'] : served;
  return (req, _res, next) => next(new MethodNotAllowedError(req.method, String(req.route?.path ?? req.path), allow));
}

import type { Request, RequestHandler } from 'express';
import { UnauthorizedError } from '../lib/api-errors';
import { secretsMatch } from '../lib/secret-compare';

/** Whether the request carries the bot's `Authorization: Bearer <token>`. */
export function hasBearer(req: Request, token: string): boolean {
  const header = req.header('authorization');
  const presented = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
  return secretsMatch(presented, token);
}

/** The bot's `Authorization: Bearer <HANDOFF_API_TOKEN>`. */
export function requireBearer(token: string): RequestHandler {
  return (req, _res, next) => {
    next(hasBearer(req, token) ? undefined : new UnauthorizedError('a valid bearer token is required'));
  };
}

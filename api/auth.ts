import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../lib/api-errors';
import { secretsMatch } from '../lib/secret-compare';

/** The bot's `Authorization: Bearer <HANDOFF_API_TOKEN>`. */
export function requireBearer(token: string): RequestHandler {
  return (req, _res, next) => {
    const header = req.header('authorization');
    const presented = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    next(secretsMatch(presented, token) ? undefined : new UnauthorizedError('a valid bearer token is required'));
  };
}

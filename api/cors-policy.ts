import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for the bot API, only when `HANDOFF_CORS_ORIGINS` lists origins, and then only for them: a
 * bot's web front end may call Handoff from the browser. Without origins no CORS header is ever
 * sent, so browsers keep other sites from reading any answer. Preflights are answered here, before
 * the token is checked (a browser sends none with them).
 */
export function botApiCors(origins: readonly string[]): RequestHandler | undefined {
  if (origins.length === 0) return undefined;
  return cors({
    origin: [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', 'content-encoding'],
    maxAge: 600,
  });
}

import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { ValidationError } from './api-errors';

/** Turns zod issues into the `details` of a 400: one entry per failing path. */
export function issuesOf(error: z.ZodError): Array<{ path: string; message: string }> {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(`invalid ${what}`, issuesOf(parsed.error));
  return parsed.data;
}

/** A handler whose body has been validated against `schema`, so it never re-parses. */
export function withBody<S extends z.ZodType>(
  schema: S,
  handler: (req: Request, res: Response, body: z.infer<S>) => Promise<unknown> | unknown,
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await handler(req, res, parseOrThrow(schema, req.body ?? {}));
    } catch (error) {
      next(error);
    }
  };
}

/** Wraps an async handler so its rejections reach the error handler. */
export function handle(handler: (req: Request, res: Response) => Promise<unknown> | unknown): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await handler(req, res);
    } catch (error) {
      next(error);
    }
  };
}

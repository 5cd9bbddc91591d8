import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { UnsupportedMediaTypeError, ValidationError, type ApiError } from './api-errors';

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

/**
 * Like `withBody`, for routes whose body the API document marks required: a body in another
 * media type than JSON answers 415, a missing one 400.
 */
export function withRequiredBody<S extends z.ZodType>(
  schema: S,
  handler: (req: Request, res: Response, body: z.infer<S>) => Promise<unknown> | unknown,
): RequestHandler {
  const validated = withBody(schema, handler);
  return (req, res, next) => {
    const refusal = refusalOfMissingBody(req);
    if (refusal) next(refusal);
    else void validated(req, res, next);
  };
}

/** Why a request that must carry a JSON body has none: 415 for another media type, 400 for no body at all. */
export function refusalOfMissingBody(req: Request): ApiError | undefined {
  if (req.body !== undefined) return undefined;
  // The JSON parser leaves `body` undefined for a request without a body or with another type;
  // `req.is` answers null for the first, false for the second.
  const type = req.header('content-type');
  if (type !== undefined && req.is('application/json') === false) {
    return new UnsupportedMediaTypeError('unsupported_media_type', `the body is ${type.split(';')[0]}; send application/json`);
  }
  return new ValidationError('invalid request body', [{ path: '(body)', message: 'a JSON body (Content-Type: application/json) is required' }]);
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

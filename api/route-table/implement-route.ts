import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { parseOrThrow, refusalOfMissingBody } from '../../lib/validate';
import { isFilePart, type RouteDefinition } from './define-route';

type Parsed<R, Part extends 'params' | 'query' | 'body'> = R extends { [P in Part]: infer S extends z.ZodType } ? z.output<S> : undefined;

/** What a handler gets: the path's params, the query and the JSON body, each parsed by its schema. */
export interface RouteInput<R extends RouteDefinition> {
  params: Parsed<R, 'params'>;
  query: Parsed<R, 'query'>;
  /** Undefined for a file part, which the handler streams from `req`. */
  body: Parsed<R, 'body'>;
}

/** The JSON a handler answers with, or nothing when it streams bytes itself. */
type AnswerOf<R extends RouteDefinition> = R['answer'] extends { schema: infer S extends z.ZodType } ? z.output<S> : void;

export type RouteHandler<R extends RouteDefinition> = (input: RouteInput<R>, exchange: { req: Request; res: Response }) => Promise<AnswerOf<R>> | AnswerOf<R>;

/** A definition with the Express handlers that serve it. */
export interface ImplementedRoute {
  definition: RouteDefinition;
  handlers: RequestHandler[];
}

/**
 * Binds a handler to its definition: the request is validated by the definition's schemas (so
 * the handler never parses), and the handler's result is answered with the definition's status.
 * `before` runs ahead of validation (the callback URL policy, which names every failing path too).
 */
export function implement<const R extends RouteDefinition>(definition: R, handler: RouteHandler<R>, before: RequestHandler[] = []): ImplementedRoute {
  const { body, params, query, answer } = definition;
  const jsonBody = body && !isFilePart(body) ? body : undefined;
  const serve: RequestHandler = async (req, res, next) => {
    try {
      const refusal = jsonBody && refusalOfMissingBody(req);
      if (refusal) throw refusal;
      // The body first, then the path, then the query: a request wrong in several is answered for
      // the first of them, as the API always has.
      const input = {
        body: jsonBody && parseOrThrow(jsonBody, req.body),
        params: params && parseOrThrow(params, req.params, 'path'),
        query: query && parseOrThrow(query, req.query, 'query'),
      } as RouteInput<R>;
      const result = await handler(input, { req, res });
      if ('schema' in answer) res.status(answer.status).json(result);
    } catch (error) {
      next(error);
    }
  };
  return { definition, handlers: [...before, serve] };
}

/**
 * One route of the API, declared once: Express mounts and validates it (`implement-route.ts`,
 * `mount-routes.ts`) and the OpenAPI document describes it (`api/openapi/operation.ts`) from the
 * same object, so neither can list a path, a schema or an answer the other does not have.
 *
 * A small table of our own rather than `@asteasolutions/zod-to-openapi`: zod 4's `z.toJSONSchema`
 * (already in use) turns the schemas into JSON Schema, and what is left (paths, parameters,
 * answers) is a few dozen lines, with no second registry of schemas to keep beside `contracts/`.
 */
import type { z } from 'zod';
import { placeholdersOf } from './path-template';

/**
 * Who may call a route. `bot`: `Authorization: Bearer <HANDOFF_API_TOKEN>`, checked (with the
 * bot's rate limits) for the bot's whole area of paths; `signed-link`: the query carries a signed,
 * expiring token, which the handler checks; `none`: anyone.
 */
export type RouteAuth = 'bot' | 'signed-link' | 'none';

/** The error statuses a route may answer; the OpenAPI document describes each. */
export type ErrorStatus = 400 | 401 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

/** A request body of one multipart part named `file`, which the handler streams instead of parsing. */
export const ONE_FILE_PART = { multipart: 'file' } as const;
export type FilePart = typeof ONE_FILE_PART;

/** A route's answer when it succeeds: JSON that `schema` describes, or bytes the handler streams itself. */
export type SuccessAnswer =
  { status: 200 | 202; description: string; schema: z.ZodType } | { status: 200; description: string; bytes: 'application/octet-stream' };

export interface RouteDefinition {
  method: 'get' | 'post';
  /** As OpenAPI writes it: `/v1/handoffs/{id}`; each `{placeholder}` is a key of `params`. */
  path: string;
  summary: string;
  description?: string;
  auth: RouteAuth;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** A JSON body (always required), or one file part. */
  body?: z.ZodType | FilePart;
  answer: SuccessAnswer;
  /**
   * What the handler itself may answer besides its success; the refusals of the guard (401, 429),
   * of validation (400) and of the body's reader (413, 415) follow from `auth`, the schemas and `body`.
   */
  errors?: readonly ErrorStatus[];
  /** Where the document's usual text for a status says too little of this route. */
  errorDescriptions?: Partial<Record<ErrorStatus, string>>;
}

/** Checks that `params` names exactly the path's placeholders, and gives the definition back with its types. */
export function defineRoute<const R extends RouteDefinition>(route: R): R {
  const placeholders = placeholdersOf(route.path).sort();
  const params = Object.keys(route.params?.shape ?? {}).sort();
  if (placeholders.join() !== params.join()) {
    throw new Error(
      `${route.method.toUpperCase()} ${route.path}: the path's placeholders (${placeholders.join(', ')}) are not its params (${params.join(', ')})`,
    );
  }
  return route;
}

export function isFilePart(body: RouteDefinition['body']): body is FilePart {
  return body === ONE_FILE_PART;
}

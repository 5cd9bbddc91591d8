/**
 * Options of `generic-api`: one configured HTTP call places the user in a queue, and the join URL
 * (and queue position, ...) are read from the JSON answer at configured paths.
 */
import { z } from 'zod';
import { urlTemplateSchema } from '../shared/option-schemas';
import { JsonPathSchema } from '../../lib/json-path';
import { parseTemplate, templateSchema } from '../shared/template';

/** Header names whose values are credentials, so they must be `${ENV}` references. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie)$|api[-_]?key|token|secret|password/i;

const HeadersSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'is not an HTTP header name'),
    templateSchema({ placeholders: ['idempotencyKey'], secrets: true }).refine((value) => !hasControlCharacter(value), 'may not hold control characters'),
  )
  .superRefine((headers, ctx) => {
    for (const [name, value] of Object.entries(headers)) {
      const usesSecret = parseTemplate(value, { secrets: true }).parts.some((part) => 'secret' in part);
      if (CREDENTIAL_HEADER.test(name) && !usesSecret) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'carries a credential: write it as an environment reference like "Bearer ${API_TOKEN}", never the secret itself',
        });
      }
    }
  });

/** A JSON body whose strings may hold `{placeholders}` (filled raw; JSON encoding escapes them). */
const JsonBodyTemplateSchema = z.unknown().superRefine((body, ctx) => {
  const visit = (value: unknown, path: Array<string | number>): void => {
    if (typeof value === 'string') {
      for (const message of parseTemplate(value).problems) ctx.addIssue({ code: 'custom', path, message });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
    } else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    } else if (!(value === null || typeof value === 'number' || typeof value === 'boolean')) {
      ctx.addIssue({ code: 'custom', path, message: 'is not a JSON value' });
    }
  };
  visit(body, []);
});

export const GenericApiRequestSchema = z
  .object({
    /** @default "POST" */
    method: z.enum(['POST', 'PUT', 'PATCH', 'GET']).default('POST'),
    /** The endpoint; `{placeholders}` in its path or query are URL-encoded. */
    url: urlTemplateSchema(),
    /** Header templates: literal text, `${ENV}` secret references and `{idempotencyKey}`. @default {} */
    headers: HeadersSchema.default({}),
    /** The JSON body template. */
    body: JsonBodyTemplateSchema.optional(),
  })
  .strict()
  .refine((request) => request.method !== 'GET' || request.body === undefined, { path: ['body'], message: 'a GET request has no body' });

export const GenericApiResponseSchema = z
  .object({
    /** Where the answer holds the URL the user opens. */
    joinUrl: JsonPathSchema,
    /** Where it holds the user's position in the queue (a whole number). */
    queuePosition: JsonPathSchema.optional(),
    /** Where it holds the estimated wait in seconds. */
    estimatedWaitSeconds: JsonPathSchema.optional(),
    /** Where it holds the platform's id of this chat (the handoff's chain id otherwise). */
    sessionId: JsonPathSchema.optional(),
  })
  .strict();

export const GenericApiOptionsSchema = z
  .object({
    request: GenericApiRequestSchema,
    response: GenericApiResponseSchema,
    /** The queue name shown in the handoff view. @default "default" */
    queueName: z.string().min(1).max(100).default('default'),
  })
  .strict();
export type GenericApiOptions = z.infer<typeof GenericApiOptionsSchema>;

/** A C0 control character or DEL: a header value holding one could split the request. */
function hasControlCharacter(value: string): boolean {
  return [...value].some((character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
}

import { z } from 'zod';
import { isFilePart, type RouteDefinition } from '../route-table/define-route';
import { errorStatusesOf } from '../route-table/error-statuses';
import { schemaOrRef } from './components';
import { errorAnswers } from './error-answers';

const BINARY = { type: 'string', format: 'binary' };

const ONE_FILE_PART_BODY = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: { type: 'object', properties: { file: BINARY }, required: ['file'] },
      encoding: { file: { contentType: 'application/octet-stream' } },
    },
  },
};

/** The OpenAPI paths of these routes, each path once with its methods. */
export function pathsOf(routes: readonly RouteDefinition[]): Record<string, Record<string, object>> {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) paths[route.path] = { ...paths[route.path], [route.method]: operationOf(route) };
  return paths;
}

function operationOf(route: RouteDefinition): object {
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
  const { answer } = route;
  return {
    summary: route.summary,
    ...(route.description && { description: route.description }),
    ...(route.auth === 'bot' && { security: [{ bearer: [] }] }),
    ...(parameters.length > 0 && { parameters }),
    ...(route.body && {
      requestBody: isFilePart(route.body) ? ONE_FILE_PART_BODY : { required: true, content: { 'application/json': { schema: schemaOrRef(route.body) } } },
    }),
    responses: {
      [answer.status]: {
        description: answer.description,
        content: 'schema' in answer ? { 'application/json': { schema: schemaOrRef(answer.schema) } } : { [answer.bytes]: { schema: BINARY } },
      },
      ...errorAnswers(errorStatusesOf(route), route.errorDescriptions),
    },
  };
}

function parametersOf(schema: z.ZodObject | undefined, where: 'path' | 'query'): object[] {
  if (!schema) return [];
  const required = new Set(z.toJSONSchema(schema, { io: 'input' }).required ?? []);
  return Object.entries(schema.shape).map(([name, field]) => {
    const { description, ...fieldSchema } = parameterSchemaOf(field);
    return { name, in: where, required: where === 'path' || required.has(name), ...(description !== undefined && { description }), schema: fieldSchema };
  });
}

/**
 * A parameter as the handler reads it where JSON Schema can say so (`after` is read as a whole
 * number from its digits, so the document gives the number), else as it is sent (a value the
 * handler turns into a number with a plain transform, which JSON Schema cannot describe).
 */
function parameterSchemaOf(field: z.ZodType): Record<string, unknown> {
  let schema: Record<string, unknown>;
  try {
    schema = z.toJSONSchema(field, { io: 'output' });
  } catch {
    schema = z.toJSONSchema(field, { io: 'input' });
  }
  const { $schema: _, ...rest } = schema;
  return rest;
}

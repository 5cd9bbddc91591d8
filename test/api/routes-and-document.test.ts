/**
 * The API's routes and its OpenAPI document come from one table; this holds the app to it: every
 * method and path Express serves is documented and every documented one is served, bar the few
 * kept out of the document on purpose.
 */
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOKS_PATH } from '../../api/webhook-pipeline';
import { startEdge, stopEdges, type Edge } from '../support/edge';

/** Served but not part of the bot's or the platforms' API: the document itself, metrics, the codec server, the desk's and the demo's own pages and APIs. */
const UNDOCUMENTED = [/^\/openapi\.json$/, /^\/metrics$/, /^\/codec\//, /^\/desk(\/|$)/, /^\/demo(\/|$)/];

interface Operation {
  method: string;
  path: string;
}

interface ListedRoute {
  path: string | RegExp;
  methods?: string[];
  router?: { listRoutes(): ListedRoute[] };
}

/** Every method and path the app's router serves, in OpenAPI's form (`{id}`), through routers mounted within it. */
function servedOperations(app: Express): Operation[] {
  const walk = (routes: ListedRoute[], prefix: string): Operation[] =>
    routes.flatMap(({ path, methods, router }) => {
      if (typeof path !== 'string') throw new Error(`a route by regular expression (${String(path)}) cannot be checked against the document`);
      const full = `${prefix}${path === '/' ? '' : path}`;
      if (router) return walk(router.listRoutes(), full);
      // `*` is the route's 405 for any other method, HEAD the one Express adds to GET.
      const served = (methods ?? []).filter((method) => method !== '*' && method !== 'HEAD');
      return served.map((method) => ({ method: method.toLowerCase(), path: full.replace(/:(\w+)/g, '{$1}') }));
    });
  return walk((app as any).router.listRoutes(), '');
}

function documentedOperations(document: any): Operation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations as object).map((method) => ({ method, path })));
}

/** All platforms' webhooks are one Express route, and one documented path per platform. */
const asOneWebhookRoute = ({ method, path }: Operation): Operation => ({
  method,
  path: path.startsWith(`${WEBHOOKS_PATH}/`) ? `${WEBHOOKS_PATH}/{platform}` : path,
});

const keys = (operations: Operation[]) => [...new Set(operations.map(({ method, path }) => `${method.toUpperCase()} ${path}`))].sort();

let edge: Edge;
let document: any;
beforeAll(async () => {
  edge = await startEdge();
  document = await (await fetch(`${edge.url}/openapi.json`)).json();
});
afterAll(stopEdges);

describe('the routes Express serves and the OpenAPI document', () => {
  it('documents every route Express serves, and Express serves every documented one', () => {
    const served = keys(servedOperations(edge.app).filter(({ path }) => !UNDOCUMENTED.some((pattern) => pattern.test(path))));
    const documented = keys(documentedOperations(document).map(asOneWebhookRoute));
    expect(served).toEqual(documented);
    expect(served.length).toBeGreaterThan(12);
  });

  it('keeps out of the document only what it means to', () => {
    const undocumented = keys(servedOperations(edge.app).filter(({ path }) => UNDOCUMENTED.some((pattern) => pattern.test(path))));
    expect(undocumented).toContain('GET /openapi.json');
    expect(documentedOperations(document).filter(({ path }) => UNDOCUMENTED.some((pattern) => pattern.test(path)))).toEqual([]);
  });
});

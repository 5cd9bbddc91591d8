/**
 * The HTTP instrumentations: a server span for each request the API takes (named by its Express
 * route), and a client span for each call out, through `fetch` (platforms, the local desk, ticketing)
 * or `http.request` (bot callbacks). Trace context travels in `traceparent` headers both ways.
 * instrumentation-express 0.47 patches Express 4 only, and this is Express 5: the server span takes
 * its name from the route Express leaves on the request instead.
 */
import type { Span } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';

/** Scrapes and probes (the worker's /metrics reads the SDK's over HTTP too): frequent, and nothing to follow. */
const UNTRACED_PATHS = new Set(['/metrics', '/healthz', '/readyz']);

/** What Express leaves on a request it routed: the router's mount path and the route's own path. */
interface RoutedRequest {
  baseUrl?: string;
  route?: { path?: unknown };
}

/** `POST /v1/handoffs/:id/messages` rather than one name per handoff; undefined when no route matched (a 404). */
export function routeOf(request: RoutedRequest): string | undefined {
  const routePath = request.route?.path;
  return typeof routePath === 'string' ? `${request.baseUrl ?? ''}${routePath}` : undefined;
}

function nameByRoute(span: Span, request: ClientRequest | IncomingMessage, _response: IncomingMessage | ServerResponse): void {
  if (!('httpVersion' in request)) return;
  const route = routeOf(request as RoutedRequest);
  if (route === undefined) return;
  span.setAttribute('http.route', route);
  span.updateName(`${request.method ?? 'GET'} ${route}`);
}

export function httpInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has((request.url ?? '').split('?')[0]!),
      applyCustomAttributesOnSpan: nameByRoute,
    }),
    new UndiciInstrumentation({ ignoreRequestHook: (request) => UNTRACED_PATHS.has(request.path.split('?')[0]!) }),
  ];
}

/**
 * The tracer provider of a process (the API's, the worker's): spans of HTTP requests in and out, of
 * Temporal calls, workflows and activities (temporal-tracing.ts), exported over OTLP/HTTP when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set. Unset, nothing is registered: the OpenTelemetry API stays
 * its no-op self and the interceptors' spans cost next to nothing.
 */
import { diag, type DiagLogger } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { Resource, type IResource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { createRequire } from 'node:module';
import { httpInstrumentations } from './http-tracing';
import { RedactingSpanProcessor } from './span-redaction';

/** `OTEL_SERVICE_NAME`'s defaults. */
export const API_SERVICE_NAME = 'handoff-api';
export const WORKER_SERVICE_NAME = 'handoff-worker';

export interface TracingOptions {
  /** The `service.name` of every span of this process. */
  serviceName: string;
  /** The collector's OTLP/HTTP base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`); spans go to `<endpoint>/v1/traces`. */
  endpoint?: string;
  /** Where spans go instead, each as it ends (the tests' in-memory exporter). */
  exporter?: SpanExporter;
  /** Where OpenTelemetry's own problems are told (an unreachable collector); silent otherwise. */
  warn?: (message: string) => void;
}

export interface Tracing {
  /** Whether spans are recorded and exported at all. */
  readonly enabled: boolean;
  /** Where the workflows' spans go, as the worker's sink hands them over from the sandbox. */
  readonly spanProcessor: SpanProcessor;
  readonly resource: IResource;
  /** Exports what is still buffered. */
  shutdown(): Promise<void>;
}

/** No collector: nothing recorded, the workflows' spans dropped. */
export const TRACING_OFF: Tracing = {
  enabled: false,
  spanProcessor: new NoopSpanProcessor(),
  resource: Resource.empty(),
  shutdown: () => Promise.resolve(),
};

/** Spans go to `<endpoint>/v1/traces`, as the OTLP specification builds it from the base URL. */
export function otlpTracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Registers this process's tracer provider, W3C trace-context propagation and the HTTP
 * instrumentations; call it once, before the process serves or calls anything.
 */
export function startTracing(options: TracingOptions): Tracing {
  const exporting = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : options.endpoint
      ? new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpTracesUrl(options.endpoint) }))
      : undefined;
  if (!exporting) return TRACING_OFF;
  if (options.warn) diag.setLogger(warningsOnly(options.warn));
  const resource = Resource.default().merge(new Resource({ [ATTR_SERVICE_NAME]: options.serviceName }));
  const spanProcessor = new RedactingSpanProcessor(exporting);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  registerInstrumentations({ tracerProvider: provider, instrumentations: httpInstrumentations() });
  patchLoadedHttpModules();
  return { enabled: true, spanProcessor, resource, shutdown: () => provider.shutdown() };
}

/**
 * The HTTP instrumentation patches `node:http` when it is next required. Requiring it here makes
 * that happen now, so a server or client module loaded before this call (Express, in an ES module
 * graph whose imports all run first) is traced too: the patch is on the shared
 * `Server.prototype.emit` and the module's `request`, read at each call.
 */
function patchLoadedHttpModules(): void {
  const require = createRequire(import.meta.url);
  require('node:http');
  require('node:https');
}

function warningsOnly(warn: (message: string) => void): DiagLogger {
  const say = (message: string, ...args: unknown[]) => warn(`opentelemetry: ${[message, ...args.map(String)].join(' ')}`);
  const quiet = () => undefined;
  return { error: say, warn: say, info: quiet, debug: quiet, verbose: quiet };
}

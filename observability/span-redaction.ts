/**
 * Keeps secrets and people out of exported spans. Spans carry ids, types, routes and statuses; a
 * URL's query string can carry a join-link token or a webhook's session key, and a client's
 * address and user agent point at a person, so those never leave the process.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Attributes that hold a URL or a request target: kept without their query string. */
const URL_ATTRIBUTES = ['http.url', 'http.target', 'url.full'];

/** Attributes dropped altogether: the query itself, and who made the request. */
const DROPPED_ATTRIBUTES = ['url.query', 'net.peer.ip', 'client.address', 'http.client_ip', 'http.user_agent', 'user_agent.original'];

export function redactAttributes(attributes: ReadableSpan['attributes']): void {
  for (const key of URL_ATTRIBUTES) {
    const value = attributes[key];
    if (typeof value === 'string' && value.includes('?')) attributes[key] = value.slice(0, value.indexOf('?'));
  }
  for (const key of DROPPED_ATTRIBUTES) delete attributes[key];
}

/** Redacts each span as it ends, before the processor that exports it sees it. */
export class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly exporting: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.exporting.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    redactAttributes(span.attributes);
    this.exporting.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.exporting.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.exporting.shutdown();
  }
}

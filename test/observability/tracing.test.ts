import { trace } from '@opentelemetry/api';
import express from 'express';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { generateEncryptionKeys } from '../../codec/encryption-keys';
import { loadSettings } from '../../config/settings';
import { routeOf } from '../../observability/http-tracing';
import { redactAttributes } from '../../observability/span-redaction';
import { otlpTracesUrl, startTracing, TRACING_OFF } from '../../observability/tracing';
import { deliveryKeys } from '../../observability/workflow-trace-propagation';

const validEnv = {
  HANDOFF_API_TOKEN: 'a'.repeat(16),
  HANDOFF_CALLBACK_SECRET: 'b'.repeat(16),
  LOCAL_DESK_SECRET: 'c'.repeat(16),
  HANDOFF_ENCRYPTION_KEYS: generateEncryptionKeys(),
};

describe('tracing settings', () => {
  it('takes an http(s) collector URL and a service name, both optional', () => {
    const unset = loadSettings(validEnv);
    expect([unset.OTEL_EXPORTER_OTLP_ENDPOINT, unset.OTEL_SERVICE_NAME]).toEqual([undefined, undefined]);
    const set = loadSettings({ ...validEnv, OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com:4318', OTEL_SERVICE_NAME: 'handoff-eu' });
    expect(set).toMatchObject({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com:4318', OTEL_SERVICE_NAME: 'handoff-eu' });
  });

  it('refuses a collector endpoint that is not an http(s) URL', () => {
    for (const endpoint of ['localhost:4318', 'grpc://collector:4317', '']) {
      expect(() => loadSettings({ ...validEnv, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }), endpoint).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
    }
  });

  it('sends spans to <endpoint>/v1/traces, as OTLP/HTTP builds it from the base URL', () => {
    expect(otlpTracesUrl('http://localhost:4318')).toBe('http://localhost:4318/v1/traces');
    expect(otlpTracesUrl('https://collector.example.com/otlp/')).toBe('https://collector.example.com/otlp/v1/traces');
  });
});

describe('span redaction', () => {
  it('keeps URLs without their query string and drops who made the request', () => {
    const attributes: Record<string, string | number> = {
      'http.url': 'http://127.0.0.1:3000/desk/join/chat-1?token=secret-join-token',
      'http.target': '/desk/join/chat-1?token=secret-join-token',
      'url.full': 'http://glia.test/v1/webhooks/glia?handoff=h&session=key',
      'url.query': '?handoff=h&session=key',
      'net.peer.ip': '203.0.113.7',
      'client.address': '203.0.113.7',
      'http.user_agent': 'Mozilla/5.0',
      'http.status_code': 200,
    };
    redactAttributes(attributes);
    expect(attributes).toEqual({
      'http.url': 'http://127.0.0.1:3000/desk/join/chat-1',
      'http.target': '/desk/join/chat-1',
      'url.full': 'http://glia.test/v1/webhooks/glia',
      'http.status_code': 200,
    });
  });
});

describe('span names', () => {
  it('names a request by the route Express matched, under its router', () => {
    expect(routeOf({ baseUrl: '/v1/handoffs', route: { path: '/:id/messages' } })).toBe('/v1/handoffs/:id/messages');
    expect(routeOf({ baseUrl: '', route: { path: '/healthz' } })).toBe('/healthz');
    expect(routeOf({ baseUrl: '/desk' })).toBeUndefined();
  });
});

describe('relayed message traces', () => {
  it('knows which messages a delivery carries: user messages by id, bot events by the agent event behind them', () => {
    const toPlatform = {
      items: [
        { seq: 3, kind: 'message', messageId: 'm-1', text: 'hello' },
        { seq: 3, kind: 'typing', typing: false },
        { seq: 4, kind: 'message', messageId: 'm-2', text: 'again' },
      ],
    };
    expect(deliveryKeys('deliverToPlatform', toPlatform)).toEqual(['user:m-1', 'user:m-2']);
    const toBot = { callbackUrl: 'https://bot.test', events: [{ eventId: 'run-1/agent/ev-9' }, { eventId: 'run-1/closed' }] };
    expect(deliveryKeys('deliverToBot', toBot)).toEqual(['agent/ev-9']);
    expect(deliveryKeys('fileTicket', toPlatform)).toEqual([]);
  });
});

interface ExportedSpan {
  name: string;
  traceId: string;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: number } }>;
}

/** A collector taking OTLP/HTTP JSON, as Jaeger or the OpenTelemetry Collector do on port 4318. */
function startCollector(): Promise<{ server: Server; url: string; received: Array<{ path: string; body: any }> }> {
  const received: Array<{ path: string; body: any }> = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received })),
  );
}

describe('a process with tracing', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((server) => server.close()));

  it('registers nothing when no collector is configured: the API stays no-op', () => {
    expect(startTracing({ serviceName: 'handoff-api' })).toBe(TRACING_OFF);
    const span = trace.getTracer('test').startSpan('nothing');
    expect(span.isRecording()).toBe(false);
    span.end();
  });

  it('exports over OTLP/HTTP the spans of requests to an app built before tracing started, named by route, without query strings', async () => {
    const app = express();
    app.get('/v1/things/:id', (_req, res) => {
      res.json({ ok: true });
    });
    const appServer = await new Promise<Server>((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server));
    });
    servers.push(appServer);
    const collector = await startCollector();
    servers.push(collector.server);

    const tracing = startTracing({ serviceName: 'handoff-api', endpoint: collector.url });
    expect(tracing.enabled).toBe(true);
    const appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
    expect((await fetch(`${appUrl}/v1/things/t-1?token=secret-token`)).status).toBe(200);
    expect((await fetch(`${appUrl}/metrics`)).status).toBe(404);
    await tracing.shutdown();

    expect(collector.received.map((r) => r.path)).toContain('/v1/traces');
    const resourceSpans = collector.received.flatMap((r) => r.body.resourceSpans as any[]);
    const serviceNames = resourceSpans.flatMap((r) => r.resource.attributes.filter((a: any) => a.key === 'service.name').map((a: any) => a.value.stringValue));
    expect(new Set(serviceNames)).toEqual(new Set(['handoff-api']));
    const spans: ExportedSpan[] = resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s: any) => s.spans));
    const server = spans.find((span) => span.name === 'GET /v1/things/:id');
    expect(server, spans.map((span) => span.name).join(', ')).toBeDefined();
    // fetch's client span and the server's span are one trace: the context went in `traceparent`.
    const client = spans.find((span) => span.name === 'GET' && span.attributes.some((a) => a.key === 'url.full'));
    expect(client?.traceId).toBe(server!.traceId);
    expect(JSON.stringify(spans)).not.toContain('secret-token');
    expect(spans.some((span) => JSON.stringify(span.attributes).includes('/metrics'))).toBe(false);
  });
});

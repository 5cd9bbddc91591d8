/**
 * The worker's `/metrics` (`WORKER_METRICS_PORT`, default 9464, on `HOST`, 127.0.0.1 unless set):
 * its prom-client metrics and the SDK's `temporal_*` metrics in one answer, under the API's access
 * rule (observability/metrics-access.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { mayReadMetrics, METRICS_REFUSAL } from './metrics-access';
import { scrapeSdkMetrics } from './sdk-metrics';

export const DEFAULT_WORKER_METRICS_PORT = 9464;

export interface WorkerMetricsServerOptions {
  registry: Registry;
  /** The core's exporter (observability/sdk-metrics.ts); without it only the worker's own metrics. */
  sdkMetricsUrl?: string;
  host: string;
  port: number;
  /** HANDOFF_METRICS_TOKEN: lets a client elsewhere read them. */
  token?: string;
  log?: (message: string, context: object) => void;
}

export interface WorkerMetricsServer {
  server: Server;
  /** Where it listens, as `http://host:port/metrics`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function serveWorkerMetrics(options: WorkerMetricsServerOptions): Promise<WorkerMetricsServer> {
  const server = createServer((req, res) => void answer(req, res, options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port, family } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;
  return {
    server,
    url: `http://${host}:${port}/metrics`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(req: IncomingMessage, res: ServerResponse, options: WorkerMetricsServerOptions): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/metrics') return refuse(res, 404, 'route_not_found', `no route for ${req.method} ${path}`);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return refuse(res, 405, 'method_not_allowed', `${req.method} is not allowed on /metrics`);
  }
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  if (!mayReadMetrics({ remoteAddress: req.socket.remoteAddress, header }, options.token)) return refuse(res, 401, 'unauthorized', METRICS_REFUSAL);
  const own = await options.registry.metrics();
  let sdk = '';
  if (options.sdkMetricsUrl) {
    try {
      sdk = await scrapeSdkMetrics(options.sdkMetricsUrl);
    } catch (error) {
      // The worker's own metrics are still worth a scrape; the gap shows as missing temporal_* series.
      options.log?.('metrics: the SDK metrics are unavailable', { reason: (error as Error).message });
    }
  }
  res.writeHead(200, { 'content-type': Registry.PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : `${own.trimEnd()}\n${sdk}`);
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code, message } }));
}

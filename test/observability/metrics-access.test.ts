import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry, Counter } from 'prom-client';
import { errorHandler } from '../../api/error-handler';
import { isLoopbackAddress, mayReadMetrics } from '../../observability/metrics-access';
import { metricsRoute } from '../../observability/metrics-route';
import { serveWorkerMetrics, type WorkerMetricsServer } from '../../observability/worker-metrics-server';

const TOKEN = 'metrics-token-0123456789';
const request = (remoteAddress: string | undefined, headers: Record<string, string> = {}) => ({ remoteAddress, header: (name: string) => headers[name] });

describe('who may read /metrics', () => {
  it('takes 127.0.0.0/8 and ::1, in either notation, as this machine and nothing else', () => {
    for (const local of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(local)).toBe(true);
    for (const remote of ['10.0.0.8', '::ffff:10.0.0.8', '203.0.113.7', 'fe80::1', '::', '0.0.0.0', undefined]) expect(isLoopbackAddress(remote)).toBe(false);
  });

  it('serves a local client without a token, but not one a proxy forwarded', () => {
    expect(mayReadMetrics(request('127.0.0.1'), undefined)).toBe(true);
    for (const header of ['forwarded', 'x-forwarded-for', 'x-real-ip'])
      expect(mayReadMetrics(request('127.0.0.1', { [header]: '203.0.113.7' }), undefined)).toBe(false);
  });

  it('serves a client elsewhere only with the right bearer token, and never without a token set', () => {
    expect(mayReadMetrics(request('203.0.113.7'), undefined)).toBe(false);
    expect(mayReadMetrics(request('203.0.113.7', { authorization: `Bearer ${TOKEN}` }), undefined)).toBe(false);
    expect(mayReadMetrics(request('203.0.113.7', { authorization: `Bearer ${TOKEN}x` }), TOKEN)).toBe(false);
    expect(mayReadMetrics(request('203.0.113.7', { authorization: TOKEN }), TOKEN)).toBe(false);
    expect(mayReadMetrics(request('203.0.113.7', { authorization: `Bearer ${TOKEN}` }), TOKEN)).toBe(true);
    expect(mayReadMetrics(request('127.0.0.1', { 'x-forwarded-for': '203.0.113.7', authorization: `Bearer ${TOKEN}` }), TOKEN)).toBe(true);
  });
});

describe('the /metrics endpoints over HTTP', () => {
  const registry = new Registry();
  new Counter({ name: 'probe_total', help: 'a probe', registers: [registry] }).inc(3);
  let api: Server;
  let apiUrl = '';
  let worker: WorkerMetricsServer;

  beforeAll(async () => {
    const app = express();
    app.use(metricsRoute(registry, TOKEN));
    app.use(errorHandler());
    api = await new Promise<Server>((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server));
    });
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}/metrics`;
    worker = await serveWorkerMetrics({ registry, host: '127.0.0.1', port: 0, token: TOKEN, sdkMetricsUrl: 'http://127.0.0.1:9/metrics' });
  });
  afterAll(async () => {
    api?.close();
    await worker?.close();
  });

  it('answers Prometheus text to this machine, 401 JSON to a proxied client without the token, and the text with it', async () => {
    for (const url of [apiUrl, worker.url]) {
      const local = await fetch(url);
      expect(local.status).toBe(200);
      expect(local.headers.get('content-type')).toContain('text/plain; version=0.0.4');
      expect(await local.text()).toContain('probe_total 3');

      const proxied = await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.7' } });
      expect(proxied.status).toBe(401);
      expect(await proxied.json()).toEqual({ error: { code: 'unauthorized', message: expect.stringContaining('HANDOFF_METRICS_TOKEN') } });

      const withToken = await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.7', authorization: `Bearer ${TOKEN}` } });
      expect(withToken.status).toBe(200);
    }
  });

  it("answers the worker's own metrics when the SDK's exporter cannot be reached", async () => {
    const answer = await fetch(worker.url);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('probe_total 3');
  });

  it('refuses other methods with 405 and other paths on the worker with 404', async () => {
    for (const url of [apiUrl, worker.url]) {
      const answer = await fetch(url, { method: 'POST' });
      expect(answer.status).toBe(405);
      expect(answer.headers.get('allow')).toContain('GET');
    }
    expect((await fetch(worker.url.replace('/metrics', '/'))).status).toBe(404);
  });
});

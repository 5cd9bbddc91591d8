/**
 * The Temporal SDK's own worker metrics (`temporal_*`: task slots, poll and schedule-to-start
 * latencies, workflow task failures). The SDK's core serves them in Prometheus text on a port of
 * its own; Handoff binds that to a free loopback port nobody else is told of and merges its answer
 * into the worker's `/metrics`, so there is one address to scrape and one access rule.
 */
import { createServer } from 'node:net';
import type { TelemetryOptions } from '@temporalio/worker';

export interface SdkMetricsEndpoint {
  /** For `Runtime.install({ telemetryOptions })`. */
  telemetryOptions: TelemetryOptions;
  /** Where the core serves them. */
  url: string;
}

/** A free loopback port for the core's exporter; install the runtime with its options before any worker starts. */
export async function loopbackSdkMetrics(): Promise<SdkMetricsEndpoint> {
  const port = await freeLoopbackPort();
  return {
    telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${port}` } } },
    url: `http://127.0.0.1:${port}/metrics`,
  };
}

/** Thrown when the SDK's metrics cannot be read from the core's exporter. */
export class SdkMetricsUnavailableError extends Error {
  override readonly name = 'SdkMetricsUnavailableError';
}

export async function scrapeSdkMetrics(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    throw new SdkMetricsUnavailableError(`the SDK's metrics at ${url} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (!response.ok) throw new SdkMetricsUnavailableError(`the SDK's metrics at ${url} answered ${response.status}`);
  return response.text();
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { TemporalSecurity } from '../config/temporal-security';

export interface ApiClientOptions extends TemporalSecurity {
  address: string;
  namespace: string;
}

const GRPC_RESOURCE_EXHAUSTED = 8;

/**
 * A client whose connection is made on first use, so the API starts (and answers 503) while
 * Temporal is down. gRPC retries are short, so a bot hears 503 in about a second, not twenty;
 * "workflow is closing" (a run continuing-as-new) is retried after 50 ms instead of the SDK's
 * 1 s, since the next run is only a workflow task away.
 */
export function createApiClient({ address, namespace, ...security }: ApiClientOptions): Client {
  const retry = defaultGrpcRetryOptions({
    maxAttempts: 6,
    initialIntervalMs: ({ code, details }) => (code === GRPC_RESOURCE_EXHAUSTED ? (/workflow/i.test(details) ? 50 : 1_000) : 100),
  });
  const connection = Connection.lazy({ address, ...security, interceptors: [makeGrpcRetryInterceptor(retry)] });
  return new Client({ connection, namespace });
}

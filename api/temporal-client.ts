import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { encryptingDataConverter } from '../codec/data-converter';
import type { EncryptionKeys } from '../codec/encryption-keys';
import type { TemporalSecurity } from '../config/temporal-security';
import { tracingClientInterceptors } from '../observability/temporal-tracing';

export interface ApiClientOptions extends TemporalSecurity {
  address: string;
  namespace: string;
  /** The payload codec's keys: what the client sends is encrypted, what it reads decrypted. */
  encryptionKeys: EncryptionKeys;
}

const GRPC_RESOURCE_EXHAUSTED = 8;

/**
 * A client whose connection is made on first use, so the API starts (and answers 503) while
 * Temporal is down. gRPC retries are short, so a bot hears 503 in about a second, not twenty;
 * "workflow is closing" (a run continuing-as-new) is retried after 50 ms instead of the SDK's
 * 1 s, since the next run is only a workflow task away.
 */
export function createApiClient({ address, namespace, encryptionKeys, ...security }: ApiClientOptions): Client {
  const retry = defaultGrpcRetryOptions({
    maxAttempts: 6,
    initialIntervalMs: ({ code, details }) => (code === GRPC_RESOURCE_EXHAUSTED ? (/workflow/i.test(details) ? 50 : 1_000) : 100),
  });
  const connection = Connection.lazy({ address, ...security, interceptors: [makeGrpcRetryInterceptor(retry)] });
  // The tracing interceptors cost nothing while no tracer provider is registered (observability/tracing.ts).
  return new Client({ connection, namespace, dataConverter: encryptingDataConverter(encryptionKeys), interceptors: tracingClientInterceptors() });
}

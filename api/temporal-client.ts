import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor, type GrpcRetryOptions } from '@temporalio/client';
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
 * 1 s, since the next run is only a workflow task away. Close it with `closeApiClient`.
 */
export function createApiClient({ address, namespace, encryptionKeys, ...security }: ApiClientOptions): Client {
  const retries = new PendingRetries();
  const retry = retries.guard(
    defaultGrpcRetryOptions({
      maxAttempts: 6,
      initialIntervalMs: ({ code, details }) => (code === GRPC_RESOURCE_EXHAUSTED ? (/workflow/i.test(details) ? 50 : 1_000) : 100),
    }),
  );
  const connection = Connection.lazy({ address, ...security, interceptors: [makeGrpcRetryInterceptor(retry)] });
  pendingRetries.set(connection, retries);
  // The tracing interceptors cost nothing while no tracer provider is registered (observability/tracing.ts).
  return new Client({ connection, namespace, dataConverter: encryptingDataConverter(encryptionKeys), interceptors: tracingClientInterceptors() });
}

/**
 * Closes a client of `createApiClient`: no new retry is scheduled, and the ones already scheduled
 * run first. The SDK's retry runs on a timer, and a timer firing after the channel closed throws
 * "Channel has been shut down" where nothing can catch it.
 */
export async function closeApiClient(client: Client): Promise<void> {
  await pendingRetries.get(client.connection)?.drain();
  await client.connection.close();
}

const pendingRetries = new WeakMap<object, PendingRetries>();

class PendingRetries {
  private closing = false;
  private readonly due = new Set<Promise<void>>();

  guard(options: GrpcRetryOptions): GrpcRetryOptions {
    return {
      retryableDecider: (attempt, status) => !this.closing && options.retryableDecider(attempt, status),
      delayFunction: (attempt, status) => {
        const delay = options.delayFunction(attempt, status);
        // Settles a little after the retry's own timer, which was set first with the same delay.
        const fired: Promise<void> = new Promise((resolve) => setTimeout(resolve, delay + 10).unref());
        this.due.add(fired);
        void fired.then(() => this.due.delete(fired));
        return delay;
      },
    };
  }

  async drain(): Promise<void> {
    this.closing = true;
    while (this.due.size > 0) await Promise.all([...this.due]);
  }
}

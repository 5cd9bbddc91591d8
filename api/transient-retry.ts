import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';

const GRPC_ABORTED = 10;
const GRPC_FAILED_PRECONDITION = 9;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_UNAVAILABLE = 14;

/**
 * True for what the server answers while a run is continuing-as-new or its task just failed:
 * "workflow is closing" (RESOURCE_EXHAUSTED), an update aborted by the task failure
 * (FAILED_PRECONDITION), ABORTED and UNAVAILABLE. The same call lands on the next run.
 */
export function isTransientTemporalError(error: unknown): boolean {
  const grpc = isGrpcServiceError(error) ? error : error instanceof ServiceError && isGrpcServiceError(error.cause) ? error.cause : undefined;
  if (!grpc) return false;
  if (grpc.code === GRPC_FAILED_PRECONDITION) return /workflow task failure|workflow is closing/i.test(grpc.details ?? grpc.message);
  return grpc.code === GRPC_ABORTED || grpc.code === GRPC_RESOURCE_EXHAUSTED || grpc.code === GRPC_UNAVAILABLE;
}

/** Retries an idempotent call (an update with a fixed id, a deduplicated signal) through transient errors. */
export async function retryTransient<T>(call: () => Promise<T>, attempts = 6, firstDelayMs = 50): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || !isTransientTemporalError(error)) throw error;
      await sleep(firstDelayMs * 2 ** (attempt - 1));
    }
  }
}

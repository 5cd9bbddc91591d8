/**
 * The AWS SDK clients of one Amazon Connect configuration, shared by the connector (worker) and
 * the SNS webhook (API). Credentials come from the standard AWS provider chain (environment,
 * shared config, web identity, container or instance role), never from the profiles file.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { ConnectParticipantClient } from '@aws-sdk/client-connectparticipant';
import type { AmazonConnectOptions } from './options';
import { ApplicationFailure } from '@temporalio/common';
import { platformRejected } from '../../lib/failures';

export interface AmazonConnectClients {
  connect: ConnectClient;
  participant: ConnectParticipantClient;
}

/** One pair of clients per region and endpoint override, built on first use. */
export class AmazonConnectClientPool {
  private readonly clients = new Map<string, AmazonConnectClients>();

  for(options: Pick<AmazonConnectOptions, 'region' | 'endpoints'>): AmazonConnectClients {
    const key = JSON.stringify([options.region, options.endpoints?.connect, options.endpoints?.participant]);
    let clients = this.clients.get(key);
    if (!clients) {
      // Temporal retries with backoff and the webhook answers 503 for SNS to redeliver, so the SDK tries once.
      const common = { region: options.region, maxAttempts: 1, requestHandler: { requestTimeout: 15_000, connectionTimeout: 5_000 } };
      clients = {
        connect: new ConnectClient({ ...common, ...(options.endpoints?.connect && { endpoint: options.endpoints.connect }) }),
        participant: new ConnectParticipantClient({ ...common, ...(options.endpoints?.participant && { endpoint: options.endpoints.participant }) }),
      };
      this.clients.set(key, clients);
    }
    return clients;
  }
}

interface AwsErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** The HTTP status of an AWS SDK error, when the service answered at all. */
export function awsStatusOf(error: unknown): number | undefined {
  return (error as AwsErrorShape | undefined)?.$metadata?.httpStatusCode;
}

/**
 * Sorts an AWS SDK failure at the activity boundary: throttling, 5xx and network errors are
 * plain Errors (Temporal retries them with backoff); any other 4xx is `PlatformRejected`.
 */
export function sortAwsFailure(error: unknown, what: string): Error {
  const { name = 'Error', message = String(error) } = (error ?? {}) as AwsErrorShape;
  const status = awsStatusOf(error);
  const summary = `${what}: ${name}${status ? ` (HTTP ${status})` : ''}: ${message}`;
  const transient = status === undefined || status === 408 || status === 429 || status >= 500 || name === 'ThrottlingException';
  return transient ? new Error(summary) : platformRejected(summary, { status, code: name });
}

/** Whether a sorted failure is a platform refusal with one of `statuses`. */
export function refusedWith(error: unknown, ...statuses: number[]): boolean {
  if (!(error instanceof ApplicationFailure)) return false;
  const status = (error.details?.[0] as { status?: number } | undefined)?.status;
  return status !== undefined && statuses.includes(status);
}

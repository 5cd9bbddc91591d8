/**
 * Temporal's part of a trace (@temporalio/interceptors-opentelemetry): the API's client makes a span
 * per start, update, signal and query and passes its context in the call's headers; a tracing
 * worker's workflows carry that context to the activities they schedule (workflow-trace-propagation.ts,
 * which makes no span in the sandbox); each activity's span continues it. Payloads are not read:
 * they stay encrypted.
 */
import type { ClientInterceptors } from '@temporalio/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';

/** The workflow interceptor module a tracing worker's bundle includes (and only a tracing worker's). */
export const WORKFLOW_TRACE_PROPAGATION_MODULE = fileURLToPath(new URL('./workflow-trace-propagation.ts', import.meta.url));

/** The API client's interceptors: a span per start, update, signal and query, its context sent along. */
export function tracingClientInterceptors(): ClientInterceptors {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

export const tracingActivityInterceptors: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});

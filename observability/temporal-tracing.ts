/**
 * Temporal's part of a trace (@temporalio/interceptors-opentelemetry): the API's client passes its
 * trace context to the workflow in call headers, the workflow's spans (made in the sandbox by
 * workflow-tracing.ts) reach the worker's span processor through a sink, and each activity's span
 * continues the trace of the workflow that scheduled it. Payloads are not read: they stay encrypted.
 */
import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { WorkflowInfo } from '@temporalio/workflow';
import { fileURLToPath } from 'node:url';
import type { Tracing } from './tracing';

/** The workflow interceptor module every workflow bundle includes (the worker's own, the tests' and the bench's). */
export const WORKFLOW_TRACING_MODULE = fileURLToPath(new URL('./workflow-tracing.ts', import.meta.url));

/** The API client's interceptors: a span per start, update, signal and query, its context sent along. */
export function tracingClientInterceptors(): ClientInterceptors {
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

export const tracingActivityInterceptors: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});

/**
 * The sink the workflows' spans arrive through. Registered whether tracing is on or not, since every
 * bundle has the interceptors; with tracing off the spans are dropped. The SDK's exporter copies the
 * workflow's info onto each span: only its ids and type are passed, not its memo, search attributes
 * or last failure.
 */
export function workflowSpanSinks(tracing: Tracing): InjectedSinks<OpenTelemetrySinks> {
  const exporter = makeWorkflowExporter(tracing.spanProcessor, tracing.resource).export;
  return {
    exporter: {
      export: {
        fn: (info, spans) => exporter.fn(idsOf(info), spans),
        callDuringReplay: false,
      },
    },
  };
}

function idsOf(info: WorkflowInfo): WorkflowInfo {
  const { workflowId, runId, workflowType, taskQueue, namespace, attempt } = info;
  return { workflowId, runId, workflowType, taskQueue, namespace, attempt } as WorkflowInfo;
}

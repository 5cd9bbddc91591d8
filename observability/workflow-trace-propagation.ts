/**
 * The workflow bundle's only tracing code, loaded only by a worker that traces: it makes no span in
 * the sandbox, it carries the trace context (the `_tracer-data` header of
 * @temporalio/interceptors-opentelemetry) from what reached the run to the activities it schedules.
 * Spans are made outside the sandbox: by the API's client interceptor (the start, a message, an
 * agent's event), the worker's activity interceptor and the HTTP instrumentation. So a run costs no
 * more memory or time with tracing than without, and adds no await: a run recorded with it replays
 * without it and back (the headers of a scheduled activity are not part of what replay compares).
 *
 * Which context: a delivery carries its first message's (a user message's update, an agent event's
 * signal), so each relayed message's delivery sits in that message's own trace; any other activity
 * carries the latest call's that reached the run (the start's for the start).
 */
import type {
  ActivityInput,
  LocalActivityInput,
  Next,
  SignalInput,
  UpdateInput,
  WorkflowExecuteInput,
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type { Payload } from '@temporalio/common';
import type { Activities } from '../activities';
import type { BotDeliveryInput } from '../activities/bot-callback';
import type { PlatformDeliveryInput } from '../activities/platform';
import type { AgentEvent } from '../contracts/agent-event';
import { agentEventSignal, userMessageUpdate, type ReceivedUserMessage } from '../workflows/definitions';

/** The header @temporalio/interceptors-opentelemetry's client and activity interceptors write and read. */
export const TRACE_HEADER = '_tracer-data';

const TO_PLATFORM = 'deliverToPlatform' satisfies keyof Activities;
const TO_BOT = 'deliverToBot' satisfies keyof Activities;

/** Messages remembered per run, oldest forgotten first: one never delivered (the session ended) does not stay. */
const REMEMBERED_MESSAGES = 200;

export class TraceHeaders {
  private latest?: Payload;
  private readonly byMessage = new Map<string, Payload>();

  readonly inbound: WorkflowInboundCallsInterceptor = {
    execute: (input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>) => {
      this.latest = input.headers[TRACE_HEADER] ?? this.latest;
      return next(input);
    },
    handleUpdate: (input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) => {
      const key = input.name === userMessageUpdate.name ? userMessageKey((input.args[0] as ReceivedUserMessage | undefined)?.messageId) : undefined;
      this.remember(input.headers[TRACE_HEADER], key);
      return next(input);
    },
    handleSignal: (input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) => {
      const key = input.signalName === agentEventSignal.name ? agentEventKey((input.args[0] as AgentEvent | undefined)?.eventId) : undefined;
      this.remember(input.headers[TRACE_HEADER], key);
      return next(input);
    },
  };

  readonly outbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) => next(this.carrying(input)),
    scheduleLocalActivity: (input: LocalActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>) => next(this.carrying(input)),
  };

  private remember(header: Payload | undefined, key: string | undefined): void {
    if (header === undefined) return;
    this.latest = header;
    if (key === undefined) return;
    this.byMessage.delete(key);
    this.byMessage.set(key, header);
    if (this.byMessage.size > REMEMBERED_MESSAGES) this.byMessage.delete(this.byMessage.keys().next().value!);
  }

  private carrying<T extends ActivityInput | LocalActivityInput>(input: T): T {
    const ofMessage = deliveryKeys(input.activityType, input.args[0])
      .map((key) => this.byMessage.get(key))
      .find((header) => header !== undefined);
    const header = ofMessage ?? this.latest;
    return header === undefined || input.headers[TRACE_HEADER] !== undefined ? input : { ...input, headers: { ...input.headers, [TRACE_HEADER]: header } };
  }
}

function userMessageKey(messageId: string | undefined): string | undefined {
  return messageId === undefined ? undefined : `user:${messageId}`;
}

function agentEventKey(eventId: string | undefined): string | undefined {
  return eventId === undefined ? undefined : `agent/${eventId}`;
}

/** The identities of the messages a delivery carries: user messages by id, bot events by the agent event that caused them. */
export function deliveryKeys(activityType: string, input: unknown): string[] {
  if (activityType === TO_PLATFORM) {
    return ((input as PlatformDeliveryInput).items ?? []).flatMap((item) => (item.kind === 'message' ? [userMessageKey(item.messageId)!] : []));
  }
  if (activityType === TO_BOT) {
    // A bot event's id is `<chain>/agent/<agent event id>` for what the agent did.
    return ((input as BotDeliveryInput).events ?? []).flatMap((event) => {
      const at = event.eventId.indexOf('/agent/');
      return at < 0 ? [] : [event.eventId.slice(at + 1)];
    });
  }
  return [];
}

export const interceptors = (): WorkflowInterceptors => {
  const headers = new TraceHeaders();
  return { inbound: [headers.inbound], outbound: [headers.outbound] };
};

/**
 * The workflow bundle's tracing interceptors (runs in the sandbox: it imports only the
 * OpenTelemetry API, the SDK's workflow interceptors and pure modules). The SDK's interceptors give
 * spans to the run, to each update, signal and activity; the relay lanes here put each relayed
 * message's delivery in that message's own trace.
 *
 * Why: a user message arrives as an update and an agent's as a signal, but both are delivered by a
 * lane that runs in the workflow's main coroutine, so the delivery would otherwise be a child of the
 * run's span (the start's trace). The lanes remember the trace context each message came with and
 * schedule the delivery that carries it inside that context; that adds no yield, and the headers
 * of a scheduled activity are not part of what replay compares.
 *
 * The SDK's interceptors do add awaits around activities and handlers, which moves where a
 * concurrent coroutine (a lane, an update handler) gives its commands: runs recorded without them
 * would no longer replay. So a run is traced only when `patched(TRACING_PATCH)` says it began with
 * tracing; older runs keep their timing to their end.
 */
import { context, trace, type Context } from '@opentelemetry/api';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import {
  patched,
  type ActivityInput,
  type LocalActivityInput,
  type Next,
  type SignalInput,
  type UpdateInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptors,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { BotDeliveryInput } from '../activities/bot-callback';
import type { PlatformDeliveryInput } from '../activities/platform';
import type { AgentEvent } from '../contracts/agent-event';
import { agentEventSignal, userMessageUpdate, type ReceivedUserMessage } from '../workflows/definitions';

/** Marks the runs that began with tracing (see above). */
export const TRACING_PATCH = 'opentelemetry-tracing';

const TO_PLATFORM = 'deliverToPlatform' satisfies keyof Activities;
const TO_BOT = 'deliverToBot' satisfies keyof Activities;

/** Messages remembered per run, oldest forgotten first: one never delivered (the session ended) does not stay. */
const REMEMBERED_MESSAGES = 200;

/** The trace context each relayed message came with, by its identity, until its delivery is scheduled. */
export class RelayedMessageTraces {
  private readonly contexts = new Map<string, Context>();

  /** Inbound: remembers the context of a user message (an update) or an agent event (a signal). */
  readonly inbound: WorkflowInboundCallsInterceptor = {
    handleUpdate: (input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) => {
      if (input.name === userMessageUpdate.name) this.remember(userMessageKey((input.args[0] as ReceivedUserMessage | undefined)?.messageId));
      return next(input);
    },
    handleSignal: (input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) => {
      if (input.signalName === agentEventSignal.name) this.remember(agentEventKey((input.args[0] as AgentEvent | undefined)?.eventId));
      return next(input);
    },
  };

  /**
   * Outbound: schedules a delivery in the context of the first message of its batch that has one.
   * A local first try keeps the contexts, for the regular activity that follows when it fails.
   */
  readonly outbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>) =>
      this.inContextOf(input, { forget: true }, () => next(input)),
    scheduleLocalActivity: (input: LocalActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>) =>
      this.inContextOf(input, { forget: false }, () => next(input)),
  };

  private remember(key: string | undefined): void {
    const active = context.active();
    if (key === undefined || trace.getSpan(active) === undefined) return;
    this.contexts.delete(key);
    this.contexts.set(key, active);
    if (this.contexts.size > REMEMBERED_MESSAGES) this.contexts.delete(this.contexts.keys().next().value!);
  }

  private inContextOf<T>(input: { activityType: string; args: unknown[] }, { forget }: { forget: boolean }, schedule: () => T): T {
    const keys = deliveryKeys(input.activityType, input.args[0]);
    const found = keys.map((key) => this.contexts.get(key)).find((known) => known !== undefined);
    if (!found) return schedule();
    if (forget) for (const key of keys) this.contexts.delete(key);
    return context.with(found, schedule);
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
    return ((input as PlatformDeliveryInput).items ?? []).flatMap((item) =>
      item.kind === 'message' && typeof item.messageId === 'string' ? [userMessageKey(item.messageId)!] : [],
    );
  }
  if (activityType === TO_BOT) {
    // A bot event's id is `<chain>/agent/<agent event id>` for what the agent did; runs recorded
    // before events had ids carry none.
    return ((input as BotDeliveryInput).events ?? []).flatMap((event) => {
      const at = typeof event.eventId === 'string' ? event.eventId.indexOf('/agent/') : -1;
      return at < 0 ? [] : [event.eventId.slice(at + 1)];
    });
  }
  return [];
}

type Intercepting = (input: unknown, next: (input: unknown) => unknown) => unknown;

/** `interceptor`, passing every call straight on unless `traced()`. */
function onlyWhen<T extends object>(traced: () => boolean, interceptor: T): T {
  const gated: Record<string, Intercepting> = {};
  for (const method of Object.getOwnPropertyNames(Object.getPrototypeOf(interceptor))) {
    const intercept = (interceptor as Record<string, unknown>)[method];
    if (method === 'constructor' || typeof intercept !== 'function') continue;
    gated[method] = (input, next) => (traced() ? (intercept as Intercepting).call(interceptor, input, next) : next(input));
  }
  return gated as T;
}

export const interceptors = (): WorkflowInterceptors => {
  let traced = false;
  const tracedRun = () => traced;
  const sdkInbound = onlyWhen(tracedRun, new OpenTelemetryInboundInterceptor());
  const relayed = new RelayedMessageTraces();
  // The run's start (or a replay of it from the beginning) decides, before any handler runs.
  const decide: WorkflowInboundCallsInterceptor = {
    execute: (input, next) => {
      traced = patched(TRACING_PATCH);
      return next(input);
    },
  };
  // The SDK's inbound interceptor runs first, so a message is remembered inside its handler's span;
  // the lanes' outbound one runs first, so the SDK's activity span starts inside the message's trace.
  return {
    inbound: [decide, sdkInbound, relayed.inbound],
    outbound: [relayed.outbound, onlyWhen(tracedRun, new OpenTelemetryOutboundInterceptor())],
    internals: [new OpenTelemetryInternalsInterceptor()],
  };
};

/**
 * What relayed messages cost in workflow history, read through the Temporal client over every run
 * of a workflow (its continue-as-new chain, walked back from the latest run): events, workflow
 * tasks, serialized bytes as the server hands them out (payloads encrypted), and the largest
 * continue-as-new input.
 */
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const { History } = proto.temporal.api.history.v1;
const { Payloads } = proto.temporal.api.common.v1;

export interface HistoryTotals {
  runs: number;
  events: number;
  workflowTasks: number;
  bytes: number;
  /** Serialized size of the largest `workflowExecutionContinuedAsNewEventAttributes.input`; 0 when no run continued as new. */
  largestContinueAsNewInputBytes: number;
}

const NONE: HistoryTotals = { runs: 0, events: 0, workflowTasks: 0, bytes: 0, largestContinueAsNewInputBytes: 0 };

export async function historyTotals(client: Client, workflowId: string): Promise<HistoryTotals> {
  const totals = { ...NONE };
  let runId: string | undefined;
  do {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    totals.runs++;
    totals.events += events.length;
    totals.workflowTasks += events.filter((e) => e.workflowTaskCompletedEventAttributes).length;
    totals.bytes += History.encode(history).finish().length;
    for (const event of events) {
      const input = event.workflowExecutionContinuedAsNewEventAttributes?.input;
      if (input) totals.largestContinueAsNewInputBytes = Math.max(totals.largestContinueAsNewInputBytes, Payloads.encode(input).finish().length);
    }
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  } while (runId);
  return totals;
}

async function summedTotals(client: Client, workflowIds: string[]): Promise<HistoryTotals> {
  const each = await Promise.all(workflowIds.map((id) => historyTotals(client, id)));
  return each.reduce(
    (sum, t) => ({
      runs: sum.runs + t.runs,
      events: sum.events + t.events,
      workflowTasks: sum.workflowTasks + t.workflowTasks,
      bytes: sum.bytes + t.bytes,
      largestContinueAsNewInputBytes: Math.max(sum.largestContinueAsNewInputBytes, t.largestContinueAsNewInputBytes),
    }),
    NONE,
  );
}

export interface HistoryCost {
  eventsPerMessage: number;
  workflowTasksPerMessage: number;
  bytesPerMessage: number;
  /** The relayed messages' own size: the mean UTF-8 length of their text. */
  messageBytes: number;
}

/** A message a measurement relayed, to the workflow `workflowId`. */
export interface RelayedMessage {
  workflowId: string;
  text: string;
}

/** How long after the last delivery the histories are read: an agent message reaches the bot from inside the workflow task that records it. */
const SETTLE_MS = 1_000;

/**
 * Runs `relay` and answers what the messages it relayed to `workflowIds` added to their histories
 * (every run), per message. The difference of two readings, so a session's start is not spread over
 * its messages: the start has figures of its own, and a session relays as many messages as the
 * measurement chose.
 */
export async function withHistoryCost<T>(
  client: Client,
  workflowIds: string[],
  relay: () => Promise<{ result: T; relayed: RelayedMessage[] }>,
): Promise<{ result: T; cost: HistoryCost }> {
  const before = await summedTotals(client, workflowIds);
  const { result, relayed } = await relay();
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const after = await summedTotals(client, workflowIds);
  const counted = relayed.filter((m) => workflowIds.includes(m.workflowId));
  const per = (n: number) => Math.round((n / counted.length) * 100) / 100;
  return {
    result,
    cost: {
      eventsPerMessage: per(after.events - before.events),
      workflowTasksPerMessage: per(after.workflowTasks - before.workflowTasks),
      bytesPerMessage: per(after.bytes - before.bytes),
      messageBytes: per(counted.reduce((sum, m) => sum + Buffer.byteLength(m.text), 0)),
    },
  };
}

/**
 * A worker crash under load: `sessions` open brokered chats get user messages at a steady `rate`;
 * after `secondsBefore` the worker process is killed (SIGKILL) and a new one started at once, the
 * Handoff worker alone (the floor's stays off so that the restart is Handoff's own); the messages go
 * on for `secondsAfter` once it polls. The restart is timed from the new process's spawn to the
 * server seeing it poll (describeTaskQueue lists a poller with its pid), which includes bundling the
 * workflow code, as a production worker's start does.
 */
import proto from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentHistories } from './histories';
import { pacedWhile, waitUntil } from './load';
import { closeSessions, openSessions } from './sessions';
import { percentiles } from './stats';
import type { BenchSystem } from './system';

const { TaskQueueKind, TaskQueueType, TimeoutType, WorkflowTaskFailedCause } = proto.temporal.api.enums.v1;

export interface RecoveryFigure {
  sessions: number;
  rate: number;
  /** New worker process spawned → the server sees it poll. */
  restartSeconds: number;
  /** New worker process spawned → the first 202 to a message sent after the kill. */
  ackedAgainSeconds: number;
  /** Messages refused (not 202, e.g. 503 `temporal_unavailable`), by when the answer came: before the new worker polled, after. */
  refusedBeforeRestart: number;
  refusedAfterRestart: number;
  /** Refusals answered after messages were acknowledged again (the goal is none). */
  refusedAfterBack: number;
  /** New worker process spawned → the last refusal answered, after which every message was acknowledged (0 without refusals after the spawn). */
  lastRefusalSeconds: number;
  /** p99 of the 202 answers' latency (ms): messages sent before the kill, and those sent after it (while the worker catches up). */
  steadyAckP99Ms: number;
  catchUpAckP99Ms: number;
  /** Acknowledged messages that never reached the desk. */
  undelivered: number;
  /**
   * What the chats' histories say of their workflow tasks: those that timed out once a worker had
   * them (start-to-close: a task the killed worker held, or one a worker was too slow for), those
   * that waited for a worker too long (schedule-to-start: on the dead worker's sticky queue), and
   * those that failed, by cause (a nondeterminism error would be here).
   */
  workflowTasks: { timedOutRunning: number; timedOutWaiting: number; failed: Record<string, number> };
}

export interface RecoveryPlan {
  sessions: number;
  rate: number;
  secondsBefore: number;
  secondsAfter: number;
}

interface Sent {
  key: string;
  sentAt: number;
  answeredAt: number;
  status: number;
}

const DELIVERY_WAIT_MS = 120_000;

export async function measureRecovery(system: BenchSystem, plan: RecoveryPlan): Promise<RecoveryFigure> {
  const sessions = await openSessions(system, plan.sessions, true);
  let stopAt = Number.POSITIVE_INFINITY;
  // No cap worth the name on calls in flight: during the outage each waits up to the API's 10 s, and users do not stop.
  const traffic = pacedWhile(
    plan.rate,
    () => performance.now() < stopAt,
    async (i): Promise<Sent> => {
      const key = `r-${randomUUID()}`;
      const sentAt = performance.now();
      const answer = await system.call('POST', system.handoffPath(sessions[i % sessions.length]!.id, '/messages'), { messageId: key, text: `recovery ${i}` });
      return { key, sentAt, answeredAt: performance.now(), status: answer.status };
    },
    1_000_000,
  );
  await sleep(plan.secondsBefore * 1_000);
  const killedAt = performance.now();
  let spawnedAt = Number.NaN;
  let polling: Promise<number> | undefined;
  await system.replaceWorker({
    kill: true,
    env: { BENCH_FLOOR_WORKER: 'off' },
    onSpawn: (pid) => {
      spawnedAt = performance.now();
      polling = pollingSince(system, pid);
    },
  });
  const pollingAt = await polling!;
  stopAt = (Number.isNaN(pollingAt) ? performance.now() : pollingAt) + plan.secondsAfter * 1_000;
  const sent = await traffic;
  const acked = sent.filter((s) => s.status === 202);
  await waitUntil(() => acked.every((s) => system.deskArrivals.has(s.key)), DELIVERY_WAIT_MS);
  const workflowTasks = await workflowTaskTrouble(
    system,
    sessions.map((s) => s.id),
  );
  await closeSessions(system, sessions);

  const firstAckAfterKill = Math.min(...acked.filter((s) => s.sentAt >= killedAt).map((s) => s.answeredAt));
  const refused = sent.filter((s) => s.status !== 202);
  const ackP99 = (some: Sent[]) => percentiles(some.map((s) => s.answeredAt - s.sentAt)).p99;
  const seconds = (ms: number) => Math.round(ms / 100) / 10;
  return {
    sessions: plan.sessions,
    rate: plan.rate,
    restartSeconds: seconds(pollingAt - spawnedAt),
    ackedAgainSeconds: seconds(firstAckAfterKill - spawnedAt),
    refusedBeforeRestart: refused.filter((s) => s.answeredAt < pollingAt).length,
    refusedAfterRestart: refused.filter((s) => s.answeredAt >= pollingAt).length,
    refusedAfterBack: refused.filter((s) => s.answeredAt > firstAckAfterKill).length,
    lastRefusalSeconds: seconds(Math.max(0, ...refused.map((s) => s.answeredAt - spawnedAt))),
    steadyAckP99Ms: ackP99(acked.filter((s) => s.sentAt < killedAt)),
    catchUpAckP99Ms: ackP99(acked.filter((s) => s.sentAt >= killedAt)),
    undelivered: acked.filter((s) => !system.deskArrivals.has(s.key)).length,
    workflowTasks,
  };
}

/** Workflow task timeouts and failures in the current runs of `ids` (the row is short: no chat continues as new in it). */
async function workflowTaskTrouble(system: BenchSystem, ids: string[]): Promise<RecoveryFigure['workflowTasks']> {
  const trouble: RecoveryFigure['workflowTasks'] = { timedOutRunning: 0, timedOutWaiting: 0, failed: {} };
  for (const events of await currentHistories(system, ids)) {
    for (const event of events) {
      const timedOut = event.workflowTaskTimedOutEventAttributes;
      if (timedOut) {
        if (timedOut.timeoutType === TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) trouble.timedOutWaiting += 1;
        else trouble.timedOutRunning += 1;
      }
      const failed = event.workflowTaskFailedEventAttributes;
      if (failed) {
        const cause = WorkflowTaskFailedCause[failed.cause ?? 0] ?? String(failed.cause);
        trouble.failed[cause] = (trouble.failed[cause] ?? 0) + 1;
      }
    }
  }
  return trouble;
}

const POLLING_WAIT_MS = 300_000;

/**
 * Resolves with the moment the server first lists a workflow poller of process `pid` on the bench's
 * task queue (the SDK's identity is `<pid>@<host>`), NaN if it never does; never rejects.
 */
async function pollingSince(system: BenchSystem, pid: number): Promise<number> {
  const deadline = performance.now() + POLLING_WAIT_MS;
  while (performance.now() < deadline) {
    const answer = await system.client.workflowService
      .describeTaskQueue({
        namespace: system.client.options.namespace,
        taskQueue: { name: system.taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
        taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      })
      .catch(() => undefined);
    if (answer?.pollers?.some((p) => p.identity?.startsWith(`${pid}@`))) return performance.now();
    await sleep(50);
  }
  return Number.NaN;
}

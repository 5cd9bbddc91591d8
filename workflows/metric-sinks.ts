/**
 * What a handoff tells the worker's metrics (observability/workflow-metrics.ts), through a sink:
 * sinks command nothing and add no history event, and the worker registers them with
 * `callDuringReplay: false`, so a replayed workflow task does not count a handoff twice. The same
 * milestones are INFO lines of the workflow's logger (which is quiet on replay too, and binds the
 * handoff's id, run id and platform), so an operator reading the logs sees each handoff go by.
 */
import { log, proxySinks, workflowInfo, type Sinks } from '@temporalio/workflow';
import type { HandoffMode, HandoffStatus } from '../contracts/status';
import type { EndCause } from './endings';
import type { HandoffSession } from './session';

export interface HandoffStartedFact {
  mode: HandoffMode;
  platform: string;
  profile: string;
}

export interface HandoffEndedFact {
  status: HandoffStatus;
  cause: EndCause;
}

/** The user left the queue: to an agent, or by an end while still queued (`toAgent` false). */
export interface QueueLeftFact {
  waitedSeconds: number;
  toAgent: boolean;
  /** From the handoff's start to the agent joining; only when `toAgent`. */
  timeToAgentSeconds?: number;
}

/** The user rated the chat (the survey after it). */
export interface SurveyRatedFact {
  rating: number;
}

export interface HandoffMetricSinks extends Sinks {
  handoffMetrics: {
    started(fact: HandoffStartedFact): void;
    leftQueue(fact: QueueLeftFact): void;
    ended(fact: HandoffEndedFact): void;
    rated(fact: SurveyRatedFact): void;
  };
}

/**
 * Reports the session's facts as they happen: its start (a new handoff only, not a run continued
 * from another), leaving the queue, and its end. Times are workflow time, so they are the same on
 * every worker.
 */
export function reportMetrics(session: HandoffSession, isNewHandoff: boolean): void {
  const sinks = proxySinks<HandoffMetricSinks>().handoffMetrics;
  // Not even handed to the worker while replaying: a replayer (Worker.runReplayHistory) has no such sink to call.
  const live = (report: () => void) => {
    if (!workflowInfo().unsafe.isReplaying) report();
  };
  const { state } = session;
  if (isNewHandoff) {
    const fact = { mode: state.mode, platform: state.platform, profile: state.profile };
    live(() => sinks.started(fact));
    log.info('handoff started', fact);
  }
  session.onStatusChange(({ from, to, now }) => {
    if (from === 'queued' && state.queuedAt !== undefined) {
      const toAgent = to === 'connected';
      const fact = { waitedSeconds: seconds(now - state.queuedAt), toAgent, ...(toAgent && { timeToAgentSeconds: seconds(now - state.createdAt) }) };
      live(() => sinks.leftQueue(fact));
    }
    const cause = state.endCause;
    if (session.isEnded && cause !== undefined) {
      live(() => sinks.ended({ status: to, cause }));
      log.info('handoff ended', { from, status: to, cause });
    } else {
      log.info('handoff status changed', { from, status: to });
    }
  });
}

function seconds(ms: number): number {
  return Math.max(0, ms) / 1_000;
}

/** Counts the user's rating once, when the workflow files it. */
export function reportRating(rating: number): void {
  if (workflowInfo().unsafe.isReplaying) return;
  proxySinks<HandoffMetricSinks>().handoffMetrics.rated({ rating });
  log.info('handoff rated', { rating });
}

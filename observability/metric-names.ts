/**
 * The metrics Handoff exports, by the names and labels ../shared/spec/system.md ("Observability")
 * fixes: dashboards and alerts depend on them, so they change only with the spec. Every label takes
 * values from a closed set (statuses, modes, platform and profile ids of the configuration, the
 * ending reasons below); never a handoff or conversation id.
 */
import type { EndCause } from '../workflows/endings';

export const METRIC = {
  started: 'handoff_started_total',
  ended: 'handoff_ended_total',
  timeToAgent: 'handoff_time_to_agent_seconds',
  queueWait: 'handoff_queue_wait_seconds',
  relayLatency: 'handoff_relay_latency_seconds',
  webhookRejected: 'handoff_webhook_rejected_total',
  surveyRating: 'handoff_survey_rating',
  openSessions: 'handoff_open_sessions',
} as const;

/**
 * The `reason` label of `handoff_ended_total`: one per ending of workflows/endings.ts, whatever
 * words the platform or the failure gave (those stay in the view and the logs). Typed by `EndCause`,
 * so a new ending does not compile until it has its label.
 */
export const ENDED_REASON: Readonly<Record<EndCause, string>> = {
  notEligible: 'not-eligible',
  redirected: 'redirected',
  userLeft: 'user-left',
  operatorCancelled: 'operator',
  agentClosed: 'agent-closed',
  handedBack: 'handed-back-to-bot',
  inactivity: 'inactivity',
  maxDuration: 'max-duration',
  noEvents: 'no-events',
  noAgentAccepted: 'no-agent-accepted',
  failed: 'failed',
};

/** The `direction` label of `handoff_relay_latency_seconds`. */
export type RelayDirection = 'toAgent' | 'toBot';

/**
 * The `why` label of `handoff_webhook_rejected_total`: a forged or unsigned delivery (`signature`),
 * one dated outside its window (`stale`), one already accepted (`replayed`), a body the platform's
 * schema refuses (`invalid`).
 */
export type WebhookRejection = 'signature' | 'stale' | 'replayed' | 'invalid';

/** Seconds a person waits: from a second to the longest `agentAccept` a profile would set. */
export const WAIT_BUCKETS = [1, 5, 10, 30, 60, 120, 300, 600, 1_200, 1_800, 3_600];

/** Seconds a message takes from its source to the other side. */
export const RELAY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** A CSAT rating, 1 to 5. */
export const RATING_BUCKETS = [1, 2, 3, 4, 5];

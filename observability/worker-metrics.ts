/**
 * The worker's own metrics (prom-client): what its workflows report through the metrics sink and
 * what its activities measure while relaying. One registry per worker, so several workers in one
 * process (the tests) never register a metric twice.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { HandoffEndedFact, HandoffStartedFact, QueueLeftFact, SurveyRatedFact } from '../workflows/metric-sinks';
import { ENDED_REASON, METRIC, RATING_BUCKETS, RELAY_BUCKETS, WAIT_BUCKETS, type RelayDirection } from './metric-names';

export interface WorkerMetricsOptions {
  /** Also the Node process's own metrics (CPU, memory, event loop); for a process of its own. @default false */
  processMetrics?: boolean;
}

/** What the relaying activities report (activities/deps.ts). */
export interface RelayLatencyObserver {
  relayed(direction: RelayDirection, seconds: number): void;
}

export class WorkerMetrics implements RelayLatencyObserver {
  readonly registry = new Registry();
  private readonly started: Counter<'mode' | 'platform' | 'profile'>;
  private readonly ended: Counter<'status' | 'reason'>;
  private readonly timeToAgent: Histogram;
  private readonly queueWait: Histogram;
  private readonly relayLatency: Histogram<'direction'>;
  private readonly surveyRating: Histogram;

  constructor(options: WorkerMetricsOptions = {}) {
    const registers = [this.registry];
    this.started = new Counter({
      name: METRIC.started,
      help: 'Handoffs started, by mode, platform and profile.',
      labelNames: ['mode', 'platform', 'profile'],
      registers,
    });
    this.ended = new Counter({
      name: METRIC.ended,
      help: 'Handoffs ended, by final status and the ending that ended them.',
      labelNames: ['status', 'reason'],
      registers,
    });
    this.timeToAgent = new Histogram({
      name: METRIC.timeToAgent,
      help: 'Seconds from a handoff start to an agent joining.',
      buckets: WAIT_BUCKETS,
      registers,
    });
    this.queueWait = new Histogram({
      name: METRIC.queueWait,
      help: 'Seconds a user waited in the queue, until an agent joined or the handoff ended there.',
      buckets: WAIT_BUCKETS,
      registers,
    });
    this.relayLatency = new Histogram({
      name: METRIC.relayLatency,
      help: "Seconds from a message's source to its delivery: toAgent (the user's message to the platform), toBot (an agent event to the bot's callback).",
      labelNames: ['direction'],
      buckets: RELAY_BUCKETS,
      registers,
    });
    this.surveyRating = new Histogram({
      name: METRIC.surveyRating,
      help: 'Satisfaction ratings (1 to 5) users gave after a chat.',
      buckets: RATING_BUCKETS,
      registers,
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  handoffStarted(fact: HandoffStartedFact): void {
    this.started.inc({ mode: fact.mode, platform: fact.platform, profile: fact.profile });
  }

  leftQueue(fact: QueueLeftFact): void {
    this.queueWait.observe(fact.waitedSeconds);
    if (fact.toAgent && fact.timeToAgentSeconds !== undefined) this.timeToAgent.observe(fact.timeToAgentSeconds);
  }

  handoffEnded(fact: HandoffEndedFact): void {
    this.ended.inc({ status: fact.status, reason: ENDED_REASON[fact.cause] ?? 'other' });
  }

  rated(fact: SurveyRatedFact): void {
    this.surveyRating.observe(fact.rating);
  }

  relayed(direction: RelayDirection, seconds: number): void {
    this.relayLatency.observe({ direction }, Math.max(0, seconds));
  }
}

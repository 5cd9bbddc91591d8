/** The worker's end of workflows/metric-sinks.ts: the sink the handoff workflow reports its facts to. */
import type { InjectedSinks } from '@temporalio/worker';
import type { HandoffMetricSinks } from '../workflows/metric-sinks';
import type { WorkerMetrics } from './worker-metrics';

/** Not called during replay: a fact counts when its workflow task first runs, not again when the task is replayed. */
export function workflowMetricSinks(metrics: WorkerMetrics): InjectedSinks<HandoffMetricSinks> {
  return {
    handoffMetrics: {
      started: { fn: (_info, fact) => metrics.handoffStarted(fact), callDuringReplay: false },
      leftQueue: { fn: (_info, fact) => metrics.leftQueue(fact), callDuringReplay: false },
      ended: { fn: (_info, fact) => metrics.handoffEnded(fact), callDuringReplay: false },
      rated: { fn: (_info, fact) => metrics.rated(fact), callDuringReplay: false },
    },
  };
}

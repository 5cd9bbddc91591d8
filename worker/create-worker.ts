import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities, type ActivityDeps } from '../activities';
import { encryptingDataConverter } from '../codec/data-converter';
import type { EncryptionKeys } from '../codec/encryption-keys';
import { activityLogFields } from '../observability/activity-log-fields';
import { tracingActivityInterceptors, WORKFLOW_TRACING_MODULE, workflowSpanSinks } from '../observability/temporal-tracing';
import { TRACING_OFF, type Tracing } from '../observability/tracing';
import { workflowMetricSinks } from '../observability/workflow-metrics';
import { WorkerMetrics } from '../observability/worker-metrics';
import { cachedRunsFor } from './workflow-cache';

export const WORKFLOWS_PATH = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface HandoffWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** The payload codec's keys. */
  encryptionKeys: EncryptionKeys;
  /**
   * A prebuilt bundle (tests build one per run), built with `failureConverterPath: FAILURE_CONVERTER_PATH`
   * (codec/data-converter.ts); otherwise the workflows are bundled at start.
   */
  workflowBundlePath?: string;
  /**
   * Where the workflows' and activities' spans go (observability/tracing.ts); dropped when unset. A
   * prebuilt bundle must include `WORKFLOW_TRACING_MODULE` (`workflowInterceptorModules`).
   */
  tracing?: Tracing;
  /** Where the workflows' facts and the relay latencies are counted (served at the worker's /metrics); a registry of its own otherwise. */
  metrics?: WorkerMetrics;
  tuning?: Partial<
    Pick<
      WorkerOptions,
      'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions' | 'stickyQueueScheduleToStartTimeout'
    >
  >;
}

export function createHandoffWorker(options: HandoffWorkerOptions): Promise<Worker> {
  const metrics = options.metrics ?? new WorkerMetrics();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities({ relayLatency: metrics, ...options.deps }),
    sinks: { ...workflowMetricSinks(metrics), ...workflowSpanSinks(options.tracing ?? TRACING_OFF) },
    dataConverter: encryptingDataConverter(options.encryptionKeys),
    interceptors: {
      activity: [tracingActivityInterceptors, activityLogFields((profile) => options.deps.config.profiles.get(profile)?.platform)],
      // A prebuilt bundle has its interceptor modules built in already.
      ...(!options.workflowBundlePath && { workflowModules: [WORKFLOW_TRACING_MODULE] }),
    },
    ...(options.workflowBundlePath ? { workflowBundle: { codePath: options.workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
    maxCachedWorkflows: cachedRunsFor(),
    ...options.tuning,
  });
}

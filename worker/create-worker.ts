import { bundleWorkflowCode, type NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { encryptingDataConverter } from '../codec/data-converter';
import type { EncryptionKeys } from '../codec/encryption-keys';
import { activityLogFields } from '../observability/activity-log-fields';
import { tracingActivityInterceptors, WORKFLOW_TRACE_PROPAGATION_MODULE } from '../observability/temporal-tracing';
import { TRACING_OFF, type Tracing } from '../observability/tracing';
import { workflowMetricSinks } from '../observability/workflow-metrics';
import { WorkerMetrics } from '../observability/worker-metrics';
import { workflowTuning } from './workflow-cache';
import { cachedWorkflowBundle, workflowBundleOptions } from './workflow-bundle';

export interface HandoffWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** The payload codec's keys. */
  encryptionKeys: EncryptionKeys;
  /**
   * A prebuilt bundle (tests build one per run), built with `failureConverterPath: FAILURE_CONVERTER_PATH`
   * (codec/data-converter.ts), and with `WORKFLOW_TRACE_PROPAGATION_MODULE` for a worker that traces;
   * otherwise the workflows are bundled at start.
   */
  workflowBundlePath?: string;
  /**
   * Where the activities' spans go (observability/tracing.ts); with tracing on, the workflows carry
   * the trace context from the API to the activities. Nothing of it is loaded into runs when off.
   */
  tracing?: Tracing;
  /** Where the workflows' facts and the relay latencies are counted (served at the worker's /metrics); a registry of its own otherwise. */
  metrics?: WorkerMetrics;
  /** Keep the workflow bundle under this data folder, so the next start of the same code polls without bundling (workflow-bundle.ts). */
  bundleCacheDir?: string;
  tuning?: Partial<
    Pick<
      WorkerOptions,
      'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions' | 'stickyQueueScheduleToStartTimeout'
    >
  >;
}

export async function createHandoffWorker(options: HandoffWorkerOptions): Promise<Worker> {
  const metrics = options.metrics ?? new WorkerMetrics();
  const tracing = options.tracing ?? TRACING_OFF;
  const workflowModules = tracing.enabled ? [WORKFLOW_TRACE_PROPAGATION_MODULE] : [];
  const workflowBundle = options.workflowBundlePath
    ? { codePath: options.workflowBundlePath }
    : options.bundleCacheDir
      ? { codePath: await cachedWorkflowBundle(options.bundleCacheDir, workflowModules, Runtime.instance().logger) }
      : { code: (await bundleWorkflowCode({ ...workflowBundleOptions(workflowModules), logger: Runtime.instance().logger })).code };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities({ relayLatency: metrics, ...options.deps }),
    sinks: workflowMetricSinks(metrics),
    dataConverter: encryptingDataConverter(options.encryptionKeys),
    interceptors: {
      activity: [
        ...(tracing.enabled ? [tracingActivityInterceptors] : []),
        activityLogFields((profile) => options.deps.config.profiles.get(profile)?.platform),
      ],
    },
    // The bundle has its interceptor modules built in.
    workflowBundle,
    ...workflowTuning(),
    ...options.tuning,
  });
}

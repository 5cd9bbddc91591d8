import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities, type ActivityDeps } from '../activities';
import { encryptingDataConverter } from '../codec/data-converter';
import type { EncryptionKeys } from '../codec/encryption-keys';

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
  tuning?: Partial<
    Pick<
      WorkerOptions,
      'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions' | 'stickyQueueScheduleToStartTimeout'
    >
  >;
}

export function createHandoffWorker(options: HandoffWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.deps),
    dataConverter: encryptingDataConverter(options.encryptionKeys),
    ...(options.workflowBundlePath ? { workflowBundle: { codePath: options.workflowBundlePath } } : { workflowsPath: WORKFLOWS_PATH }),
    ...options.tuning,
  });
}

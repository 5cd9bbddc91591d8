/**
 * The benchmark's worker, a process of its own so its memory can be read: the Handoff worker
 * and the Temporal-floor worker, tuned from the environment. Tests run it too, to kill it with
 * SIGKILL: `BENCH_FLOOR_WORKER=off` leaves the floor worker out (no bundling at start), and
 * `BENCH_STICKY_SCHEDULE_TO_START` (e.g. `1s`) bounds how long a dead worker's sticky queue holds
 * a workflow's next task. `OTEL_EXPORTER_OTLP_ENDPOINT` turns tracing on, as in the real worker
 * (tools/bench/feature-costs.ts measures what it costs).
 */
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { Duration } from '@temporalio/common';
import { fileURLToPath } from 'node:url';
import { encryptingDataConverter } from '../../codec/data-converter';
import { parseEncryptionKeys } from '../../codec/encryption-keys';
import { parseConfig } from '../../config/load';
import { startTracing, WORKER_SERVICE_NAME } from '../../observability/tracing';
import { activityDepsOf, LOCAL_CALLBACK_HOSTS } from '../../system/compose';
import { workerLogger } from '../../worker/log-line';
import { createHandoffWorker } from '../../worker/create-worker';
import { workflowTuning } from '../../worker/workflow-cache';

const env = process.env;
const FLOOR_WORKFLOW = fileURLToPath(new URL('./floor-workflow.ts', import.meta.url));
const tracing = startTracing({ serviceName: WORKER_SERVICE_NAME, endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT });
Runtime.install({ logger: workerLogger('ERROR') });
const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
const encryptionKeys = parseEncryptionKeys(env.HANDOFF_ENCRYPTION_KEYS!);
const production = workflowTuning();
const tuning = {
  maxCachedWorkflows: Number(env.BENCH_MAX_CACHED_WORKFLOWS ?? production.maxCachedWorkflows),
  maxConcurrentWorkflowTaskExecutions: Number(env.BENCH_WORKFLOW_TASK_SLOTS ?? production.maxConcurrentWorkflowTaskExecutions),
  maxConcurrentActivityTaskExecutions: Number(env.BENCH_ACTIVITY_TASK_SLOTS ?? 100),
  stickyQueueScheduleToStartTimeout: production.stickyQueueScheduleToStartTimeout,
  ...(env.BENCH_STICKY_SCHEDULE_TO_START && { stickyQueueScheduleToStartTimeout: env.BENCH_STICKY_SCHEDULE_TO_START as Duration }),
};
const handoff = await createHandoffWorker({
  connection,
  namespace: 'default',
  taskQueue: env.BENCH_TASK_QUEUE!,
  workflowBundlePath: env.BENCH_WORKFLOW_BUNDLE,
  // As a production worker keeps it: a restarted worker (the recovery row) polls without bundling again.
  ...(env.HANDOFF_DATA_DIR && { bundleCacheDir: env.HANDOFF_DATA_DIR }),
  deps: activityDepsOf({
    config: parseConfig(env.BENCH_CONFIG!, 'bench config'),
    publicUrl: env.HANDOFF_PUBLIC_URL!,
    localDeskUrl: env.LOCAL_DESK_URL!,
    deskSecret: env.LOCAL_DESK_SECRET!,
    callbackSecret: env.HANDOFF_CALLBACK_SECRET!,
    callbackHosts: LOCAL_CALLBACK_HOSTS,
    // The API's data folder: the worker opens the files it stored there (attachments).
    ...(env.HANDOFF_DATA_DIR && { dataDir: env.HANDOFF_DATA_DIR }),
    env,
    log: () => undefined,
    encryptionKeys,
  }),
  encryptionKeys,
  tracing,
  tuning,
});
const floor =
  env.BENCH_FLOOR_WORKER === 'off'
    ? undefined
    : await Worker.create({
        connection,
        namespace: 'default',
        taskQueue: `${env.BENCH_TASK_QUEUE}-floor`,
        workflowsPath: FLOOR_WORKFLOW,
        // Bundled as Handoff's workflows are (worker/workflow-bundle.ts): its module loaded once, not per run.
        bundlerOptions: { preloadModules: [FLOOR_WORKFLOW] },
        activities: { async noop() {} },
        // The floor pays for encryption too, so the comparison is of the workflows alone.
        dataConverter: encryptingDataConverter(encryptionKeys),
        ...tuning,
      });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  handoff.shutdown();
  floor?.shutdown();
});
await Promise.all([handoff.run(), floor?.run()]);
await connection.close();

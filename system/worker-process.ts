/** The worker process: runs handoff workflows and activities; reconnects when Temporal comes back. */
import { NativeConnection, Runtime } from '@temporalio/worker';
import { setTimeout as sleep } from 'node:timers/promises';
import { startUpOrExit } from '../config/start-up';
import { temporalSecurity } from '../config/temporal-security';
import { activityDepsOf, systemSettingsFrom } from './compose';
import { announceReady } from './ready';
import { createHandoffWorker } from '../worker/create-worker';
import { coreLogForwarding, PinoTemporalLogger } from '../worker/log-line';
import { createLogger, warningsOf } from '../observability/logger';
import { startTracing, WORKER_SERVICE_NAME } from '../observability/tracing';
import { loopbackSdkMetrics } from '../observability/sdk-metrics';
import { WorkerMetrics } from '../observability/worker-metrics';
import { serveWorkerMetrics } from '../observability/worker-metrics-server';
import { portInUseMessage } from '../lib/port-holder';

const { settings, config } = startUpOrExit('the worker');
const logger = createLogger({ process: 'worker', level: settings.HANDOFF_LOG_LEVEL, format: settings.HANDOFF_LOG_FORMAT });
const platformOfProfile = (profile: string) => config.profiles.get(profile)?.platform;
const tracing = startTracing({
  serviceName: settings.OTEL_SERVICE_NAME ?? WORKER_SERVICE_NAME,
  endpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT,
  warn: (message) => logger.warn(message),
});
const sdkMetrics = await loopbackSdkMetrics();
Runtime.install({
  shutdownSignals: ['SIGINT', 'SIGTERM'],
  logger: new PinoTemporalLogger(logger, { platformOfProfile }),
  telemetryOptions: { ...sdkMetrics.telemetryOptions, logging: coreLogForwarding(settings.HANDOFF_LOG_LEVEL) },
});

const system = systemSettingsFrom(settings, config, warningsOf(logger));

async function connect(): Promise<NativeConnection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect({ address: settings.TEMPORAL_ADDRESS, ...temporalSecurity(settings) });
    } catch (error) {
      logger.warn({ attempt, reason: (error as Error).message }, `Temporal at ${settings.TEMPORAL_ADDRESS} not reachable`);
      await sleep(Math.min(1_000 * attempt, 10_000));
    }
  }
}

const metrics = new WorkerMetrics({ processMetrics: true });
const metricsServer = await serveWorkerMetrics({
  registry: metrics.registry,
  sdkMetricsUrl: sdkMetrics.url,
  host: settings.HOST,
  port: settings.WORKER_METRICS_PORT,
  ...(settings.HANDOFF_METRICS_TOKEN && { token: settings.HANDOFF_METRICS_TOKEN }),
  log: system.log,
}).catch((error: NodeJS.ErrnoException) => {
  const reason = error.code === 'EADDRINUSE' ? `address in use: ${portInUseMessage(settings.WORKER_METRICS_PORT, 'WORKER_METRICS_PORT')}` : error.message;
  console.error(`worker: cannot serve metrics on port ${settings.WORKER_METRICS_PORT}: ${reason}`);
  process.exit(1);
});
logger.info(`metrics at ${metricsServer.url}`);

const connection = await connect();
const worker = await createHandoffWorker({
  connection,
  namespace: settings.TEMPORAL_NAMESPACE,
  taskQueue: settings.TEMPORAL_TASK_QUEUE,
  deps: activityDepsOf(system),
  encryptionKeys: settings.HANDOFF_ENCRYPTION_KEYS,
  metrics,
  tracing,
  bundleCacheDir: settings.HANDOFF_DATA_DIR,
});
logger.info(`polling task queue "${settings.TEMPORAL_TASK_QUEUE}" on ${settings.TEMPORAL_ADDRESS} (namespace ${settings.TEMPORAL_NAMESPACE})`);
announceReady({ handoffReady: 'worker', port: metricsServer.port });
await worker.run();
await metricsServer.close();
await connection.close();
await tracing.shutdown();

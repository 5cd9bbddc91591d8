/** The worker process: runs handoff workflows and activities; reconnects when Temporal comes back. */
import { DefaultLogger, NativeConnection, Runtime, type LogLevel } from '@temporalio/worker';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfigFile } from '../config/load';
import { loadSettings } from '../config/settings';
import { temporalSecurity } from '../config/temporal-security';
import { activityDepsOf, systemSettingsFrom } from './compose';
import { createHandoffWorker } from '../worker/create-worker';

const settings = loadSettings();
const config = loadConfigFile(settings.HANDOFF_CONFIG);
Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'], logger: new DefaultLogger((process.env.HANDOFF_LOG_LEVEL ?? 'WARN') as LogLevel) });

const system = systemSettingsFrom(settings, config, (message, context) => console.warn(message, context));

async function connect(): Promise<NativeConnection> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await NativeConnection.connect({ address: settings.TEMPORAL_ADDRESS, ...temporalSecurity(settings) });
    } catch (error) {
      console.warn(`worker: Temporal at ${settings.TEMPORAL_ADDRESS} not reachable (attempt ${attempt}): ${(error as Error).message}`);
      await sleep(Math.min(1_000 * attempt, 10_000));
    }
  }
}

const connection = await connect();
const worker = await createHandoffWorker({
  connection,
  namespace: settings.TEMPORAL_NAMESPACE,
  taskQueue: settings.TEMPORAL_TASK_QUEUE,
  deps: activityDepsOf(system),
});
console.log(`worker: polling task queue "${settings.TEMPORAL_TASK_QUEUE}" on ${settings.TEMPORAL_ADDRESS} (namespace ${settings.TEMPORAL_NAMESPACE})`);
await worker.run();
await connection.close();

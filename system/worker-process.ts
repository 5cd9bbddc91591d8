/** The worker process: runs handoff workflows and activities; reconnects when Temporal comes back. */
import { NativeConnection, Runtime } from '@temporalio/worker';
import { setTimeout as sleep } from 'node:timers/promises';
import { startUpOrExit } from '../config/start-up';
import { temporalSecurity } from '../config/temporal-security';
import { activityDepsOf, systemSettingsFrom } from './compose';
import { announceReady } from './ready';
import { createHandoffWorker } from '../worker/create-worker';
import { workerLogger } from '../worker/log-line';

const { settings, config } = startUpOrExit('the worker');
Runtime.install({ shutdownSignals: ['SIGINT', 'SIGTERM'], logger: workerLogger(settings.HANDOFF_LOG_LEVEL) });

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
  encryptionKeys: settings.HANDOFF_ENCRYPTION_KEYS,
});
console.log(`worker: polling task queue "${settings.TEMPORAL_TASK_QUEUE}" on ${settings.TEMPORAL_ADDRESS} (namespace ${settings.TEMPORAL_NAMESPACE})`);
announceReady({ handoffReady: 'worker' });
await worker.run();
await connection.close();

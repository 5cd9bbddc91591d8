/** The API process: the bot's HTTP API, the platforms' webhooks, and the local desk and the bot demo when needed. */
import type { AddressInfo } from 'node:net';
import { startUpOrExit } from '../config/start-up';
import { temporalSecurity } from '../config/temporal-security';
import { composeApi, systemSettingsFrom } from './compose';
import { announceReady } from './ready';
import { createApiServer } from '../api/http-server';
import { closeApiClient, createApiClient } from '../api/temporal-client';
import { portInUseMessage } from '../lib/port-holder';
import { ensurePrivateFolder } from '../lib/private-folder';
import { createLogger, warningsOf } from '../observability/logger';
import { API_SERVICE_NAME, startTracing } from '../observability/tracing';

const { settings, config } = startUpOrExit('the API');
const logger = createLogger({ process: 'api', level: settings.HANDOFF_LOG_LEVEL, format: settings.HANDOFF_LOG_FORMAT });
const tightened = ensurePrivateFolder(settings.HANDOFF_DATA_DIR);
if (tightened) logger.warn(tightened);
const tracing = startTracing({
  serviceName: settings.OTEL_SERVICE_NAME ?? API_SERVICE_NAME,
  endpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT,
  warn: (message) => logger.warn(message),
});

const client = createApiClient({
  address: settings.TEMPORAL_ADDRESS,
  namespace: settings.TEMPORAL_NAMESPACE,
  encryptionKeys: settings.HANDOFF_ENCRYPTION_KEYS,
  ...temporalSecurity(settings),
});
const system = systemSettingsFrom(settings, config, warningsOf(logger));
const { app, desk } = composeApi(system, client);

const server = createApiServer(app);
server.once('error', (error: NodeJS.ErrnoException) => {
  const reason = error.code === 'EADDRINUSE' ? `address in use: ${portInUseMessage(settings.PORT, 'PORT')}` : error.message;
  // A port in use is the person's to fix: a plain message, as for the settings (config/start-up.ts).
  console.error(`api: cannot listen on port ${settings.PORT}: ${reason}`);
  desk?.close();
  process.exit(1);
});
server.listen(settings.PORT, settings.HOST, () => {
  desk?.outbox.start();
  const demo = system.demo ? `, bot demo at ${settings.publicUrl}/demo` : '';
  const bound = server.address() as AddressInfo;
  const on = bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`;
  const hostedDesk = desk ? `, desk at ${settings.localDeskUrl}` : '';
  const where = `OpenAPI at ${settings.publicUrl}/openapi.json${hostedDesk}${demo}`;
  logger.info(`listening on ${on}, reached at ${settings.publicUrl} (${where})`);
  announceReady({ handoffReady: 'api', port: bound.port });
});

function shutdown(signal: string): void {
  logger.info(`${signal} received, shutting down`);
  server.close(() => {
    desk?.close();
    void Promise.allSettled([closeApiClient(client), tracing.shutdown()]).finally(() => process.exit(0));
  });
  server.closeAllConnections();
}
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));

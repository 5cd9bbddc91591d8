/** The API process: the bot's HTTP API, the platforms' webhooks, the local desk and the bot demo. */
import { mkdirSync } from 'node:fs';
import { loadConfigFile } from '../config/load';
import { loadSettings } from '../config/settings';
import { temporalSecurity } from '../config/temporal-security';
import { composeApi, systemSettingsFrom } from './compose';
import { createApiClient } from '../api/temporal-client';

const settings = loadSettings();
const config = loadConfigFile(settings.HANDOFF_CONFIG);
mkdirSync(settings.HANDOFF_DATA_DIR, { recursive: true });

const client = createApiClient({ address: settings.TEMPORAL_ADDRESS, namespace: settings.TEMPORAL_NAMESPACE, ...temporalSecurity(settings) });
const system = systemSettingsFrom(settings, config, (message, context) => console.warn(message, context));
const { app, desk } = composeApi(system, client);

const server = app.listen(settings.PORT, () => {
  desk.outbox.start();
  const demo = system.demo ? `, bot demo at ${settings.publicUrl}/demo` : '';
  console.log(`api: listening on ${settings.publicUrl} (OpenAPI at ${settings.publicUrl}/openapi.json, desk at ${settings.localDeskUrl}${demo})`);
});

function shutdown(signal: string): void {
  console.log(`api: ${signal} received, shutting down`);
  server.close(() => {
    desk.close();
    void client.connection.close().finally(() => process.exit(0));
  });
  server.closeAllConnections();
}
process.once('SIGINT', () => shutdown('SIGINT'));
process.once('SIGTERM', () => shutdown('SIGTERM'));

/** The API process: the bot's HTTP API, the platforms' webhooks, the local desk and the bot demo. */
import type { AddressInfo } from 'node:net';
import { startUpOrExit } from '../config/start-up';
import { temporalSecurity } from '../config/temporal-security';
import { composeApi, systemSettingsFrom } from './compose';
import { announceReady } from './ready';
import { createApiClient } from '../api/temporal-client';
import { portInUseMessage } from '../lib/port-holder';
import { ensurePrivateFolder } from '../lib/private-folder';

const { settings, config } = startUpOrExit('the API');
const tightened = ensurePrivateFolder(settings.HANDOFF_DATA_DIR);
if (tightened) console.warn(`api: ${tightened}`);

const client = createApiClient({
  address: settings.TEMPORAL_ADDRESS,
  namespace: settings.TEMPORAL_NAMESPACE,
  encryptionKeys: settings.HANDOFF_ENCRYPTION_KEYS,
  ...temporalSecurity(settings),
});
const system = systemSettingsFrom(settings, config, (message, context) => console.warn(message, context));
const { app, desk } = composeApi(system, client);

const server = app.listen(settings.PORT, settings.HOST, (error) => {
  if (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `address in use: ${portInUseMessage(settings.PORT, 'PORT')}` : error.message;
    console.error(`api: cannot listen on port ${settings.PORT}: ${reason}`);
    desk.close();
    process.exit(1);
  }
  desk.outbox.start();
  const demo = system.demo ? `, bot demo at ${settings.publicUrl}/demo` : '';
  const bound = server.address() as AddressInfo;
  const on = bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`;
  const where = `OpenAPI at ${settings.publicUrl}/openapi.json, desk at ${settings.localDeskUrl}${demo}`;
  console.log(`api: listening on ${on}, reached at ${settings.publicUrl} (${where})`);
  announceReady({ handoffReady: 'api', port: bound.port });
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

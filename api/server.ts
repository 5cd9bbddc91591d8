/** The API process: the bot's HTTP API, the platforms' webhooks, the local desk and the bot demo. */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { loadConfigFile } from '../config/load';
import { loadSettings } from '../config/settings';
import { temporalSecurity } from '../config/temporal-security';
import { createBotDemo } from '../demo/bot';
import { createLocalDesk } from '../desk';
import { createApp } from './app';
import { createApiClient } from './temporal-client';
import { HandoffService } from './handoff-service';
import { platformWebhooks } from './webhooks';

const settings = loadSettings();
const config = loadConfigFile(settings.HANDOFF_CONFIG);
mkdirSync(settings.HANDOFF_DATA_DIR, { recursive: true });

const client = createApiClient({ address: settings.TEMPORAL_ADDRESS, namespace: settings.TEMPORAL_NAMESPACE, ...temporalSecurity(settings) });
const service = new HandoffService({
  client,
  config,
  taskQueue: settings.TEMPORAL_TASK_QUEUE,
  namespace: settings.TEMPORAL_NAMESPACE,
  temporalUiUrl: settings.TEMPORAL_UI_URL,
  publicUrl: settings.publicUrl,
  continueAsNewAfterEvents: settings.HANDOFF_CONTINUE_AS_NEW_EVENTS,
});
const desk = createLocalDesk({
  filename: path.join(settings.HANDOFF_DATA_DIR, 'local-desk.sqlite'),
  secret: settings.LOCAL_DESK_SECRET,
  webhookUrl: () => `${settings.publicUrl}/v1/webhooks/local-desk`,
  deskUrl: () => settings.localDeskUrl,
  temporalUiLink: (handoffId) => service.temporalUiLink(handoffId),
  log: (message, context) => console.warn(`desk: ${message}`, context),
});
const demo = settings.HANDOFF_DEMO === 'on' ? createBotDemo({
  publicUrl: () => settings.publicUrl,
  apiToken: settings.HANDOFF_API_TOKEN,
  callbackSecret: settings.HANDOFF_CALLBACK_SECRET,
  profiles: config.profiles.values(),
  deskUrl: settings.localDeskUrl,
  log: (message, context) => console.warn(`demo: ${message}`, context),
}) : undefined;
const app = createApp({
  client,
  service,
  apiToken: settings.HANDOFF_API_TOKEN,
  deskSecret: settings.LOCAL_DESK_SECRET,
  publicUrl: settings.publicUrl,
  desk: desk.router,
  demo,
  webhooks: platformWebhooks({ service, config, env: process.env, log: (message, context) => console.warn(`webhook: ${message}`, context) }),
});

const server = app.listen(settings.PORT, () => {
  desk.outbox.start();
  console.log(`api: listening on ${settings.publicUrl} (OpenAPI at ${settings.publicUrl}/openapi.json, desk at ${settings.localDeskUrl}${demo ? `, bot demo at ${settings.publicUrl}/demo` : ''})`);
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

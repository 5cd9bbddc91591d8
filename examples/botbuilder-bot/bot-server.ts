/**
 * The example bot's HTTP side: `/api/messages` for the channel (CloudAdapter; anonymous unless
 * MicrosoftAppId and its password are set) and `/api/handoff-events` for Handoff's callbacks.
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
  MemoryTranscriptStore,
  TranscriptLoggerMiddleware,
  type Storage,
} from 'botbuilder';
import { HandoffClient } from '../../clients/typescript/src/index.js';
import { HandoffMiddleware } from '../../clients/typescript/src/botbuilder/index.js';
import { HelpDeskBot } from './help-desk-bot';
import type { BotSettings } from './settings';

export const MESSAGES_PATH = '/api/messages';
export const CALLBACK_PATH = '/api/handoff-events';

export interface BotServer {
  url: string;
  adapter: CloudAdapter;
  handoff: HandoffMiddleware;
  stop(): Promise<void>;
}

export interface BotServerOptions {
  settings: BotSettings;
  /** The bot's state; a restarted bot given the same storage loses no conversation. @default new MemoryStorage() */
  storage?: Storage;
  log?: (message: string, context: object) => void;
}

export async function startBotServer({ settings, storage = new MemoryStorage(), log = () => undefined }: BotServerOptions): Promise<BotServer> {
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: settings.MicrosoftAppId,
      MicrosoftAppPassword: settings.MicrosoftAppPassword,
      ...(settings.MicrosoftAppType && { MicrosoftAppType: settings.MicrosoftAppType }),
      ...(settings.MicrosoftAppTenantId && { MicrosoftAppTenantId: settings.MicrosoftAppTenantId }),
    }),
  );
  adapter.onTurnError = async (context, error) => {
    log('bot: turn failed', { error: String(error) });
    await context.sendActivity('Sorry, something went wrong on my side.');
  };
  const transcripts = new MemoryTranscriptStore();
  const client = new HandoffClient({ baseUrl: settings.HANDOFF_URL, apiToken: settings.HANDOFF_API_TOKEN });
  const bot = new HelpDeskBot({
    transcripts,
    handoffContext: { profile: settings.HANDOFF_PROFILE },
    conversationState: new ConversationState(storage),
    handoff: client,
  });

  const app = express();
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(settings.BOT_PORT, settings.BOT_HOST, () => resolve(listening));
  });
  const url = settings.BOT_PUBLIC_URL?.replace(/\/+$/, '') ?? `http://${hostOf(settings.BOT_HOST)}:${(server.address() as AddressInfo).port}`;

  const handoff = new HandoffMiddleware({
    client,
    adapter,
    bot,
    callbackSecret: settings.HANDOFF_CALLBACK_SECRET,
    callbackUrl: `${url}${CALLBACK_PATH}`,
    botAppId: settings.MicrosoftAppId,
    storage,
    log,
  });
  adapter.use(new TranscriptLoggerMiddleware(transcripts));
  adapter.use(handoff);

  // The callback route reads the raw body itself: the signature covers the exact bytes.
  app.post(CALLBACK_PATH, handoff.callbackHandler());
  app.post(MESSAGES_PATH, express.json({ limit: '1mb' }), async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });

  return {
    url,
    adapter,
    handoff,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function hostOf(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
}

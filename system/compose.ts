/**
 * The composition root: builds the API (with the local desk and the bot demo) and the worker's
 * activities from one `SystemSettings`. The API process, the worker process, the test stack and the
 * bench all build the system here, so none of them wires it differently.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Express, Router } from 'express';
import type { ActivityDeps } from '../activities';
import { createApp } from '../api/app';
import { HandoffService } from '../api/handoff-service';
import type { LoadedConfig } from '../config/load';
import type { Settings } from '../config/settings';
import { createBotDemo } from '../demo/bot';
import { createLocalDesk, type LocalDesk } from '../desk';
import { createConnectors } from '../platforms/connectors';
import type { PlatformDeps } from '../platforms/define';

export interface SystemSettings {
  config: LoadedConfig;
  /** Where bots, platforms and the local desk reach this API. */
  publicUrl: string;
  /** Where the worker reaches the local desk. */
  localDeskUrl: string;
  apiToken: string;
  callbackSecret: string;
  deskSecret: string;
  /** The desk's SQLite file lives here. */
  dataDir: string;
  namespace: string;
  taskQueue: string;
  temporalUiUrl: string;
  continueAsNewAfterEvents: number;
  /** Mount the stand-in bot at `/demo`. */
  demo: boolean;
  /** Where `${ENV}` secret references of the configuration are resolved. */
  env: NodeJS.ProcessEnv;
  log(message: string, context: object): void;
}

/** The settings of `npm start`, the API and the worker processes: the environment and the profiles file. */
export function systemSettingsFrom(settings: Settings, config: LoadedConfig, log: SystemSettings['log']): SystemSettings {
  return {
    config,
    publicUrl: settings.publicUrl,
    localDeskUrl: settings.localDeskUrl,
    apiToken: settings.HANDOFF_API_TOKEN,
    callbackSecret: settings.HANDOFF_CALLBACK_SECRET,
    deskSecret: settings.LOCAL_DESK_SECRET,
    dataDir: settings.HANDOFF_DATA_DIR,
    namespace: settings.TEMPORAL_NAMESPACE,
    taskQueue: settings.TEMPORAL_TASK_QUEUE,
    temporalUiUrl: settings.TEMPORAL_UI_URL,
    continueAsNewAfterEvents: settings.HANDOFF_CONTINUE_AS_NEW_EVENTS,
    demo: settings.HANDOFF_DEMO === 'on',
    env: process.env,
    log,
  };
}

type LocalSettings = Pick<SystemSettings, 'config' | 'publicUrl' | 'apiToken' | 'callbackSecret' | 'deskSecret' | 'dataDir' | 'taskQueue'> &
  Partial<SystemSettings>;

/** A system on this machine, as the tests and the bench run it: the desk under the API, the default namespace, nothing logged. */
export function localSystemSettings(settings: LocalSettings): SystemSettings {
  return {
    localDeskUrl: `${settings.publicUrl}/desk`,
    namespace: 'default',
    temporalUiUrl: 'http://localhost:8233',
    continueAsNewAfterEvents: 2_000,
    demo: false,
    env: process.env,
    log: () => undefined,
    ...settings,
  };
}

type WorkerSettings = Pick<SystemSettings, 'config' | 'publicUrl' | 'localDeskUrl' | 'deskSecret' | 'callbackSecret' | 'env' | 'log'>;

export function platformDepsOf(settings: WorkerSettings): PlatformDeps {
  return {
    env: settings.env,
    publicUrl: settings.publicUrl,
    localDesk: { deskUrl: settings.localDeskUrl, secret: settings.deskSecret },
    log: settings.log,
    clock: Date.now,
  };
}

/** What the worker's activities are built from. */
export function activityDepsOf(settings: WorkerSettings): ActivityDeps {
  const platformDeps = platformDepsOf(settings);
  return {
    config: settings.config,
    connectors: createConnectors(platformDeps),
    ticketing: { localDesk: platformDeps.localDesk, env: settings.env },
    callbackSecret: settings.callbackSecret,
  };
}

export interface ApiSystem {
  app: Express;
  service: HandoffService;
  desk: LocalDesk;
}

export interface ApiHooks {
  /** What is mounted at `/desk` instead of the desk's own router (the bench records arrivals there). */
  deskRouter?: (desk: LocalDesk) => Router;
}

/** The API process's app: the bot's API, the platforms' webhooks, the local desk and (when asked for) the bot demo. */
export function composeApi(settings: SystemSettings, client: Client, hooks: ApiHooks = {}): ApiSystem {
  const service = new HandoffService({
    client,
    config: settings.config,
    taskQueue: settings.taskQueue,
    namespace: settings.namespace,
    temporalUiUrl: settings.temporalUiUrl,
    publicUrl: settings.publicUrl,
    continueAsNewAfterEvents: settings.continueAsNewAfterEvents,
    log: settings.log,
  });
  const deskUrl = settings.localDeskUrl;
  const desk = createLocalDesk({
    filename: path.join(settings.dataDir, 'local-desk.sqlite'),
    secret: settings.deskSecret,
    webhookUrl: () => `${settings.publicUrl}/v1/webhooks/local-desk`,
    deskUrl: () => deskUrl,
    temporalUiLink: (handoffId) => service.temporalUiLink(handoffId),
    log: (message, context) => settings.log(`desk: ${message}`, context),
  });
  const demo = settings.demo
    ? createBotDemo({
        publicUrl: () => settings.publicUrl,
        apiToken: settings.apiToken,
        callbackSecret: settings.callbackSecret,
        profiles: settings.config.profiles.values(),
        deskUrl,
        log: (message, context) => settings.log(`demo: ${message}`, context),
      })
    : undefined;
  const app = createApp({
    client,
    service,
    config: settings.config,
    apiToken: settings.apiToken,
    publicUrl: settings.publicUrl,
    platformDeps: platformDepsOf(settings),
    desk: hooks.deskRouter?.(desk) ?? desk.router,
    demo,
    log: (message, context) => settings.log(message, context),
  });
  return { app, service, desk };
}

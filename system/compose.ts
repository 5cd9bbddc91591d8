/**
 * The composition root: builds the API (with the local desk and the bot demo when needed) and the worker's
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
import { edgeLimitsOf, type EdgeLimits } from '../config/edge-settings';
import { CallbackUrlPolicy } from '../lib/callback-url-policy';
import type { Settings } from '../config/settings';
import { hostBotDemo } from '../apps/demo/hosting';
import type { LocalDesk } from '../apps/desk';
import { deskNeededBy, hostLocalDesk } from '../apps/desk/hosting';
import type { AgentCredentials } from '../contracts/desk-agent';
import { createCallbackLists, createConnectors } from '../platforms/connectors';
import { createAvailabilityCheck } from '../availability/availability-check';
import type { PlatformDeps } from '../platforms/define';
import { codecRouter } from '../api/codec-server';
import { EncryptionCodec } from '../codec/encryption-codec';
import type { EncryptionKeys } from '../codec/encryption-keys';
import type { WebhookFreshness } from '../platforms/shared/webhook-freshness';
import { ApiMetrics } from '../observability/api-metrics';
import { createAttachmentStore, DEFAULT_ATTACHMENT_SETTINGS, spoolFolderOf, type AttachmentSettings, type SweepableStore } from '../attachments';
import { createAttachmentAccess } from '../attachments/access';
import { downloadSecretOf } from '../attachments/download-links';
import { startRetentionSweeper, type RetentionSweeper } from '../attachments/retention';
import { createScanner } from '../attachments/scanner';
import { attachmentSettingsOf } from '../config/attachment-settings';
import { PROJECT_ROOT } from '../config/settings';
import type { AttachmentAccess } from '../platforms/connector';
import { OpenSessionCount } from '../observability/open-sessions';
import { createHandoffArchive } from '../archive';

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
  /** What an operator should see, with its ids (a WARN line of the process's logger, observability/logger.ts); never message text. */
  log(message: string, context: object): void;
  /** Hosts (`host` or `host:port`) a callbackUrl may name over http or at an internal address (`HANDOFF_CALLBACK_HOSTS`). */
  callbackHosts: readonly string[];
  /** Origins granted CORS on the bot API (`HANDOFF_CORS_ORIGINS`). */
  corsOrigins: readonly string[];
  /** The API's rate limits (`HANDOFF_LIMIT_*`). */
  limits: EdgeLimits;
  /** The local desk's agent from `HANDOFF_DESK_AGENT`, and its join links' lifetime. */
  desk?: { agent?: AgentCredentials; joinLinkTtlMs?: number };
  /** The codec server at `/codec` (HANDOFF_CODEC_TOKEN); none when unset. */
  codecServer?: { keys: EncryptionKeys; token: string };
  /** The webhook freshness windows; the defaults when unset. */
  webhookFreshness?: WebhookFreshness;
  /** HANDOFF_METRICS_TOKEN: lets a client elsewhere than this machine read `/metrics`. */
  metricsToken?: string;
  /** Export the Node process's own metrics too (a process of its own, not a test's shared one). */
  processMetrics?: boolean;
  /** `HANDOFF_ATTACHMENT_*`: the store (a folder under `dataDir` unless S3), retention, scanner. @default DEFAULT_ATTACHMENT_SETTINGS */
  attachments?: AttachmentSettings;
  /** `HANDOFF_ENCRYPTION_KEYS`: the payload codec's keys, which encrypt the archive's records too. */
  encryptionKeys: EncryptionKeys;
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
    // The demo bot's callbacks come back to this API at its public URL, which is http on localhost under `npm start`.
    callbackHosts: [...settings.HANDOFF_CALLBACK_HOSTS, ...(settings.HANDOFF_DEMO === 'on' ? [new URL(settings.publicUrl).host] : [])],
    corsOrigins: settings.HANDOFF_CORS_ORIGINS,
    limits: edgeLimitsOf(settings),
    desk: { ...(settings.HANDOFF_DESK_AGENT && { agent: settings.HANDOFF_DESK_AGENT }), joinLinkTtlMs: settings.HANDOFF_DESK_JOIN_LINK_TTL },
    ...(settings.HANDOFF_CODEC_TOKEN && { codecServer: { keys: settings.HANDOFF_ENCRYPTION_KEYS, token: settings.HANDOFF_CODEC_TOKEN } }),
    webhookFreshness: { deliveryMaxAgeMs: settings.HANDOFF_WEBHOOK_MAX_AGE, eventMaxAgeMs: settings.HANDOFF_WEBHOOK_EVENT_MAX_AGE },
    ...(settings.HANDOFF_METRICS_TOKEN && { metricsToken: settings.HANDOFF_METRICS_TOKEN }),
    processMetrics: true,
    attachments: attachmentSettingsOf(settings),
    encryptionKeys: settings.HANDOFF_ENCRYPTION_KEYS,
  };
}

type LocalSettings = Pick<SystemSettings, 'config' | 'publicUrl' | 'apiToken' | 'callbackSecret' | 'deskSecret' | 'dataDir' | 'taskQueue' | 'encryptionKeys'> &
  Partial<SystemSettings>;

const UNTRIPPED = { limit: 1_000_000, windowMs: 60_000 };

/** Limits a test run or the bench never reaches, while every limiter still runs; test/security sets its own. */
export const LOCAL_EDGE_LIMITS: EdgeLimits = {
  botAuthFailures: UNTRIPPED,
  botRequests: UNTRIPPED,
  webhooks: UNTRIPPED,
  webhookFailures: UNTRIPPED,
  signInsPerAddress: UNTRIPPED,
  signInsPerAddressAndName: UNTRIPPED,
  visitorChats: UNTRIPPED,
  streamsPerAddress: 10_000,
};

/** The tests' and the bench's bots listen on this machine, at 127.0.0.1. */
export const LOCAL_CALLBACK_HOSTS = ['127.0.0.1'];

/**
 * A system on this machine, as the tests and the bench run it: the desk under the API, the default
 * namespace, nothing logged, callbacks allowed to 127.0.0.1 and limits it does not reach.
 */
export function localSystemSettings(settings: LocalSettings): SystemSettings {
  return {
    localDeskUrl: `${settings.publicUrl}/desk`,
    namespace: 'default',
    temporalUiUrl: 'http://localhost:8233',
    continueAsNewAfterEvents: 2_000,
    demo: false,
    env: process.env,
    log: () => undefined,
    callbackHosts: LOCAL_CALLBACK_HOSTS,
    corsOrigins: [],
    limits: LOCAL_EDGE_LIMITS,
    ...settings,
  };
}

type WorkerSettings = Pick<
  SystemSettings,
  'config' | 'publicUrl' | 'localDeskUrl' | 'deskSecret' | 'callbackSecret' | 'env' | 'log' | 'webhookFreshness' | 'callbackHosts' | 'encryptionKeys'
> &
  Partial<Pick<SystemSettings, 'dataDir' | 'attachments'>>;

/** The attachment store of these settings: the fs store under the data folder unless they say S3. */
export function attachmentStoreOf(settings: Partial<Pick<SystemSettings, 'dataDir' | 'attachments'>>): SweepableStore {
  return createAttachmentStore(settings.attachments ?? DEFAULT_ATTACHMENT_SETTINGS, settings.dataDir ?? path.join(PROJECT_ROOT, 'data'));
}

/** The archive of these settings (archive/): beside the attachment store, encrypted with the payload codec's keys. */
export function archiveOf(settings: Pick<SystemSettings, 'encryptionKeys'> & Partial<Pick<SystemSettings, 'dataDir' | 'attachments'>>) {
  return createHandoffArchive(
    settings.attachments ?? DEFAULT_ATTACHMENT_SETTINGS,
    settings.dataDir ?? path.join(PROJECT_ROOT, 'data'),
    settings.encryptionKeys,
  );
}

/** The store as activities and connectors see it: bytes by reference, links signed with the key both processes derive from the callback secret. */
export function attachmentAccessOf(settings: WorkerSettings): AttachmentAccess {
  return createAttachmentAccess(attachmentStoreOf(settings), settings.publicUrl, downloadSecretOf(settings.callbackSecret));
}

export function platformDepsOf(settings: WorkerSettings): PlatformDeps {
  return {
    env: settings.env,
    publicUrl: settings.publicUrl,
    localDesk: { deskUrl: settings.localDeskUrl, secret: settings.deskSecret },
    log: settings.log,
    clock: Date.now,
    ...(settings.webhookFreshness && { webhookFreshness: settings.webhookFreshness }),
  };
}

/** What the worker's activities are built from. */
export function activityDepsOf(settings: WorkerSettings): ActivityDeps {
  const platformDeps = platformDepsOf(settings);
  return {
    config: settings.config,
    connectors: createConnectors(platformDeps),
    callbackLists: createCallbackLists(platformDeps),
    availability: createAvailabilityCheck({ deps: platformDeps }),
    ticketing: { localDesk: platformDeps.localDesk, env: settings.env },
    callbackSecret: settings.callbackSecret,
    callbackPolicy: new CallbackUrlPolicy(settings.callbackHosts),
    attachments: attachmentAccessOf(settings),
    archive: archiveOf(settings).archive,
  };
}

export interface ApiSystem {
  app: Express;
  service: HandoffService;
  /** The local desk, when a profile needs it (apps/desk/hosting.ts); its outbox starts once the server listens. */
  desk?: LocalDesk;
  /** What the app serves at `/metrics`. */
  metrics: ApiMetrics;
  /** The attachment store behind the upload and download routes, and its retention sweeper. */
  attachments: { store: SweepableStore; sweeper: RetentionSweeper };
  /** The archive's records (transcript segments, kept requests), swept after the same retention. */
  archive: { sweeper: RetentionSweeper };
}

export interface ApiHooks {
  /** What serves the desk's own routes instead of its router (the bench records arrivals there). */
  deskRouter?: (desk: LocalDesk) => Router;
}

/** The API process's app: the bot's API and the platforms' webhooks, and the local desk and the bot demo when they are needed. */
export function composeApi(settings: SystemSettings, client: Client, hooks: ApiHooks = {}): ApiSystem {
  const { archive, records } = archiveOf(settings);
  const service = new HandoffService({
    client,
    archive,
    config: settings.config,
    taskQueue: settings.taskQueue,
    namespace: settings.namespace,
    temporalUiUrl: settings.temporalUiUrl,
    publicUrl: settings.publicUrl,
    continueAsNewAfterEvents: settings.continueAsNewAfterEvents,
    availability: createAvailabilityCheck({ deps: platformDepsOf(settings) }),
    log: settings.log,
  });
  const deskUrl = settings.localDeskUrl;
  const local = deskNeededBy(settings.config)
    ? hostLocalDesk({
        config: settings.config,
        publicUrl: settings.publicUrl,
        deskUrl,
        dataDir: settings.dataDir,
        secret: settings.deskSecret,
        limits: settings.limits,
        ...(settings.desk && { desk: settings.desk }),
        temporalUiLink: (handoffId) => service.temporalUiLink(handoffId),
        log: settings.log,
        ...(hooks.deskRouter && { router: hooks.deskRouter }),
      })
    : undefined;
  const demo = settings.demo
    ? hostBotDemo(
        {
          publicUrl: () => settings.publicUrl,
          apiToken: settings.apiToken,
          callbackSecret: settings.callbackSecret,
          profiles: settings.config.profiles.values(),
          ...(local && { deskUrl }),
          log: (message, context) => settings.log(message, { component: 'demo', ...context }),
        },
        settings.limits.streamsPerAddress,
      )
    : undefined;
  const metrics = new ApiMetrics({
    openSessions: new OpenSessionCount(client),
    log: settings.log,
    ...(settings.processMetrics && { processMetrics: true }),
  });
  const attachmentSettings = settings.attachments ?? DEFAULT_ATTACHMENT_SETTINGS;
  const attachmentStore = attachmentStoreOf(settings);
  const sweeper = startRetentionSweeper(attachmentStore, {
    retentionMs: attachmentSettings.retentionMs,
    log: (message, context) => settings.log(message, { component: 'attachments', ...context }),
  });
  const archiveSweeper = startRetentionSweeper(records, {
    retentionMs: attachmentSettings.retentionMs,
    what: 'archive records',
    log: (message, context) => settings.log(message, { component: 'archive', ...context }),
  });
  const scanner = attachmentSettings.scan && createScanner(attachmentSettings.scan);
  const app = createApp({
    client,
    service,
    config: settings.config,
    apiToken: settings.apiToken,
    publicUrl: settings.publicUrl,
    platformDeps: platformDepsOf(settings),
    hosted: [...(local ? [local.hosted] : []), ...(demo ? [demo] : [])],
    edges: { limits: settings.limits, corsOrigins: settings.corsOrigins, callbackPolicy: new CallbackUrlPolicy(settings.callbackHosts) },
    attachments: {
      store: attachmentStore,
      ...(scanner && { scanner }),
      spoolFolder: spoolFolderOf(settings.dataDir),
      downloadSecret: downloadSecretOf(settings.callbackSecret),
    },
    codec:
      settings.codecServer &&
      codecRouter({
        codec: new EncryptionCodec(settings.codecServer.keys),
        token: settings.codecServer.token,
        uiOrigin: new URL(settings.temporalUiUrl).origin,
        log: settings.log,
      }),
    log: (message, context) => settings.log(message, context),
    metrics,
    ...(settings.metricsToken && { metricsToken: settings.metricsToken }),
  });
  return {
    app,
    service,
    ...(local && { desk: local.desk }),
    metrics,
    attachments: { store: attachmentStore, sweeper },
    archive: { sweeper: archiveSweeper },
  };
}

import express, { type Express, type Router } from 'express';
import type { HostedApp } from './hosted-app';
import type { Client } from '@temporalio/client';
import type { LoadedConfig } from '../config/load';
import type { EdgeLimits } from '../config/edge-settings';
import type { CallbackUrlPolicy } from '../lib/callback-url-policy';
import { NotFoundError } from '../lib/api-errors';
import type { PlatformDeps } from '../platforms/define';
import { findPlatform, PLATFORMS } from '../platforms';
import { requireBearer } from './auth';
import { checkCallbackUrl } from './callback-url-check';
import { botApiCors } from './cors-policy';
import { errorHandler } from './error-handler';
import { JSON_BODY_LIMIT_BYTES, jsonBody } from './json-body';
import { refuseOtherMethods } from '../lib/method-not-allowed';
import { requestHeadLimits } from './request-head-limits';
import type { HandoffService } from './handoff-service';
import { openApiDocument } from './openapi/document';
import { botAuthFailureLimit, botRequestLimit, webhookFailureLimit, webhookLimit } from './rate-limits';
import { mountRoutes } from './route-table/mount-routes';
import { attachmentRoutes, type AttachmentRouteOptions } from './routes/attachments';
import { HANDOFFS_PATH, handoffRoutes } from './routes/handoffs';
import { healthRoutes } from './routes/health';
import { securityHeaders } from './security-headers';
import { WEBHOOKS_PATH, webhookPipeline } from './webhook-pipeline';
import { requestLogFields } from './request-log-fields';
import type { ApiMetrics } from '../observability/api-metrics';
import { metricsRoute } from '../observability/metrics-route';

export interface AppOptions {
  client: Client;
  service: HandoffService;
  config: LoadedConfig;
  apiToken: string;
  publicUrl: string;
  /** What the platforms' webhook adapters are built from. */
  platformDeps: PlatformDeps;
  /** The apps this process hosts (the local desk, the bot demo), each under its own path, after the bot's API. */
  hosted?: readonly HostedApp[];
  /** The codec server's router (`api/codec-server.ts`), mounted when HANDOFF_CODEC_TOKEN is set. */
  codec?: Router;
  /** Rate limits, CORS and the callback policy. */
  edges: ApiEdges;
  /** The attachment store, scanner and link key behind the upload and download routes; no such routes without it. */
  attachments?: Omit<AttachmentRouteOptions, 'service' | 'config'>;
  /** Largest accepted JSON body, in bytes. @default 1 MiB */
  bodyLimitBytes?: number;
  log?: (message: string, context: object) => void;
  /** Served at `GET /metrics` (observability/metrics-route.ts), and told of refused webhooks; no `/metrics` without it. */
  metrics?: ApiMetrics;
  /** HANDOFF_METRICS_TOKEN: lets a client elsewhere than this machine read `/metrics`. */
  metricsToken?: string;
}

/** What guards the API's edges (system/compose.ts builds it from the settings). */
export interface ApiEdges {
  limits: EdgeLimits;
  /** Origins granted CORS on the bot API; none, no CORS. */
  corsOrigins: readonly string[];
  /** Where a handoff's `callbackUrl` may point. */
  callbackPolicy: CallbackUrlPolicy;
}

/** Builds the Express app; `system/api-process.ts` listens, tests drive it over real HTTP. */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders());
  app.use(requestHeadLimits());
  app.use(jsonBody(options.bodyLimitBytes ?? JSON_BODY_LIMIT_BYTES));
  app.use(requestLogFields({ platformOfProfile: (name) => options.config.profiles.get(name)?.platform, isPlatform: (id) => findPlatform(id) !== undefined }));
  const { limits, corsOrigins, callbackPolicy } = options.edges;

  const webhooks = webhookPipeline({
    platforms: PLATFORMS,
    platformDeps: options.platformDeps,
    service: options.service,
    config: options.config,
    rejections: options.metrics,
    failureLimit: webhookFailureLimit(limits.webhookFailures),
  });
  // The document is built from the very definitions Express serves.
  const routes = [
    ...handoffRoutes(options.service, checkCallbackUrl(callbackPolicy)),
    ...(options.attachments ? attachmentRoutes({ ...options.attachments, service: options.service, config: options.config }) : []),
    ...healthRoutes(options.client),
  ];
  const documented = routes.map((route) => route.definition);
  app
    .route('/openapi.json')
    .get((_req, res) => {
      res.json(openApiDocument(options.publicUrl, documented, webhooks.webhooks));
    })
    .all(refuseOtherMethods('GET'));
  // Before every rate limit: a scraper is neither a bot nor a platform.
  if (options.metrics) app.use(metricsRoute(options.metrics.registry, options.metricsToken));
  if (options.codec) app.use(options.codec);
  app.use(WEBHOOKS_PATH, webhookLimit(limits.webhooks));
  app.use(webhooks.router);
  const cors = botApiCors(corsOrigins);
  const botGuards = [
    // Preflights are answered before the token is asked for: a browser sends none with them.
    ...(cors ? [cors] : []),
    botAuthFailureLimit(limits.botAuthFailures, options.apiToken),
    requireBearer(options.apiToken),
    botRequestLimit(limits.botRequests),
  ];
  app.use(mountRoutes(routes, { path: HANDOFFS_PATH, guards: botGuards }));
  for (const hosted of options.hosted ?? []) app.use(hosted.path, hosted.router);

  app.use((req, _res, next) => next(new NotFoundError(`no route for ${req.method} ${req.path}`, 'route_not_found')));
  app.use(errorHandler(options.log));
  return app;
}

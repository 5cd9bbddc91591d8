import express, { type Express, type Router } from 'express';
import type { Client } from '@temporalio/client';
import type { LoadedConfig } from '../config/load';
import { NotFoundError } from '../lib/api-errors';
import type { PlatformDeps } from '../platforms/define';
import { PLATFORMS } from '../platforms';
import { requireBearer } from './auth';
import { errorHandler } from './error-handler';
import { jsonBody } from './json-body';
import { refuseOtherMethods } from './method-not-allowed';
import type { HandoffService } from './handoff-service';
import { openApiDocument } from './openapi';
import { handoffRoutes } from './routes/handoffs';
import { healthRoutes } from './routes/health';
import { webhookPipeline } from './webhook-pipeline';

export interface AppOptions {
  client: Client;
  service: HandoffService;
  config: LoadedConfig;
  apiToken: string;
  publicUrl: string;
  /** What the platforms' webhook adapters are built from. */
  platformDeps: PlatformDeps;
  /** The local desk's router, mounted at `/desk` when this process hosts it. */
  desk?: Router;
  /** The bot demo's router (`demo/bot.ts`), mounted at `/demo` when this process hosts it. */
  demo?: Router;
  /** Largest accepted JSON body. @default "1mb" */
  bodyLimit?: string;
  log?: (message: string, context: object) => void;
}

/** Builds the Express app; `system/api-process.ts` listens, tests drive it over real HTTP. */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(jsonBody(options.bodyLimit ?? '1mb'));

  const webhooks = webhookPipeline({ platforms: PLATFORMS, platformDeps: options.platformDeps, service: options.service, config: options.config });
  app
    .route('/openapi.json')
    .get((_req, res) => {
      res.json(openApiDocument(options.publicUrl, webhooks.webhooks));
    })
    .all(refuseOtherMethods('GET'));
  app.use(healthRoutes(options.client));
  app.use(webhooks.router);
  app.use('/v1/handoffs', requireBearer(options.apiToken));
  app.use(handoffRoutes(options.service));
  if (options.desk) app.use('/desk', options.desk);
  if (options.demo) app.use('/demo', options.demo);

  app.use((req, _res, next) => next(new NotFoundError(`no route for ${req.method} ${req.path}`, 'route_not_found')));
  app.use(errorHandler(options.log));
  return app;
}

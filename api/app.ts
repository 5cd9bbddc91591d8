import express, { type Express, type Router } from 'express';
import type { Client } from '@temporalio/client';
import { requireBearer } from './auth';
import { errorHandler } from './error-handler';
import { NotFoundError } from './errors';
import type { HandoffService } from './handoff-service';
import { openApiDocument } from './openapi';
import { keepRawBody } from './raw-body';
import { handoffRoutes } from './routes/handoffs';
import { healthRoutes } from './routes/health';
import { localDeskWebhook } from './webhooks/local-desk';

export interface AppOptions {
  client: Client;
  service: HandoffService;
  apiToken: string;
  deskSecret: string;
  publicUrl: string;
  /** The local desk's router, mounted at `/desk` when this process hosts it. */
  desk?: Router;
  /** The bot demo's router (`demo/bot.ts`), mounted at `/demo` when this process hosts it. */
  demo?: Router;
  /** The external platforms' webhook routers (see `webhooks/index.ts`). */
  webhooks?: Router[];
  /** Largest accepted JSON body. @default "1mb" */
  bodyLimit?: string;
  log?: (message: string, context: object) => void;
}

/** Builds the Express app; `server.ts` listens, tests drive it over real HTTP. */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: options.bodyLimit ?? '1mb', verify: keepRawBody }));

  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(options.publicUrl));
  });
  app.use(healthRoutes(options.client));
  app.use(localDeskWebhook(options.service, options.deskSecret));
  for (const webhook of options.webhooks ?? []) app.use(webhook);
  app.use('/v1/handoffs', requireBearer(options.apiToken));
  app.use(handoffRoutes(options.service));
  if (options.desk) app.use('/desk', options.desk);
  if (options.demo) app.use('/demo', options.demo);

  app.use((req, _res, next) => next(new NotFoundError(`no route for ${req.method} ${req.path}`, 'route_not_found')));
  app.use(errorHandler(options.log));
  return app;
}

import { Router } from 'express';
import { LiveFeed } from './live-feed';
import { deskPageRoutes } from './page-routes';
import { deskRouter } from './router';
import { DeskStore } from './store';
import { visitorRoutes } from './visitor-routes';
import { WebhookOutbox } from './webhook-outbox';

export interface LocalDeskOptions {
  /** SQLite file of the desk and its ticket store. */
  filename: string;
  secret: string;
  webhookUrl: () => string;
  deskUrl: () => string;
  /** The handoff's workflow in the Temporal UI, linked from the agent's page. */
  temporalUiLink?: (handoffId: string) => string;
  log?: (message: string, context: object) => void;
}

export interface LocalDesk {
  router: Router;
  store: DeskStore;
  outbox: WebhookOutbox;
  /** What the desk's pages are told; tests listen to it too. */
  feed: LiveFeed;
  close(): void;
}

/** The built-in agent platform and ticket store, mounted at `/desk` of the API process. */
export function createLocalDesk(options: LocalDeskOptions): LocalDesk {
  const feed = new LiveFeed();
  const store = new DeskStore(options.filename, (change) => feed.publish(change));
  const outbox = new WebhookOutbox(store, { webhookUrl: options.webhookUrl, secret: options.secret, ...(options.log && { log: options.log }) });
  const router = Router();
  router.use(deskRouter({ store, outbox, secret: options.secret, deskUrl: options.deskUrl, feed, temporalUiLink: options.temporalUiLink }));
  router.use(visitorRoutes({ store, outbox, feed, deskUrl: options.deskUrl }));
  router.use(deskPageRoutes());
  return {
    router,
    store,
    outbox,
    feed,
    close() {
      outbox.stop();
      store.close();
    },
  };
}

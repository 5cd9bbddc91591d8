import type { Router } from 'express';
import { deskRouter } from './router';
import { DeskStore } from './store';
import { WebhookOutbox } from './webhook-outbox';

export interface LocalDeskOptions {
  /** SQLite file of the desk and its ticket store. */
  filename: string;
  secret: string;
  webhookUrl: () => string;
  deskUrl: () => string;
  log?: (message: string, context: object) => void;
}

export interface LocalDesk {
  router: Router;
  store: DeskStore;
  outbox: WebhookOutbox;
  close(): void;
}

/** The built-in agent platform and ticket store, mounted at `/desk` of the API process. */
export function createLocalDesk(options: LocalDeskOptions): LocalDesk {
  const store = new DeskStore(options.filename);
  const outbox = new WebhookOutbox(store, { webhookUrl: options.webhookUrl, secret: options.secret, ...(options.log && { log: options.log }) });
  const router = deskRouter({ store, outbox, secret: options.secret, deskUrl: options.deskUrl });
  return {
    router,
    store,
    outbox,
    close() {
      outbox.stop();
      store.close();
    },
  };
}

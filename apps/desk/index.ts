import { Router } from 'express';
import type { AttachmentLimits } from '../../attachments/intake';
import type { DeskOpeningHours } from './opening-hours';
import path from 'node:path';
import { agentSignIn } from './agent-sign-in';
import type { AgentCredentials } from '../../contracts/desk-agent';
import type { AgentRole } from './agents';
import { deskCookies } from './cookies';
import { DESK_FILES_FOLDER, DeskFiles } from './files';
import { LiveFeed } from './live-feed';
import { deskPageRoutes } from './page-routes';
import { deskRouter } from './router';
import { DeskStore } from './store';
import { supervisorRoutes } from './supervisor-routes';
import { visitorRoutes } from './visitor-routes';
import { WebhookOutbox } from './webhook-outbox';
import { deskOrigins, guardWrites } from './write-guard';

export interface LocalDeskOptions {
  /** SQLite file of the desk and its ticket store; created 0600 in a 0700 folder. */
  filename: string;
  secret: string;
  webhookUrl: () => string;
  deskUrl: () => string;
  /**
   * Where people reach Handoff (`HANDOFF_PUBLIC_URL`): the desk's pages are of its origin, its
   * cookies are `Secure` when it is https, and their path is its path + `/desk`.
   */
  publicUrl: string;
  /** How long a join link works before its first use. @default 10 minutes */
  joinLinkTtlMs?: number;
  /** An agent to create, or to give this password, at start-up (`HANDOFF_DESK_AGENT`). */
  agent?: AgentCredentials;
  /** The handoff's workflow in the Temporal UI, linked from the agent's page. */
  temporalUiLink?: (handoffId: string) => string;
  /** The opening hours of the profiles that queue here, shown to agents. */
  openingHours?: readonly DeskOpeningHours[];
  /** The file limits (`attachments`) of the profiles that queue here, by name, for their agents' files. @default the default limits for every profile */
  attachmentLimits?: ReadonlyMap<string, AttachmentLimits>;
  log?: (message: string, context: object) => void;
}

export interface LocalDesk {
  router: Router;
  store: DeskStore;
  outbox: WebhookOutbox;
  /** What the desk's pages are told; tests listen to it too. */
  feed: LiveFeed;
  /** Creates the agent or sets their password (the test stack). */
  saveAgent(name: string, password: string, role?: AgentRole): Promise<void>;
  /** Settles once the start-up agent (`agent`) is saved; sign-ins wait for it. */
  ready: Promise<void>;
  close(): void;
}

/** The built-in agent platform and ticket store, mounted at `/desk` of the API process. */
export function createLocalDesk(options: LocalDeskOptions): LocalDesk {
  const feed = new LiveFeed();
  const store = new DeskStore(options.filename, (change) => feed.publish(change), { joinLinkTtlMs: options.joinLinkTtlMs });
  const outbox = new WebhookOutbox(store, { webhookUrl: options.webhookUrl, secret: options.secret, ...(options.log && { log: options.log }) });
  // Queue updates are recorded by the store itself when a queue moves, outside any agent action's kick.
  store.eventsRecorded = () => outbox.kick();
  const publicUrl = new URL(options.publicUrl);
  const cookies = deskCookies({ path: `${publicUrl.pathname.replace(/\/$/, '')}/desk`, secure: publicUrl.protocol === 'https:' });
  const { agent, log } = options;
  const ready = agent
    ? store.agents.save(agent.name, agent.password).then(
        (saved) => log?.(`desk: agent ${saved.name} ${saved.change} from HANDOFF_DESK_AGENT`, { role: saved.role }),
        (error: Error) => log?.('desk: could not save the agent of HANDOFF_DESK_AGENT', { reason: error.message }),
      )
    : Promise.resolve();
  const signIn = agentSignIn(store, cookies, ready, () => feed.publish({ type: 'agents' }));
  const writeGuard = guardWrites(deskOrigins(options.publicUrl));
  const files = new DeskFiles(path.join(path.dirname(options.filename), DESK_FILES_FOLDER), options.secret);

  const router = Router();
  // The integration API is called server to server with the desk secret, not from pages.
  router.use('/api', (req, res, next) => (req.path.startsWith('/integration/') ? next() : writeGuard(req, res, next)));
  router.use(signIn.routes);
  router.use(visitorRoutes({ store, outbox, feed, deskUrl: options.deskUrl, cookies, files, secret: options.secret }));
  router.use(
    deskRouter({
      store,
      outbox,
      secret: options.secret,
      deskUrl: options.deskUrl,
      feed,
      temporalUiLink: options.temporalUiLink,
      openingHours: options.openingHours ?? [],
      attachmentLimits: options.attachmentLimits ?? new Map(),
      requireAgent: signIn.requireAgent,
      files,
    }),
  );
  router.use(supervisorRoutes({ store, requireAgent: signIn.requireAgent, sessionAgent: signIn.sessionAgent }));
  router.use(deskPageRoutes());
  return {
    router,
    store,
    outbox,
    feed,
    ready,
    async saveAgent(name, password, role) {
      await store.agents.save(name, password, role);
    },
    close() {
      outbox.stop();
      store.close();
    },
  };
}

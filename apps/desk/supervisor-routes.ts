/**
 * The supervisor view: the page at `/desk/supervisor` and its numbers at
 * `GET /desk/api/supervisor/summary`, for signed-in agents with the `supervisor` role. The page
 * stays live on the desk's own feed (`/desk/api/events`): each change there refetches the summary.
 */
import { Router, type Request, type RequestHandler } from 'express';
import { servePage } from '../web/page-assets';
import { signedInAgent } from './agent-sign-in';
import type { Agent } from './agents';
import { SupervisorRoleRequiredError } from './errors';
import type { DeskStore } from './store';
import { summarize, type SupervisorSummary } from './supervisor-summary';

export interface SupervisorRoutesOptions {
  store: DeskStore;
  /** Answers 401 without a session (agent-sign-in.ts). */
  requireAgent: RequestHandler;
  /** The agent of the request's session, if any. */
  sessionAgent: (req: Request) => Agent | undefined;
  /** @default the system clock */
  clock?: () => Date;
}

/** The server's time zone: "today" on the view is its day. */
export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The view's numbers now: the queue as it stands, and the chats that arrived since local midnight. */
export function summaryOfDesk(store: DeskStore, now = new Date()): SupervisorSummary {
  const dayStart = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return summarize({ chats: store.chatTimesSince(dayStart), waiting: store.waitingNow(), now, dayStart, timeZone: serverTimeZone() });
}

export function supervisorRoutes({ store, requireAgent, sessionAgent, clock = () => new Date() }: SupervisorRoutesOptions): Router {
  const router = Router();

  const requireSupervisor: RequestHandler = (_req, res, next) => {
    const agent = signedInAgent(res);
    next(agent.role === 'supervisor' ? undefined : new SupervisorRoleRequiredError(agent.name));
  };

  router.get('/api/supervisor/summary', requireAgent, requireSupervisor, (_req, res) => {
    res.set('cache-control', 'no-store').json(summaryOfDesk(store, clock()));
  });

  // Without a session the page shows the sign-in form; a signed-in agent without the role is
  // refused here (403) and in words on the page.
  router.get(
    '/supervisor',
    servePage((req) => {
      const agent = sessionAgent(req);
      return { title: 'Local desk: supervisor view', script: 'supervisor.js', status: agent && agent.role !== 'supervisor' ? 403 : 200 };
    }),
  );
  return router;
}

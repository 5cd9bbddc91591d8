/**
 * Agents' sign-in to the desk: `POST /api/session { name, password }` sets the session cookie,
 * `GET` tells who is signed in and their presence, `DELETE` signs out. `PUT /api/presence
 * { presence }` sets the agent's presence (`available` or `away`; a sign-in makes them available).
 * `requireAgent` guards the rest of the agent API.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { UnauthorizedError } from '../../lib/api-errors';
import { handle, withBody } from '../../lib/validate';
import type { Agent } from './agents';
import { AGENT_COOKIE, type CookieJar } from './cookies';
import type { DeskStore } from './store';

const SignInSchema = z.object({
  name: z.string().max(200),
  password: z.string().max(1_000),
});
const PresenceSchema = z.object({ presence: z.enum(['available', 'away']) }).strict();

/** The agent `requireAgent` let through. */
export function signedInAgent(res: Response): Agent {
  return res.locals.agent as Agent;
}

/**
 * `ready` settles once the start-up agent is saved, so a sign-in right after start finds it;
 * `agentsChanged` hears of each sign-in, sign-out and presence change (the desk's availability moved).
 */
export function agentSignIn(
  store: DeskStore,
  cookies: CookieJar,
  ready: Promise<void> = Promise.resolve(),
  agentsChanged: () => void = () => undefined,
): { routes: Router; requireAgent: RequestHandler; sessionAgent: (req: Request) => Agent | undefined } {
  const routes = Router();

  routes.post(
    '/api/session',
    withBody(SignInSchema, async (_req, res, { name, password }) => {
      await ready;
      const agent = await store.agents.verify(name, password);
      // One answer for an unknown name and a wrong password: the desk does not say which names exist.
      if (!agent) throw new UnauthorizedError('wrong name or password');
      const session = store.agentSessions.open(agent.name);
      cookies.set(res, AGENT_COOKIE, session.token, session.expiresAt);
      agentsChanged();
      res.status(204).end();
    }),
  );

  routes.get(
    '/api/session',
    handle((req, res) => {
      const agent = store.agentSessions.agentOf(cookies.read(req, AGENT_COOKIE));
      if (!agent) throw new UnauthorizedError('not signed in');
      res.json({ name: agent.name, role: agent.role, presence: store.agentSessions.presenceOf(agent.name) });
    }),
  );

  routes.delete('/api/session', (req, res) => {
    store.agentSessions.close(cookies.read(req, AGENT_COOKIE));
    cookies.clear(res, AGENT_COOKIE);
    agentsChanged();
    res.status(204).end();
  });

  /** The agent whose session the request carries, if any. */
  const sessionAgent = (req: Request) => store.agentSessions.agentOf(cookies.read(req, AGENT_COOKIE));

  const requireAgent: RequestHandler = (req, res, next) => {
    const agent = sessionAgent(req);
    if (!agent) return next(new UnauthorizedError('sign in to the desk first (POST /desk/api/session with your name and password)'));
    res.locals.agent = agent;
    next();
  };

  routes.put(
    '/api/presence',
    requireAgent,
    withBody(PresenceSchema, (_req, res, { presence }) => {
      store.agentSessions.setPresence(signedInAgent(res).name, presence);
      agentsChanged();
      res.status(204).end();
    }),
  );

  return { routes, requireAgent, sessionAgent };
}

/** The desk's web pages: the agent's console, the supervisor view's script, and the user's chat pages that handoffs link to. */
import { Router } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scriptBundle, servePage, styleSheet } from '../web/page-assets';

const PAGES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages');

export function deskPageRoutes(): Router {
  const router = Router();
  router.get('/assets/base.css', styleSheet);
  router.get('/assets/agent-desk.css', (_req, res) => {
    res
      .set('cache-control', 'no-cache')
      .type('text/css')
      .send(readFileSync(path.join(PAGES, 'agent-desk.css'), 'utf8'));
  });
  router.get('/assets/agent-desk.js', scriptBundle(path.join(PAGES, 'agent-desk.ts')));
  router.get('/assets/visitor-chat.js', scriptBundle(path.join(PAGES, 'visitor-chat.ts')));
  router.get('/assets/supervisor.js', scriptBundle(path.join(PAGES, 'supervisor.ts')));

  router.get(
    '/',
    servePage(() => ({ title: 'Local desk: agent console', script: 'agent-desk.js' })),
  );
  // The url-mode landing page: the redirect's query (name, email, ticket, utterance) prefills it.
  router.get(
    '/chat',
    servePage(() => ({ title: 'Chat with the service desk', script: 'visitor-chat.js', data: { view: 'start' } })),
  );
  router.get(
    '/join/:chatId',
    servePage((req) => ({
      title: 'Chat with the service desk',
      script: 'visitor-chat.js',
      data: { view: 'join', chatId: String(req.params.chatId) },
    })),
  );
  return router;
}

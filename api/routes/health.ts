import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { UnavailableError } from '../../lib/api-errors';
import { handle } from '../../lib/validate';

export function healthRoutes(client: Client): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get(
    '/readyz',
    handle(async (_req, res) => {
      try {
        await client.connection.withDeadline(Date.now() + 3_000, () => client.workflowService.getSystemInfo({}));
      } catch {
        throw new UnavailableError('Temporal is not reachable');
      }
      res.json({ status: 'ready' });
    }),
  );
  return router;
}

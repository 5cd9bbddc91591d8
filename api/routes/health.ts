import { Router } from 'express';
import type { Client } from '@temporalio/client';
import { UnavailableError } from '../../lib/api-errors';
import { handle } from '../../lib/validate';
import { refuseOtherMethods } from '../../lib/method-not-allowed';

export function healthRoutes(client: Client): Router {
  const router = Router();
  router
    .route('/healthz')
    .get((_req, res) => {
      res.json({ status: 'ok' });
    })
    .all(refuseOtherMethods('GET'));
  router
    .route('/readyz')
    .get(
      handle(async (_req, res) => {
        try {
          await client.connection.withDeadline(Date.now() + 3_000, () => client.workflowService.getSystemInfo({}));
        } catch {
          throw new UnavailableError('Temporal is not reachable');
        }
        res.json({ status: 'ready' });
      }),
    )
    .all(refuseOtherMethods('GET'));
  return router;
}

/** `GET /metrics` on the API: Prometheus text, to a local client or one with the metrics token. */
import { Router } from 'express';
import { Registry } from 'prom-client';
import { UnauthorizedError } from '../lib/api-errors';
import { refuseOtherMethods } from '../lib/method-not-allowed';
import { mayReadMetrics, METRICS_REFUSAL } from './metrics-access';

export const METRICS_PATH = '/metrics';

export function metricsRoute(registry: Registry, token: string | undefined): Router {
  const router = Router();
  router
    .route(METRICS_PATH)
    .get(async (req, res, next) => {
      if (!mayReadMetrics({ remoteAddress: req.socket.remoteAddress, header: (name) => req.header(name) }, token)) {
        next(new UnauthorizedError(METRICS_REFUSAL));
        return;
      }
      try {
        const text = await registry.metrics();
        res.type(Registry.PROMETHEUS_CONTENT_TYPE).set('cache-control', 'no-store').send(text);
      } catch (error) {
        next(error);
      }
    })
    .all(refuseOtherMethods('GET'));
  return router;
}

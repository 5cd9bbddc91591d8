/** Liveness and readiness, for a load balancer or a service manager; neither needs a token. */
import type { Client } from '@temporalio/client';
import { LivenessSchema, ReadinessSchema } from '../../contracts/health';
import { UnavailableError } from '../../lib/api-errors';
import { defineRoute } from '../route-table/define-route';
import { implement, type ImplementedRoute } from '../route-table/implement-route';

export const livenessRoute = defineRoute({
  method: 'get',
  path: '/healthz',
  summary: 'Liveness',
  auth: 'none',
  answer: { status: 200, description: 'alive', schema: LivenessSchema },
});

export const readinessRoute = defineRoute({
  method: 'get',
  path: '/readyz',
  summary: 'Readiness: Temporal reachable',
  auth: 'none',
  answer: { status: 200, description: 'ready', schema: ReadinessSchema },
  errors: [503],
});

export function healthRoutes(client: Client): ImplementedRoute[] {
  return [
    implement(livenessRoute, () => ({ status: 'ok' as const })),
    implement(readinessRoute, async () => {
      try {
        await client.connection.withDeadline(Date.now() + 3_000, () => client.workflowService.getSystemInfo({}));
      } catch {
        throw new UnavailableError('Temporal is not reachable');
      }
      return { status: 'ready' as const };
    }),
  ];
}

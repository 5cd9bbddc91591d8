import { Router } from 'express';
import { z } from 'zod';
import type { GliaOptions } from '../../config/platforms/glia';
import { MissingSecretError, resolveSecret } from '../../config/secret-ref';
import { GLIA_WEBHOOK_PATH, gliaWebhookSecret } from '../../connectors/glia-webhook';
import { UnauthorizedError } from '../errors';
import { rawBodyOf } from '../raw-body';
import { secretsMatch } from '../secret-compare';
import { parseOrThrow } from '../validate';
import { deliverInOrder } from './deliver-in-order';
import { gliaAgentEvent, GliaEventSchema } from './glia-events';
import { profileOfHandoff, type WebhookDeps } from './webhook-deps';

const RoutingSchema = z.object({ handoff: z.string().min(1).max(300), session: z.string().min(1).max(200) });

/**
 * `POST /v1/webhooks/glia?handoff=<id>&session=<key>`: the URL each queue ticket registered. Glia
 * signs nothing, so the secret header registered with the ticket (an HMAC of exactly this handoff
 * and session) is checked before the body is read; 401 otherwise.
 */
export function gliaWebhook(deps: WebhookDeps): Router {
  const router = Router();
  router.post(GLIA_WEBHOOK_PATH, async (req, res, next) => {
    try {
      const routing = RoutingSchema.safeParse(req.query);
      const profile = routing.success ? profileOfHandoff(deps.config, routing.data.handoff, 'glia') : undefined;
      if (!routing.success || !profile) throw new UnauthorizedError('this webhook URL names no Glia handoff');
      const { handoff, session } = routing.data;
      const { webhook } = profile.platformOptions as GliaOptions;
      let expected: string;
      try {
        expected = gliaWebhookSecret(resolveSecret(webhook.secret, deps.env), handoff, session);
      } catch (error) {
        if (!(error instanceof MissingSecretError)) throw error;
        deps.log('glia webhook: the profile\'s webhook secret is not set', { profile: profile.name, variable: error.variable });
        throw new UnauthorizedError('the webhook secret cannot be checked');
      }
      if (!secretsMatch(req.header(webhook.headerName), expected)) throw new UnauthorizedError('a valid Glia webhook secret is required');
      const event = gliaAgentEvent(parseOrThrow(GliaEventSchema, req.body ?? {}), session, rawBodyOf(req));
      res.status(202).json(await deliverInOrder(deps, 'glia', handoff, event ? [event] : []));
    } catch (error) {
      next(error);
    }
  });
  return router;
}

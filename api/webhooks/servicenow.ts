import { Router, type Request } from 'express';
import type { LoadedProfile } from '../../config/load';
import type { BotIntegrationOptions } from '../../config/platforms/servicenow-bot-integration';
import { MissingSecretError, resolveSecret } from '../../config/secret-ref';
import type { ServiceNowBrokerOptions } from '../../connectors/servicenow-va';
import { UnauthorizedError } from '../errors';
import { secretsMatch } from '../secret-compare';
import { parseOrThrow } from '../validate';
import { ServiceNowCallbackSchema, serviceNowAgentEvents } from './servicenow-events';
import { deliverInOrder } from './deliver-in-order';
import { profileOfHandoff, type WebhookDeps } from './webhook-deps';

export const SERVICENOW_WEBHOOK_PATH = '/v1/webhooks/servicenow';

/**
 * `POST /v1/webhooks/servicenow`: the response endpoint of ServiceNow's Virtual Agent. The
 * outbound REST message is set up once per instance, so credentials are checked first against
 * every broker profile on ServiceNow (401 when none match), then the body (400), and the handoff
 * its `clientVariables` name must belong to a profile whose credentials matched (401 otherwise).
 */
export function serviceNowWebhook(deps: WebhookDeps): Router {
  const router = Router();
  router.post(SERVICENOW_WEBHOOK_PATH, async (req, res, next) => {
    try {
      const authenticated = brokerProfiles(deps).filter((profile) => presentsCredentials(req, profile, deps));
      if (authenticated.length === 0) throw new UnauthorizedError('valid ServiceNow webhook credentials are required');
      const callback = parseOrThrow(ServiceNowCallbackSchema, req.body ?? {});
      const handoffId = callback.clientVariables.handoffId;
      const profile = profileOfHandoff(deps.config, handoffId, 'servicenow');
      if (!profile || !authenticated.includes(profile)) throw new UnauthorizedError('these credentials do not cover this handoff');
      const events = serviceNowAgentEvents(callback, new Date().toISOString());
      const outcome = await deliverInOrder(deps, 'servicenow', handoffId, events);
      res.status(202).json(outcome);
    } catch (error) {
      next(error);
    }
  });
  return router;
}

function brokerProfiles(deps: WebhookDeps): LoadedProfile[] {
  return [...deps.config.profiles.values()].filter(
    (profile) => profile.platform === 'servicenow' && (profile.platformOptions as ServiceNowBrokerOptions).botIntegration !== undefined,
  );
}

/** Whether the request carries every credential the profile's `botIntegration.webhook` asks for. */
function presentsCredentials(req: Request, profile: LoadedProfile, deps: WebhookDeps): boolean {
  const { webhook } = (profile.platformOptions as ServiceNowBrokerOptions).botIntegration as BotIntegrationOptions;
  try {
    if (webhook.basic) {
      const expected = `Basic ${Buffer.from(`${resolveSecret(webhook.basic.username, deps.env)}:${resolveSecret(webhook.basic.password, deps.env)}`).toString('base64')}`;
      if (!secretsMatch(req.header('authorization'), expected)) return false;
    }
    if (webhook.tokenHeader && !secretsMatch(req.header(webhook.tokenHeader.name), resolveSecret(webhook.tokenHeader.value, deps.env))) return false;
    return true;
  } catch (error) {
    if (!(error instanceof MissingSecretError)) throw error;
    deps.log('servicenow webhook: a credential of the profile is not set', { profile: profile.name, variable: error.variable });
    return false;
  }
}

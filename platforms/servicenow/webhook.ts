/**
 * `POST /v1/webhooks/servicenow`: the response endpoint of ServiceNow's Virtual Agent. The
 * outbound REST message is set up once per instance, so credentials are checked first against
 * every broker profile on ServiceNow (401 when none match), then the body (400), and the handoff
 * its `clientVariables` name must belong to a profile whose credentials matched (401 otherwise).
 *
 * ServiceNow neither signs nor dates these responses (its outbound authentication is Basic, OAuth
 * or static headers; "outbound message creation" is not supported for the Virtual Agent API), so
 * the adapter declares no `dating`: a body's own dates are never trusted (each event is dated when
 * it arrives), and a replay is refused by the pipeline's memory of accepted event ids (an agent
 * message's `messageId`, a digest of anything else) and dropped by the workflow in any case.
 */
import { UnauthorizedError } from '../../lib/api-errors';
import { secretsMatch } from '../../lib/secret-compare';
import { MissingSecretError, resolveSecret } from '../../lib/secret-ref';
import { parseOrThrow } from '../../lib/validate';
import type { PlatformDeps } from '../define';
import type { WebhookAdapter, WebhookContext, WebhookDelivery, WebhookProfile } from '../webhook';
import type { BotIntegrationOptions } from './bot-integration-options';
import { ServiceNowCallbackSchema, serviceNowAgentEvents } from './events';
import type { ServiceNowOptions } from './options';

/** The broker profiles whose credentials the delivery carries. */
export type ServiceNowCredentialed = ReadonlyArray<WebhookProfile<ServiceNowOptions>>;

export function serviceNowWebhook({ env, clock }: Pick<PlatformDeps, 'env' | 'clock'>): WebhookAdapter<ServiceNowOptions, ServiceNowCredentialed> {
  return {
    summary: 'ServiceNow Virtual Agent responses (Basic credentials and/or the configured token header)',
    bodySchema: ServiceNowCallbackSchema,
    async verify(delivery, context) {
      const credentialed = context.profiles.filter(
        (profile) => profile.options.botIntegration !== undefined && presentsCredentials(delivery, profile.name, profile.options.botIntegration, env, context),
      );
      if (credentialed.length === 0) throw new UnauthorizedError('valid ServiceNow webhook credentials are required');
      return credentialed;
    },
    parse(delivery, credentialed, context) {
      const callback = parseOrThrow(ServiceNowCallbackSchema, delivery.body ?? {});
      const handoffId = callback.clientVariables.handoffId;
      const profile = context.profileOf(handoffId);
      if (!profile || !credentialed.some((matched) => matched.name === profile.name))
        throw new UnauthorizedError('these credentials do not cover this handoff');
      return { events: serviceNowAgentEvents(callback, new Date(clock()).toISOString()), handoffId };
    },
  };
}

/** Whether the delivery carries every credential the profile's `botIntegration.webhook` asks for. */
function presentsCredentials(
  delivery: WebhookDelivery,
  profileName: string,
  { webhook }: BotIntegrationOptions,
  env: NodeJS.ProcessEnv,
  context: WebhookContext<ServiceNowOptions>,
): boolean {
  try {
    if (webhook.basic) {
      const expected = `Basic ${Buffer.from(`${resolveSecret(webhook.basic.username, env)}:${resolveSecret(webhook.basic.password, env)}`).toString('base64')}`;
      if (!secretsMatch(delivery.header('authorization'), expected)) return false;
    }
    if (webhook.tokenHeader && !secretsMatch(delivery.header(webhook.tokenHeader.name), resolveSecret(webhook.tokenHeader.value, env))) return false;
    return true;
  } catch (error) {
    if (!(error instanceof MissingSecretError)) throw error;
    context.log('servicenow webhook: a credential of the profile is not set', { profile: profileName, variable: error.variable });
    return false;
  }
}

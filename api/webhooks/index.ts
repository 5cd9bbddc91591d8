import type { Router } from 'express';
import { eightByEightWebhook } from './8x8';
import { amazonConnectWebhook } from './amazon-connect';
import { gliaWebhook } from './glia';
import { serviceNowWebhook } from './servicenow';
import type { WebhookDeps } from './webhook-deps';

/**
 * The webhooks of the external agent platforms, one router each, mounted by the app. Each
 * authenticates its platform's way (signature or shared secret), maps the body to
 * `AgentEvent`s and delivers them by the handoff id the platform carries back.
 */
export function platformWebhooks(deps: WebhookDeps): Router[] {
  return [serviceNowWebhook(deps), gliaWebhook(deps), amazonConnectWebhook(deps), eightByEightWebhook(deps)];
}

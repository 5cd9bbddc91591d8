/**
 * The webhook Handoff registers with each Glia queue ticket. Its URL carries the routing key (the
 * handoff id and our session key), and its secret header holds an HMAC of both keyed by the
 * profile's secret: the connector computes it when registering, the webhook when checking.
 */
import { createHmac } from 'node:crypto';

export const GLIA_WEBHOOK_PATH = '/v1/webhooks/glia';

export const GLIA_EVENTS = ['engagement.start', 'engagement.chat.message', 'engagement.transfer', 'engagement.end', 'engagement.request.failure'] as const;

export function gliaWebhookUrl(publicUrl: string, handoffId: string, sessionKey: string): string {
  const query = new URLSearchParams({ handoff: handoffId, session: sessionKey });
  return `${publicUrl.replace(/\/+$/, '')}${GLIA_WEBHOOK_PATH}?${query}`;
}

export function gliaWebhookSecret(secret: string, handoffId: string, sessionKey: string): string {
  return createHmac('sha256', secret).update(`${handoffId}\n${sessionKey}`).digest('hex');
}

/**
 * `POST /v1/webhooks/8x8`: the 8x8 Chat Gateway channel webhook. `WEB_HOOK_VERIFY` is answered
 * 200; every other event must carry a valid `x-8x8-signature` (detached JWS, key by `kid`) from a
 * configured tenant and a fresh `x-8x8-transmission-time`. The event id header is the
 * `AgentEvent.eventId`, so redeliveries are dropped by the workflow.
 */
import { Router, type Request } from 'express';
import type { EightByEightOptions } from '../../config/platforms/eight-by-eight';
import { UnauthorizedError, UnavailableError, ValidationError } from '../errors';
import { rawBodyOf } from '../raw-body';
import { handle, parseOrThrow } from '../validate';
import { EightByEightEventSchema, shapeProblems, toAgentEvent } from './8x8-events';
import { EightByEightKeys, SigningKeyUnavailableError } from './8x8-keys';
import { ConversationHandoffLocator } from './8x8-locator';
import { deliveryOf, verifyEightByEightSignature, type EightByEightDelivery } from './8x8-signature';
import { HandoffLookupError } from './handoff-lookup-error';
import { WebhookSignatureError } from './signature-error';
import { profileOfHandoff, type WebhookDeps } from './webhook-deps';

export const EIGHT_BY_EIGHT_WEBHOOK_PATH = '/v1/webhooks/8x8';

export function eightByEightWebhook(deps: WebhookDeps, clock: () => number = Date.now): Router {
  const keys = new EightByEightKeys();
  const locator = new ConversationHandoffLocator(deps.env);
  const tenantsOf = (tenantId: string): EightByEightOptions[] =>
    [...deps.config.profiles.values()]
      .filter((profile) => profile.platform === '8x8')
      .map((profile) => profile.platformOptions as EightByEightOptions)
      .filter((options) => options.tenant === tenantId);

  const authenticate = async (req: Request): Promise<{ delivery: EightByEightDelivery; tenants: EightByEightOptions[] }> => {
    try {
      const delivery = deliveryOf((name) => req.header(name));
      const tenants = tenantsOf(delivery.tenantId);
      const [first] = tenants;
      if (!first) throw new WebhookSignatureError(`no 8x8 profile serves tenant ${delivery.tenantId}`);
      await verifyEightByEightSignature(rawBodyOf(req), delivery, {
        keyFor: (kid) => keys.keyFor(first.baseUrl, kid),
        now: clock(),
        maxAgeMs: first.maxEventAgeSeconds * 1_000,
      });
      return { delivery, tenants };
    } catch (error) {
      if (error instanceof WebhookSignatureError) {
        deps.log('8x8 webhook refused', { reason: error.message });
        throw new UnauthorizedError(`8x8 signature refused: ${error.message}`);
      }
      if (error instanceof SigningKeyUnavailableError) throw new UnavailableError(error.message, 'signing_key_unavailable');
      throw error;
    }
  };

  const router = Router();
  router.post(
    EIGHT_BY_EIGHT_WEBHOOK_PATH,
    handle(async (req, res) => {
      // 8x8 checks that a new webhook answers 2xx; the check carries nothing to deliver.
      if ((req.body as { eventType?: unknown } | undefined)?.eventType === 'WEB_HOOK_VERIFY') {
        res.status(200).json({ status: 'verified' });
        return;
      }
      const { delivery, tenants } = await authenticate(req);
      const event = parseOrThrow(EightByEightEventSchema, req.body ?? {}, '8x8 event');
      const problems = shapeProblems(event);
      if (problems.length > 0) throw new ValidationError(`invalid 8x8 ${event.eventType} event`, problems);

      const conversationId = event.conversationId ?? '';
      const mapped = toAgentEvent(event, {
        eventId: delivery.eventId,
        sessionKey: conversationId,
        at: new Date(event.timestamp || clock()).toISOString(),
      });
      if ('skipped' in mapped) {
        res.status(202).json({ status: 'ignored', reason: mapped.skipped });
        return;
      }
      let handoffId: string | undefined;
      try {
        handoffId = await locator.handoffOf(conversationId, tenants);
      } catch (error) {
        if (!(error instanceof HandoffLookupError)) throw error;
        deps.log('8x8 webhook could not find its handoff', { conversationId, reason: error.message });
        throw new UnavailableError('cannot tell which handoff this conversation belongs to yet; redeliver', 'platform_unavailable');
      }
      if (!handoffId || !profileOfHandoff(deps.config, handoffId, '8x8')) {
        deps.log('8x8 event for a conversation Handoff did not start', { conversationId, eventType: event.eventType });
        res.status(202).json({ status: 'ignored', reason: 'not a Handoff conversation' });
        return;
      }
      const outcome = await deps.service.deliverAgentEvent(handoffId, mapped);
      if (outcome === 'handoff-closed') deps.log('8x8 event after the handoff ended', { handoffId, eventId: delivery.eventId, type: mapped.type });
      res.status(202).json({ status: outcome === 'delivered' ? 'accepted' : 'ignored', ...(outcome === 'handoff-closed' && { reason: 'the handoff has ended' }) });
    }),
  );
  return router;
}

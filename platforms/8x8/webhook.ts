/**
 * `POST /v1/webhooks/8x8`: the 8x8 Chat Gateway channel webhook. `WEB_HOOK_VERIFY` is answered
 * 200; every other event must carry a valid `x-8x8-signature` (detached JWS, key by `kid`) from a
 * configured tenant and a fresh `x-8x8-transmission-time` (signed, and set anew at each retry, so
 * the pipeline's delivery window applies to it). The event id header is the `AgentEvent.eventId`,
 * so a replay is refused by the pipeline and a redelivery dropped by the workflow. Events name only their
 * conversation; the handoff is read back from it (`locator.ts`).
 */
import { ValidationError } from '../../lib/api-errors';
import { parseOrThrow } from '../../lib/validate';
import { WebhookSignatureError } from '../../lib/webhook-signature-error';
import type { WebhookAdapter, WebhookDelivery } from '../webhook';
import { EightByEightEventSchema, shapeProblems, toAgentEvent } from './events';
import { EightByEightKeys } from './keys';
import { ConversationHandoffLocator } from './locator';
import type { EightByEightOptions } from './options';
import { deliveryOf, EIGHT_BY_EIGHT_HEADERS, verifyEightByEightSignature, type EightByEightDelivery } from './signature';

/** A delivery 8x8 signed, and the profiles' options of the tenant it came from. */
export interface EightByEightVerified {
  delivery: EightByEightDelivery;
  tenants: EightByEightOptions[];
}

export interface EightByEightWebhookDeps {
  /** Where `${ENV}` references (the API key the locator reads conversations with) are resolved. */
  env: NodeJS.ProcessEnv;
  /** Now, for the transmission time's freshness and events without a timestamp. */
  clock(): number;
}

export function eightByEightWebhook({ env, clock }: EightByEightWebhookDeps): WebhookAdapter<EightByEightOptions, EightByEightVerified> {
  const keys = new EightByEightKeys();
  const locator = new ConversationHandoffLocator(env);

  const authenticate = async (delivery: WebhookDelivery, tenantsOf: (tenantId: string) => EightByEightOptions[]): Promise<EightByEightVerified> => {
    const signed = deliveryOf(delivery.header);
    const tenants = tenantsOf(signed.tenantId);
    const [first] = tenants;
    if (!first) throw new WebhookSignatureError(`no 8x8 profile serves tenant ${signed.tenantId}`);
    await verifyEightByEightSignature(delivery.rawBody, signed, {
      keyFor: (kid) => keys.keyFor(first.baseUrl, kid),
      now: clock(),
      maxAgeMs: first.maxEventAgeSeconds * 1_000,
    });
    return { delivery: signed, tenants };
  };

  return {
    summary: '8x8 Chat Gateway events (x-8x8-signature detached JWS, x-8x8-event-id, x-8x8-transmission-time)',
    signatureName: '8x8',
    bodySchema: EightByEightEventSchema,
    handshake(delivery) {
      // 8x8 checks that a new webhook answers 2xx; the check carries nothing to deliver.
      if ((delivery.body as { eventType?: unknown } | undefined)?.eventType === 'WEB_HOOK_VERIFY')
        return { answer: { status: 200, body: { status: 'verified' } } };
      return undefined;
    },
    dating: {
      dates: 'delivery',
      sentAt(delivery) {
        const transmitted = delivery.header(EIGHT_BY_EIGHT_HEADERS.transmissionTime) ?? '';
        return /^\d{1,16}$/.test(transmitted) ? Number(transmitted) : undefined;
      },
    },
    async verify(delivery, context) {
      return authenticate(delivery, (tenantId) => context.profiles.map((profile) => profile.options).filter((options) => options.tenant === tenantId));
    },
    parse(delivery, { delivery: signed }) {
      const event = parseOrThrow(EightByEightEventSchema, delivery.body ?? {}, '8x8 event');
      const problems = shapeProblems(event);
      if (problems.length > 0) throw new ValidationError(`invalid 8x8 ${event.eventType} event`, problems);
      const conversationId = event.conversationId ?? '';
      const mapped = toAgentEvent(event, {
        eventId: signed.eventId,
        sessionKey: conversationId,
        at: new Date(event.timestamp || clock()).toISOString(),
      });
      if ('skipped' in mapped) return { ignored: mapped.skipped };
      return { events: [mapped], sessionKey: conversationId };
    },
    locate: (conversationId, { tenants }) => locator.handoffOf(conversationId, tenants),
  };
}

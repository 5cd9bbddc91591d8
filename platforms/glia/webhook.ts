/**
 * `POST /v1/webhooks/glia?handoff=<id>&session=<key>`: the URL each queue ticket registered. Glia
 * signs nothing, so the secret header registered with the ticket (an HMAC of exactly this handoff
 * and session) is checked before the body is read; 401 otherwise. Glia dates only its events
 * (`dispatched_at`, else the message's `timestamp`), and a redelivery keeps that date, so the
 * pipeline's event window applies; a delivery with neither is refused.
 */
import { z } from 'zod';
import { UnauthorizedError } from '../../lib/api-errors';
import { secretsMatch } from '../../lib/secret-compare';
import { MissingSecretError, resolveSecret } from '../../lib/secret-ref';
import { parseOrThrow } from '../../lib/validate';
import type { WebhookAdapter } from '../webhook';
import { gliaAgentEvent, GliaEventSchema } from './events';
import type { GliaOptions } from './options';
import { gliaWebhookSecret } from './webhook-registration';

const RoutingSchema = z.object({ handoff: z.string().min(1).max(300), session: z.string().min(1).max(200) });

/** The handoff and session the webhook URL names, once its secret header matched them. */
export interface GliaRouting {
  handoff: string;
  session: string;
}

export function gliaWebhook(env: NodeJS.ProcessEnv): WebhookAdapter<GliaOptions, GliaRouting> {
  return {
    summary: 'Glia engagement events (query `handoff`, `session`; the registered secret header)',
    bodySchema: GliaEventSchema,
    dating: {
      dates: 'event',
      sentAt(delivery) {
        const event = delivery.body as { dispatched_at?: unknown; message?: { timestamp?: unknown } } | null | undefined;
        const date = event?.dispatched_at ?? event?.message?.timestamp;
        const ms = typeof date === 'string' ? Date.parse(date) : Number.NaN;
        return Number.isNaN(ms) ? undefined : ms;
      },
    },
    async verify(delivery, context) {
      const routing = RoutingSchema.safeParse(delivery.query);
      const profile = routing.success ? context.profileOf(routing.data.handoff) : undefined;
      if (!routing.success || !profile) throw new UnauthorizedError('this webhook URL names no Glia handoff');
      const { handoff, session } = routing.data;
      const { webhook } = profile.options;
      let expected: string;
      try {
        expected = gliaWebhookSecret(resolveSecret(webhook.secret, env), handoff, session);
      } catch (error) {
        if (!(error instanceof MissingSecretError)) throw error;
        context.log("glia webhook: the profile's webhook secret is not set", { profile: profile.name, variable: error.variable });
        throw new UnauthorizedError('the webhook secret cannot be checked');
      }
      if (!secretsMatch(delivery.header(webhook.headerName), expected)) throw new UnauthorizedError('a valid Glia webhook secret is required');
      return { handoff, session };
    },
    parse(delivery, { handoff, session }) {
      const event = gliaAgentEvent(parseOrThrow(GliaEventSchema, delivery.body ?? {}), session, delivery.rawBody);
      return { events: event ? [event] : [], handoffId: handoff };
    },
  };
}

/**
 * Glia in broker mode. Opening creates a visitor and a queue ticket that registers our webhook;
 * the engagement (and so where messages go) exists only once an operator accepts. Messages are
 * `PUT /engagements/{id}/chat_messages/{uuid}` with a uuid derived from the session and the bot's
 * `messageId`, so a retry rewrites the same message. The engagement id is looked up from the queue ticket, never
 * kept only in a worker's memory, so any worker can relay.
 */
import { routedQueueId } from '../shared/route-target';
import type { GliaOptions } from './options';
import { resolveSecret } from '../../lib/secret-ref';
import type { PlatformDeliverable } from '../../contracts/platform-session';
import { firstScheduledAt } from '../../lib/activity-progress';
import { BoundedMap } from '../../lib/bounded-map';
import type { BrokerConnector, HandoffContext, OpenedSession, PlatformConnector, SessionContext } from '../connector';
import { configurationError, platformRejected } from '../../lib/failures';
import { GLIA_EVENTS, gliaWebhookSecret, gliaWebhookUrl } from './webhook-registration';
import type { HttpAnswer } from '../../lib/http';
import { gliaCaller, gliaStatusOf as statusOf } from './api';
import type { GliaTokens } from './token';
import { stableUuid } from '../../lib/stable-id';

export interface GliaConnectorOptions {
  /** Where Glia reaches Handoff's webhook; without it no queue ticket can be created. */
  publicUrl?: string;
  env: NodeJS.ProcessEnv;
  /** Operator tokens, shared with the availability probe so the two ask Glia for one. @default a cache of its own */
  tokens?: GliaTokens;
}

interface QueueTicket {
  state?: string;
  engagement_id?: string | null;
  engagement?: { id?: string } | null;
}

/** Queue ticket states after which no engagement can follow (Glia's docs list none; these are the plausible words). */
const TICKET_ENDED = /^(cancell?ed|expired|failed|dropped|ended|rejected)$/i;

/** Thrown by `deliver` while no operator has accepted the queue ticket; the activity retries. */
export class EngagementNotStartedError extends Error {
  override readonly name = 'EngagementNotStartedError';
  constructor(queueTicketId: string) {
    super(`Glia: no operator has accepted queue ticket ${queueTicketId} yet; the message waits`);
  }
}

export function gliaConnector({ publicUrl, env, tokens }: GliaConnectorOptions): PlatformConnector<GliaOptions, 'broker'> {
  const call = gliaCaller(env, tokens);
  // Only a shortcut: a worker without the entry asks Glia again.
  const engagementsByTicket = new BoundedMap<string, string>(10_000);
  // Opening runs as a local activity, retried in this worker: a retry reuses the visitor it made.
  const visitorsOpening = new BoundedMap<string, string>(1_000);

  async function findEngagement(options: GliaOptions, queueTicketId: string): Promise<{ engagementId?: string; ticket: QueueTicket }> {
    const known = engagementsByTicket.get(queueTicketId);
    if (known) return { engagementId: known, ticket: {} };
    const answer = await call(options, `/queue_tickets/${encodeURIComponent(queueTicketId)}`, {}, 'Glia: look up the queue ticket');
    const ticket = (answer.json ?? {}) as QueueTicket;
    const engagementId = ticket.engagement_id ?? ticket.engagement?.id ?? undefined;
    if (engagementId) engagementsByTicket.set(queueTicketId, engagementId);
    return { engagementId, ticket };
  }

  const broker: BrokerConnector<GliaOptions> = {
    async openSession(context: HandoffContext<GliaOptions>): Promise<OpenedSession> {
      if (!publicUrl) throw configurationError("Glia needs Handoff's public URL to register its webhook; this worker has none");
      const { options } = context;
      const sessionKey = context.chainId;
      const visitorId = visitorsOpening.get(sessionKey) ?? (await createVisitor(options, context));
      visitorsOpening.set(sessionKey, visitorId);
      const webhookSecret = gliaWebhookSecret(resolveSecret(options.webhook.secret, env), context.handoffId, sessionKey);
      // Glia answers 200 with the visitor's existing ticket for the same criteria, so a retry does not queue twice.
      const ticket = await call(
        options,
        '/queue_tickets',
        {
          body: {
            site_id: options.siteId,
            visitor_id: visitorId,
            media: 'text',
            queue_ids: [routedQueueId(context.route, options.routeQueues) ?? options.queueId],
            source: 'visitor_integrator',
            webhooks: [
              {
                url: gliaWebhookUrl(publicUrl, context.handoffId, sessionKey),
                method: 'POST',
                headers: { [options.webhook.headerName]: webhookSecret },
                events: GLIA_EVENTS,
              },
            ],
          },
        },
        'Glia: create the queue ticket',
      );
      const queueTicketId = idOf(ticket, 'Glia: create the queue ticket');
      visitorsOpening.delete(sessionKey);
      return { session: { key: sessionKey, data: { visitorId, queueTicketId } }, queue: { name: context.route?.queue ?? options.queueName } };
    },

    async deliver({ options, session, timeouts }: SessionContext<GliaOptions>, items: PlatformDeliverable[]): Promise<void> {
      // Glia documents no call for a visitor's typing indicator: typing items are skipped.
      const messages = items.filter((item) => item.kind === 'message');
      if (messages.length === 0) return;
      const queueTicketId = session.data.queueTicketId!;
      const { engagementId, ticket } = await findEngagement(options, queueTicketId);
      if (!engagementId) {
        if (ticket.state && TICKET_ENDED.test(ticket.state)) {
          throw platformRejected(`Glia: queue ticket ${queueTicketId} is ${ticket.state} and no operator took it; the messages cannot be delivered`);
        }
        // Past the accept timeout the session is over (the workflow abandons it), so stop waiting and withdraw the ticket.
        if (Date.now() - firstScheduledAt() > timeouts.agentAccept) {
          await cancelTicket(options, queueTicketId);
          throw platformRejected(`Glia: no operator accepted queue ticket ${queueTicketId} in time; the messages cannot be delivered`);
        }
        throw new EngagementNotStartedError(queueTicketId);
      }
      for (const { messageId, text } of messages) {
        await call(
          options,
          `/engagements/${encodeURIComponent(engagementId)}/chat_messages/${stableUuid(session.key, 'chat-message', messageId)}`,
          { method: 'PUT', body: { type: 'chat', content: text } },
          'Glia: send a chat message',
        );
      }
    },

    async closeSession({ options, session }: SessionContext<GliaOptions>): Promise<void> {
      const queueTicketId = session.data.queueTicketId!;
      const { engagementId } = await findEngagement(options, queueTicketId);
      if (!engagementId) {
        await cancelTicket(options, queueTicketId);
        return;
      }
      await call(options, `/engagements/${encodeURIComponent(engagementId)}`, { method: 'PATCH', body: options.endEngagementBody }, 'Glia: end the engagement');
    },
  };
  return { broker };

  async function createVisitor(options: GliaOptions, context: HandoffContext<GliaOptions>): Promise<string> {
    const { user } = context.request;
    const visitor = await call(
      options,
      '/visitors',
      {
        body: {
          site_id: options.siteId,
          external_id: user.id,
          ...(user.name && { name: user.name }),
          ...(user.email && { email: user.email }),
          note: visitorNote(context),
        },
      },
      'Glia: create the visitor',
    );
    return idOf(visitor, 'Glia: create the visitor');
  }

  /** Withdraws a ticket no operator took; one already gone (404) is fine. */
  async function cancelTicket(options: GliaOptions, queueTicketId: string): Promise<void> {
    try {
      await call(options, `/queue_tickets/${encodeURIComponent(queueTicketId)}`, { method: 'DELETE' }, 'Glia: withdraw the queue ticket');
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }
}

/** What the operator sees on the visitor before the first message: Glia's queue ticket carries no text. */
function visitorNote({ request, ticket, summary }: HandoffContext<GliaOptions>): string {
  const lines = [...(summary ? [`Summary:\n${summary.text}`] : []), `Asked for a live agent: ${request.issue.lastUtterance}`];
  if (request.issue.summary) lines.push(`Summary: ${request.issue.summary}`);
  if (ticket) lines.push(`Ticket: ${ticket.number}${ticket.url ? ` (${ticket.url})` : ''}`);
  return lines.join('\n').slice(0, 2_000);
}

function idOf(answer: HttpAnswer, what: string): string {
  const id = (answer.json as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' || id === '') throw platformRejected(`${what}: the answer has no id`);
  return id;
}

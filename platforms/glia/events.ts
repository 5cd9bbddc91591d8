/**
 * What Glia POSTs to the webhook a queue ticket registered, and the `AgentEvent` each means.
 * Glia's docs name the events and the chat message's fields; the rest of the envelope
 * (`event_type`, `event_id`, `dispatched_at`, `engagement.operators`, `message.sender`) is read
 * leniently and each is optional but `event_type`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AgentEvent } from '../../contracts/agent-event';
import { AGENT_MESSAGE_MAX_CHARS } from '../../contracts/message-limits';

const OperatorSchema = z.looseObject({ id: z.string().max(200).optional(), name: z.string().max(200).optional() });

export const GliaEventSchema = z.looseObject({
  event_type: z.string().min(1).max(100),
  event_id: z.string().min(1).max(200).optional(),
  dispatched_at: z.string().max(100).optional(),
  engagement: z
    .looseObject({
      id: z.string().min(1).max(200),
      operators: z.array(OperatorSchema).max(20).optional(),
    })
    .optional(),
  operator: OperatorSchema.optional(),
  message: z
    .looseObject({
      id: z.string().min(1).max(200).optional(),
      content: z.string().max(AGENT_MESSAGE_MAX_CHARS),
      engagement_id: z.string().max(200).optional(),
      target: z.enum(['operator', 'visitor']),
      timestamp: z.string().max(100).optional(),
      sender: OperatorSchema.optional(),
    })
    .optional(),
});
export type GliaEvent = z.infer<typeof GliaEventSchema>;

/**
 * The event a Glia webhook means, or undefined for one the user need not see (the visitor's own
 * messages echoed back, unknown event types). Event ids: Glia's `event_id` when it sends one,
 * else the message id, else the engagement id for its start and end (each happens once), else a
 * digest of the exact body (a redelivery repeats it).
 */
export function gliaAgentEvent(event: GliaEvent, sessionKey: string, rawBody: Buffer): AgentEvent | undefined {
  const operatorName = event.operator?.name ?? event.engagement?.operators?.[0]?.name;
  const engagementKey = event.engagement?.id ?? event.message?.engagement_id;
  const eventId =
    event.event_id ??
    (event.message?.id !== undefined ? `message:${event.message.id}` : undefined) ??
    (engagementKey !== undefined && ['engagement.start', 'engagement.end'].includes(event.event_type) ? `${event.event_type}:${engagementKey}` : undefined) ??
    `body:${createHash('sha256').update(rawBody).digest('hex')}`;
  const common = { eventId, sessionKey, at: isoOr(event.message?.timestamp ?? event.dispatched_at) };
  switch (event.event_type) {
    case 'engagement.start':
      return { ...common, type: 'agent.joined', ...(operatorName && { agentName: operatorName }) };
    case 'engagement.chat.message': {
      const message = event.message;
      if (!message || message.target !== 'visitor' || message.content === '') return undefined;
      const agentName = message.sender?.name ?? operatorName;
      return { ...common, type: 'agent.message', text: message.content, ...(agentName && { agentName }) };
    }
    case 'engagement.transfer':
      return { ...common, type: 'agent.left', ...(operatorName && { agentName: operatorName }) };
    case 'engagement.end':
      return { ...common, type: 'chat.closed', reason: 'agent-closed' };
    case 'engagement.request.failure':
      return { ...common, type: 'chat.closed', reason: 'no Glia operator could take the request' };
    default:
      return undefined;
  }
}

function isoOr(value: string | undefined): string {
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  return new Date(Number.isFinite(ms) ? ms : Date.now()).toISOString();
}

/**
 * `POST /v1/webhooks/local-desk`: the desk's outbox posts each agent-side event here, signed with
 * the shared desk secret (never the bot token) over the body and the attempt's timestamp
 * (`delivery-signature.ts`); the event names its handoff. The pipeline refuses a delivery whose
 * timestamp is outside the window, and one whose `eventId` it accepted before.
 */
import { z } from 'zod';
import type { AgentEvent } from '../../contracts/agent-event';
import { AgentAttachmentSourceSchema } from '../../contracts/attachment';
import { QueueInfoSchema } from '../../contracts/handoff-view';
import { AGENT_MESSAGE_MAX_CHARS } from '../../contracts/message-limits';
import { UnauthorizedError } from '../../lib/api-errors';
import { secretsMatch } from '../../lib/secret-compare';
import { parseOrThrow } from '../../lib/validate';
import type { WebhookAdapter } from '../webhook';
import { DESK_SIGNATURE_HEADER, DESK_TIMESTAMP_HEADER, deskSignature } from './delivery-signature';
import type { LocalDeskOptions } from './options';

/** What the local desk POSTs for each agent-side event. */
export const LocalDeskEventSchema = z.object({
  eventId: z.string().min(1).max(200),
  chatId: z.string().min(1).max(200),
  handoffId: z.string().min(1).max(300),
  at: z.iso.datetime({ offset: true }),
  type: z.enum(['queue.updated', 'agent.joined', 'agent.message', 'agent.attachment', 'agent.typing', 'agent.left', 'agent.transferred', 'chat.closed']),
  agentName: z.string().max(200).optional(),
  text: z.string().min(1).max(AGENT_MESSAGE_MAX_CHARS).optional(),
  typing: z.boolean().optional(),
  queue: QueueInfoSchema.partial().optional(),
  reason: z.string().max(500).optional(),
  /** On `agent.transferred`: the queue or the agent the chat went to (`agentName` is the agent who transferred it). */
  to: z.string().min(1).max(200).optional(),
  /** On `agent.transferred`: the chat waits in a queue again, with no agent. */
  queued: z.boolean().optional(),
  /** On `agent.attachment`: the agent's file, at a link the desk signed (`GET /desk/files/{id}?…&token=`). */
  attachment: AgentAttachmentSourceSchema.required({ url: true }).optional(),
});
export type LocalDeskEvent = z.infer<typeof LocalDeskEventSchema>;

const AcceptedEventSchema = LocalDeskEventSchema.refine((e) => e.type !== 'agent.message' || e.text !== undefined, {
  path: ['text'],
  message: 'an agent.message needs text',
})
  .refine((e) => e.type !== 'agent.attachment' || e.attachment !== undefined, {
    path: ['attachment'],
    message: 'an agent.attachment needs its attachment',
  })
  .refine((e) => e.type !== 'agent.transferred' || e.to !== undefined, {
    path: ['to'],
    message: 'an agent.transferred needs to (the queue or agent the chat went to)',
  });

const UNIX_SECONDS = /^\d{1,12}$/;

export function toAgentEvent(body: LocalDeskEvent): AgentEvent {
  const common = { eventId: body.eventId, sessionKey: body.chatId, at: body.at };
  switch (body.type) {
    case 'queue.updated':
      return { ...common, type: body.type, queue: body.queue ?? {} };
    case 'agent.joined':
    case 'agent.left':
      return { ...common, type: body.type, ...(body.agentName !== undefined && { agentName: body.agentName }) };
    case 'agent.message':
      return { ...common, type: body.type, text: body.text ?? '', ...(body.agentName !== undefined && { agentName: body.agentName }) };
    case 'agent.attachment':
      return {
        ...common,
        type: body.type,
        source: body.attachment ?? { name: 'file' },
        ...(body.agentName !== undefined && { agentName: body.agentName }),
      };
    case 'agent.typing':
      return { ...common, type: body.type, typing: body.typing ?? true };
    case 'agent.transferred':
      return {
        ...common,
        type: body.type,
        to: body.to ?? '',
        ...(body.agentName !== undefined && { agentName: body.agentName }),
        ...(body.queued && { queued: true }),
      };
    case 'chat.closed':
      return { ...common, type: body.type, ...(body.reason !== undefined && { reason: body.reason }) };
  }
}

export function localDeskWebhook(secret: string): WebhookAdapter<LocalDeskOptions, void> {
  return {
    summary: 'Agent events from the local desk (X-Desk-Timestamp, X-Desk-Signature: HMAC-SHA256 of "<timestamp>.<body>")',
    bodySchema: LocalDeskEventSchema,
    dating: {
      dates: 'delivery',
      sentAt(delivery) {
        const timestamp = delivery.header(DESK_TIMESTAMP_HEADER) ?? '';
        return UNIX_SECONDS.test(timestamp) ? Number(timestamp) * 1_000 : undefined;
      },
    },
    async verify(delivery) {
      const timestamp = delivery.header(DESK_TIMESTAMP_HEADER) ?? '';
      if (!secretsMatch(delivery.header(DESK_SIGNATURE_HEADER), deskSignature(secret, timestamp, delivery.rawBody))) {
        throw new UnauthorizedError('a valid desk signature is required');
      }
    },
    parse(delivery) {
      const event = parseOrThrow(AcceptedEventSchema, delivery.body ?? {});
      return { events: [toAgentEvent(event)], handoffId: event.handoffId };
    },
  };
}

import { z } from 'zod';
import { AgentAttachmentSourceSchema } from './attachment';
import { QueueInfoSchema } from './handoff-view';
import { AGENT_MESSAGE_MAX_CHARS } from './message-limits';

/**
 * An agent-side event, normalized from any platform's webhook. `eventId` is the platform's own
 * event id (deduplicated by the workflow); `sessionKey` names the platform chat it belongs to, so
 * a late event of an earlier chat never reaches a later run of the same conversation.
 */
export const AgentEventSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('queue.updated'), queue: QueueInfoSchema.partial() }),
    z.object({ type: z.literal('agent.joined'), agentName: z.string().max(200).optional() }),
    z.object({ type: z.literal('agent.message'), text: z.string().min(1).max(AGENT_MESSAGE_MAX_CHARS), agentName: z.string().max(200).optional() }),
    // Where the agent's file can be fetched; the workflow imports it into the attachment store.
    z.object({ type: z.literal('agent.attachment'), source: AgentAttachmentSourceSchema, agentName: z.string().max(200).optional() }),
    z.object({ type: z.literal('agent.typing'), typing: z.boolean().default(true) }),
    z.object({ type: z.literal('agent.left'), agentName: z.string().max(200).optional() }),
    // The agent handed the chat to another queue or agent; the session goes on (`failed`: the platform
    // could not; `queued`: the chat waits in a queue again, with no agent).
    z.object({
      type: z.literal('agent.transferred'),
      to: z.string().min(1).max(200),
      agentName: z.string().max(200).optional(),
      failed: z.boolean().optional(),
      queued: z.boolean().optional(),
    }),
    z.object({ type: z.literal('chat.closed'), reason: z.string().max(500).optional() }),
    z.object({ type: z.literal('chat.handback'), reason: z.string().max(500).optional() }),
  ])
  .and(
    z.object({
      eventId: z.string().min(1).max(200),
      sessionKey: z.string().min(1).max(200),
      at: z.iso.datetime({ offset: true }),
    }),
  );
export type AgentEvent = z.infer<typeof AgentEventSchema>;
export type AgentEventType = AgentEvent['type'];

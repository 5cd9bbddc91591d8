/** The 8x8 Chat Gateway webhook events and how each becomes one `AgentEvent` (or is skipped, with why). */
import { z } from 'zod';
import type { AgentEvent } from '../../contracts/agent-event';
import { AGENT_MESSAGE_MAX_CHARS } from '../../contracts/message-limits';

export const EightByEightEventSchema = z.object({
  eventType: z.string().min(1).max(100),
  conversationId: z.string().min(1).max(200).optional(),
  timestamp: z.number().nonnegative().optional(),
  data: z.unknown().optional(),
});
export type EightByEightEvent = z.infer<typeof EightByEightEventSchema>;

const QueuedData = z.object({ queueId: z.string().optional(), queueName: z.string().max(200).optional() });
/**
 * 8x8 documents TRANSFER as "the conversation was transferred to another queue" but publishes no
 * body for it, so none is refused: the target is read from the fields QUEUED carries (`queueName`,
 * `queueId`), or an `agentName`, whichever is there, as text.
 */
const TransferData = z.unknown();
const TRANSFER_TARGET_FIELDS = ['queueName', 'queueId', 'agentName'] as const;
const MembersChangedData = z.object({ memberType: z.string(), change: z.string(), id: z.string().optional() });
const MessageData = z.object({
  isEcho: z.boolean().optional(),
  sender: z.object({ id: z.string().optional(), type: z.string().optional() }).optional(),
  text: z.string().max(AGENT_MESSAGE_MAX_CHARS).optional(),
});
const ActivityData = z.object({
  name: z.string(),
  value: z
    .object({ users: z.array(z.object({ type: z.string().optional(), id: z.string().optional() })).optional() })
    .loose()
    .optional(),
});
const ConversationUpdateData = z.object({ state: z.string().optional() });

/** Event types that need a conversation and a body of a known shape. */
const DATA_SCHEMAS: Record<string, z.ZodType | undefined> = {
  QUEUED: QueuedData,
  MEMBERS_CHANGED: MembersChangedData,
  MESSAGE: MessageData,
  ACTIVITY: ActivityData,
  CONVERSATION_UPDATE: ConversationUpdateData,
  TRANSFER: TransferData,
};

/** What is wrong with a known event's body (a 400), or nothing. */
export function shapeProblems(event: EightByEightEvent): Array<{ path: string; message: string }> {
  const schema = DATA_SCHEMAS[event.eventType];
  if (!schema) return [];
  if (event.conversationId === undefined) return [{ path: 'conversationId', message: `a ${event.eventType} event names its conversation` }];
  const parsed = schema.safeParse(event.data ?? {});
  return parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: ['data', ...issue.path].join('.'), message: issue.message }));
}

/** `to` of a TRANSFER that names neither queue nor agent. */
export const TRANSFER_TARGET_UNKNOWN = 'another queue';

/** The queue or agent a TRANSFER names, as the user can be told it. */
function transferTargetOf(data: unknown): string {
  const fields = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  for (const field of TRANSFER_TARGET_FIELDS) {
    const value = fields[field];
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
    if (text) return text.slice(0, 200);
  }
  return TRANSFER_TARGET_UNKNOWN;
}

type Common = Pick<AgentEvent, 'eventId' | 'sessionKey' | 'at'>;

/** One `AgentEvent`, or the reason the event is not one the user should see. */
export function toAgentEvent(event: EightByEightEvent, common: Common): AgentEvent | { skipped: string } {
  switch (event.eventType) {
    case 'QUEUED': {
      const data = QueuedData.parse(event.data ?? {});
      const name = data.queueName ?? data.queueId;
      return { ...common, type: 'queue.updated', queue: name ? { name } : {} };
    }
    case 'TRANSFER':
      // The agent handed the chat on, and the session goes on: 8x8 follows with the agent leaving,
      // QUEUED and the next agent joining.
      return { ...common, type: 'agent.transferred', to: transferTargetOf(event.data) };
    case 'MEMBERS_CHANGED': {
      const data = MembersChangedData.parse(event.data ?? {});
      if (data.memberType !== 'agent') return { skipped: `${data.memberType} ${data.change}` };
      if (data.change === 'joined') return { ...common, type: 'agent.joined' };
      if (data.change === 'left') return { ...common, type: 'agent.left' };
      return { skipped: `agent ${data.change}` };
    }
    case 'MESSAGE': {
      const data = MessageData.parse(event.data ?? {});
      if (data.isEcho) return { skipped: 'echo of a message Handoff sent' };
      const senderType = data.sender?.type ?? '';
      if (['user', 'bot', 'system'].includes(senderType)) return { skipped: `a ${senderType} message` };
      if (!data.text?.trim()) return { skipped: 'a message without text' };
      return { ...common, type: 'agent.message', text: data.text };
    }
    case 'ACTIVITY': {
      const data = ActivityData.parse(event.data ?? {});
      if (data.name !== 'typing') return { skipped: `activity ${data.name}` };
      const users = data.value?.users ?? [];
      if (users.length > 0 && !users.some((user) => user.type === 'agent')) return { skipped: 'the user is typing' };
      return { ...common, type: 'agent.typing', typing: users.length > 0 };
    }
    case 'CONVERSATION_UPDATE': {
      const data = ConversationUpdateData.parse(event.data ?? {});
      // "idle": the conversation has no live interaction any more, so the agent's side is over.
      return data.state === 'idle' ? { ...common, type: 'chat.closed' } : { skipped: `conversation ${data.state ?? 'updated'}` };
    }
    default:
      return { skipped: `event type ${event.eventType}` };
  }
}

/**
 * Which Bot Framework conversation an agent holds, and how to reach it again, kept in the bot's own
 * botbuilder `Storage` (MemoryStorage, Cosmos DB, Blob storage...): a restarted bot finds every
 * conversation it handed over, and every handoff's callbacks find their conversation. What is read
 * back is checked, since the storage outlives the code that wrote it.
 */
import type { ConversationReference, Storage } from 'botbuilder';
import { z } from 'zod';

const ConversationReferenceSchema = z.looseObject({
  channelId: z.string(),
  serviceUrl: z.string(),
  conversation: z.looseObject({ id: z.string() }),
});

const HandoffConversationSchema = z.object({
  handoffId: z.string(),
  /** True while the agent's side holds the conversation: the user's activities go to Handoff, not to the bot. */
  agentHolds: z.boolean(),
  /** Broker mode: the chat runs through the bot, so an agent's joining takes the conversation (again). */
  brokered: z.boolean(),
  reference: ConversationReferenceSchema,
});
export type HandoffConversation = Omit<z.infer<typeof HandoffConversationSchema>, 'reference'> & { reference: Partial<ConversationReference> };

const HandoffLinkSchema = z.object({ conversationKey: z.string() });

export class HandoffConversations {
  constructor(
    private readonly storage: Storage,
    private readonly log: (message: string, context: object) => void,
  ) {}

  /** The conversation's latest handoff, if it had one. */
  async of(reference: Partial<ConversationReference>): Promise<HandoffConversation | undefined> {
    return this.read(conversationKeyOf(reference));
  }

  /** The conversation a handoff's events go to, if this bot started that handoff. */
  async ofHandoff(handoffId: string): Promise<HandoffConversation | undefined> {
    const key = handoffKeyOf(handoffId);
    const link = HandoffLinkSchema.safeParse(omitETag((await this.storage.read([key]))[key]));
    if (!link.success) return undefined;
    const conversation = await this.read(link.data.conversationKey);
    // The conversation has moved on to a later handoff: this one's events are no longer its.
    return conversation?.handoffId === handoffId ? conversation : undefined;
  }

  async save(conversation: HandoffConversation): Promise<void> {
    const conversationKey = conversationKeyOf(conversation.reference);
    await this.storage.write({ [conversationKey]: { ...conversation }, [handoffKeyOf(conversation.handoffId)]: { conversationKey } });
  }

  /** The agent's side let go of the conversation: the bot answers the user again. */
  async release(conversation: HandoffConversation): Promise<void> {
    await this.save({ ...conversation, agentHolds: false });
  }

  private async read(key: string): Promise<HandoffConversation | undefined> {
    const stored = (await this.storage.read([key]))[key];
    if (stored === undefined) return undefined;
    const parsed = HandoffConversationSchema.safeParse(omitETag(stored));
    if (parsed.success) return parsed.data as unknown as HandoffConversation;
    this.log('handoff: a stored conversation does not read as one; ignored', { key, problems: parsed.error.issues.map((issue) => issue.path.join('.')) });
    return undefined;
  }
}

function conversationKeyOf(reference: Partial<ConversationReference>): string {
  return `handoff/${reference.channelId ?? ''}/conversations/${reference.conversation?.id ?? ''}`;
}

function handoffKeyOf(handoffId: string): string {
  return `handoff/handoffs/${handoffId}`;
}

function omitETag(item: unknown): unknown {
  if (!item || typeof item !== 'object') return item;
  const { eTag: _, ...rest } = item as Record<string, unknown>;
  return rest;
}

/**
 * Handoff as the agent hub of a botbuilder 4.x bot. A middleware, because that is how botbuilder
 * lets one piece see both ways of every turn whatever the adapter (CloudAdapter, TestAdapter, ...):
 * it catches the bot's outgoing `handoff.initiate` (`context.onSendActivities`) and starts a
 * handoff, and it keeps the user's incoming activities from the bot's logic (it does not call
 * `next()`) while an agent holds the conversation. Handoff's callbacks come in through
 * `handleCallback`, and reach the user proactively (`continueConversationAsync`); the bot hears
 * `handoff.status` `accepted`, `failed` and `completed` as an agent hub would tell it.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ActivityTypes,
  MemoryStorage,
  TurnContext,
  type Activity,
  type Attachment,
  type BotAdapter,
  type ConversationReference,
  type Middleware,
  type Storage,
} from 'botbuilder';
import { CallbackReceiver, type CallbackAnswer } from '../callback-receiver.js';
import { callbackHttpHandler } from '../callback-http.js';
import { OPEN_STATUSES, type BotEvent, type HandoffView } from '../contract.js';
import { HandoffApiError } from '../errors.js';
import type { HandoffClient } from '../handoff-client.js';
import type { SeenEventStore } from '../seen-events.js';
import { defaultAgentActivity, type AgentActivity } from './agent-activities.js';
import { HandoffConversations, type HandoffConversation } from './conversation-store.js';
import { handoffStatusActivity, isHandoffInitiation, type HandoffStatusValue } from './handoff-status.js';
import { handoffRequestOf } from './initiation.js';
import { StorageSeenEvents } from './storage-seen-events.js';

/** The bot's own logic: an `ActivityHandler`, or anything with its `run`. */
export interface BotLogic {
  run(context: TurnContext): Promise<void>;
}

export interface HandoffMiddlewareOptions {
  /** The typed client the middleware calls Handoff with. */
  client: HandoffClient;
  /** The adapter the middleware is used on: proactive messages go through its `continueConversationAsync`. */
  adapter: BotAdapter;
  /** The bot's logic, which hears `handoff.status`. */
  bot: BotLogic;
  /** `HANDOFF_CALLBACK_SECRET`: every callback is verified with it. */
  callbackSecret: string;
  /** Where Handoff reaches `handleCallback` (an https public address, or a host on Handoff's `HANDOFF_CALLBACK_HOSTS`). */
  callbackUrl: string;
  /** The bot's `MicrosoftAppId`, for proactive turns. @default "" (anonymous, as with the Emulator) */
  botAppId?: string;
  /** Where conversations handed over and the callbacks taken are kept. @default new MemoryStorage() */
  storage?: Storage;
  /** Where the callbacks' `eventId`s are kept. @default in `storage`, per handoff */
  seen?: SeenEventStore;
  /** The profile when `handoffContext.profile` names none. @default "default" */
  profile?: string;
  /** What the user sees of each agent event. @default defaultAgentActivity */
  agentActivity?: AgentActivity;
  /** Reads a file the user sent (an attachment's `contentUrl`). @default fetch, no credentials (the Emulator, Direct Line) */
  readFile?: (attachment: Attachment) => Promise<Blob>;
  log?: (message: string, context: object) => void;
}

export class HandoffMiddleware implements Middleware {
  readonly client: HandoffClient;
  private readonly conversations: HandoffConversations;
  private readonly receiver: CallbackReceiver;
  private readonly agentActivity: AgentActivity;
  private readonly log: (message: string, context: object) => void;
  /** What runs after a callback was answered: the bot's logic may call Handoff, which waits for the answer. */
  private afterAnswers: Promise<void> = Promise.resolve();

  constructor(private readonly options: HandoffMiddlewareOptions) {
    if (!options.callbackUrl) throw new TypeError('HandoffMiddleware needs the callbackUrl where Handoff reaches handleCallback');
    const storage = options.storage ?? new MemoryStorage();
    this.client = options.client;
    this.log = options.log ?? (() => undefined);
    this.conversations = new HandoffConversations(storage, this.log);
    this.receiver = new CallbackReceiver({ secret: options.callbackSecret, seen: options.seen ?? new StorageSeenEvents(storage) });
    this.agentActivity = options.agentActivity ?? defaultAgentActivity;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    // Events are the bot's own (a proactive turn, a status): only what the user does is held.
    if (activity.type !== ActivityTypes.Event) {
      const conversation = await this.conversations.of(TurnContext.getConversationReference(activity));
      if (conversation?.agentHolds && (await this.relay(context, conversation))) return;
    }
    const initiations: Partial<Activity>[] = [];
    context.onSendActivities(async (_context, activities, sendRest) => {
      const mine = activities.filter(isHandoffInitiation);
      if (mine.length === 0) return sendRest();
      // The initiation is for the hub, which is this middleware: the channel never sees it.
      initiations.push(...mine);
      for (const initiation of mine) activities.splice(activities.indexOf(initiation), 1);
      const sent = activities.length > 0 ? await sendRest() : [];
      return [...sent, ...mine.map(() => ({ id: randomUUID() }))];
    });
    await next();
    for (const initiation of initiations) await this.initiate(context, initiation);
  }

  /**
   * Takes one callback delivery: the raw body and its `X-Handoff-Signature`. Send the answer's
   * `status` back to Handoff (401 and 400 are dropped, 503 delivered again).
   */
  handleCallback(body: string | Uint8Array, signature: string | null | undefined): Promise<CallbackAnswer> {
    return this.receiver.receive(body, signature, (event) => this.apply(event));
  }

  /** `handleCallback` as a Node HTTP handler (Express, restify, `node:http`), reading the raw body itself: mount it before any body parser. */
  callbackHandler(): (req: IncomingMessage, res: ServerResponse) => void {
    return callbackHttpHandler((body, signature) => this.handleCallback(body, signature), this.log);
  }

  /** Resolves once what the callbacks taken so far set going has run (the bot's `handoff.status` turns). */
  idle(): Promise<void> {
    return this.afterAnswers;
  }

  /** The user's activity while an agent holds the conversation; false when it is the bot's after all. */
  private async relay(context: TurnContext, conversation: HandoffConversation): Promise<boolean> {
    const { activity } = context;
    const handoffId = conversation.handoffId;
    try {
      switch (activity.type) {
        case ActivityTypes.Message: {
          const text = activity.text?.trim();
          if (text) await this.client.sendMessage(handoffId, { messageId: messageIdOf(activity), text });
          for (const attachment of filesOf(activity)) await this.sendFile(handoffId, attachment);
          return true;
        }
        case ActivityTypes.Typing:
          await this.client.typing(handoffId, { typing: true });
          return true;
        case ActivityTypes.EndOfConversation:
          // The user left: the agent's side hears it, and the bot sees the end as usual.
          await this.client.cancel(handoffId).catch((error: unknown) => this.log('handoff: cancel refused', { handoffId, error: String(error) }));
          await this.conversations.release(conversation);
          return false;
        default:
          // Held: nothing of the bot's reaches a user the agent is talking to.
          return true;
      }
    } catch (error) {
      if (error instanceof HandoffApiError && (error.status === 404 || error.status === 409)) {
        // The chat ended and its callback has not come yet: the bot answers again at once.
        await this.conversations.release(conversation);
        return false;
      }
      this.log('handoff: could not relay the user activity', { handoffId, error: String(error) });
      await context.sendActivity(`Your message did not reach the agent (${(error as Error).message}). Please send it again.`);
      return true;
    }
  }

  private async sendFile(handoffId: string, attachment: Attachment): Promise<void> {
    const read = this.options.readFile ?? readByUrl;
    const file = await read(attachment);
    await this.client.sendAttachment(handoffId, file, attachment.name ?? 'file');
  }

  /** The bot asked for a live agent: start the handoff, then tell the bot how it went. */
  private async initiate(context: TurnContext, initiation: Partial<Activity>): Promise<void> {
    const reference = TurnContext.getConversationReference(context.activity);
    let view: HandoffView;
    try {
      const request = handoffRequestOf({
        initiate: initiation,
        turn: context.activity,
        callbackUrl: this.options.callbackUrl,
        ...(this.options.profile && { profile: this.options.profile }),
      });
      view = await this.client.start(request);
    } catch (error) {
      const message = error instanceof HandoffApiError ? `${error.code}: ${error.message}` : (error as Error).message;
      this.log('handoff: could not start', { conversationId: reference.conversation?.id, error: message });
      await this.tellBot(context, { state: 'failed', message });
      return;
    }
    const open = OPEN_STATUSES.includes(view.status);
    const brokered = view.mode === 'broker';
    if (open || view.status === 'redirected') await this.conversations.save({ handoffId: view.id, agentHolds: open && brokered, brokered, reference });
    if (!open && view.status !== 'redirected') {
      await this.tellBot(context, { state: 'failed', message: failureOf(view), handoffId: view.id });
      return;
    }
    // In url and api mode the user chats on the platform's own page: the link is the news.
    await this.tellBot(context, { state: 'accepted', handoffId: view.id, ...(view.redirectUrl && { message: view.redirectUrl }) });
    if (view.status === 'redirected') await this.tellBot(context, { state: 'completed', handoffId: view.id, message: view.redirectUrl ?? 'redirected' });
  }

  /** One callback event, the first time it comes. */
  private async apply(event: BotEvent): Promise<void> {
    const conversation = await this.conversations.ofHandoff(event.handoffId);
    if (!conversation) {
      this.log('handoff: event for a handoff this bot does not hold; dropped', { handoffId: event.handoffId, type: event.type });
      return;
    }
    // A brokered chat let go while it waited (the user's message answered 409) is the agent's again once one joins.
    if (event.type === 'agent.joined' && conversation.brokered && !conversation.agentHolds)
      await this.conversations.save({ ...conversation, agentHolds: true });
    const shown = this.agentActivity(event);
    if (shown) await this.proactive(conversation.reference, (context) => context.sendActivity(shown));
    if (event.type !== 'handoff.closed' && event.type !== 'handoff.failed') return;
    await this.conversations.release(conversation);
    const value: HandoffStatusValue = {
      state: event.type === 'handoff.closed' ? 'completed' : 'failed',
      handoffId: event.handoffId,
      ...(event.reason && { message: event.reason }),
    };
    this.afterAnswers = this.afterAnswers
      .then(() => new Promise((resolve) => setImmediate(resolve)))
      .then(() => this.proactive(conversation.reference, (context) => this.tellBot(context, value)))
      .catch((error: unknown) => this.log('handoff: the bot could not take handoff.status', { handoffId: event.handoffId, error: String(error) }));
  }

  private async proactive(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<unknown>): Promise<void> {
    await this.options.adapter.continueConversationAsync(this.options.botAppId ?? '', reference, async (context) => {
      await logic(context);
    });
  }

  /**
   * The bot hears `handoff.status` as an incoming event of the conversation, on a turn of its own
   * that shares the current turn's connector and identity, and passes through this middleware
   * (so the bot may ask for an agent again from it).
   */
  private async tellBot(context: TurnContext, value: HandoffStatusValue): Promise<void> {
    const status = new TurnContext(context.adapter, handoffStatusActivity(TurnContext.getConversationReference(context.activity), value));
    for (const [key, entry] of context.turnState) status.turnState.set(key, entry);
    await this.onTurn(status, () => this.options.bot.run(status));
  }
}

function failureOf(view: HandoffView): string {
  return view.reason ?? view.decision?.explanation ?? view.status;
}

/** The channel's id of the message, so a redelivered activity is taken once. */
function messageIdOf(activity: Partial<Activity>): string {
  const id = activity.id?.trim();
  return id && id.length <= 200 ? id : randomUUID();
}

/** Files the user sent, by link; cards and other inline content are not files. */
function filesOf(activity: Partial<Activity>): Attachment[] {
  return (activity.attachments ?? []).filter((attachment) => !!attachment.contentUrl && !attachment.contentType.startsWith('application/vnd.microsoft.'));
}

async function readByUrl(attachment: Attachment): Promise<Blob> {
  const response = await fetch(attachment.contentUrl!, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`the file ${attachment.name ?? ''} could not be read (${response.status})`);
  const bytes = await response.arrayBuffer();
  return new Blob([bytes], { type: attachment.contentType || response.headers.get('content-type') || 'application/octet-stream' });
}

/**
 * The example's own logic: a few answers, and the one dialog step a Bot Framework bot takes to
 * reach a person, `handoff.initiate` with the conversation's transcript. Everything else about the
 * handoff (relaying, the agent's messages, taking the conversation back) is HandoffMiddleware's;
 * the rating after the chat is the bot's to ask for, and it does.
 */
import { ActivityHandler, EventFactory, type ConversationState, type StatePropertyAccessor, type TranscriptStore, type TurnContext } from 'botbuilder';
import type { HandoffClient } from '../../clients/typescript/src/index.js';
import { HANDOFF_STATUS, type HandoffStatusValue } from '../../clients/typescript/src/botbuilder/index.js';

export const ASK_FOR_A_PERSON = /\b(talk|speak|chat) (to|with) (a|an) (person|human|agent)\b/i;

export const RATING_PROMPT = 'How was the chat with the agent? Rate it from 1 to 5.';

export interface HelpDeskBotOptions {
  transcripts: TranscriptStore;
  /** The `handoffContext` sent with each initiation (e.g. `{ profile: "default" }`). */
  handoffContext?: Record<string, unknown>;
  /** Where the bot keeps which handoff awaits the user's rating; with `handoff`, the bot asks for one. */
  conversationState?: ConversationState;
  /** Handoff's client (the middleware's), for the rating. */
  handoff?: HandoffClient;
}

export class HelpDeskBot extends ActivityHandler {
  private readonly transcripts: TranscriptStore;
  private readonly handoffContext: Record<string, unknown>;
  private readonly awaitingRating?: StatePropertyAccessor<string | undefined>;

  constructor(private readonly options: HelpDeskBotOptions) {
    super();
    this.transcripts = options.transcripts;
    this.handoffContext = options.handoffContext ?? {};
    this.awaitingRating = options.conversationState?.createProperty<string | undefined>('handoffAwaitingRating');
    this.onMembersAdded(async (context, next) => {
      const joined = context.activity.membersAdded?.some((member) => member.id !== context.activity.recipient.id);
      if (joined) await context.sendActivity('Hi! I answer questions about VPN and passwords. Write "talk to a person" to reach an agent.');
      await next();
    });
    this.onMessage(async (context, next) => {
      const text = context.activity.text?.trim() ?? '';
      if (await this.tookRating(context, text)) return next();
      if (ASK_FOR_A_PERSON.test(text)) await this.handOver(context);
      else await context.sendActivity(answerTo(text));
      await next();
    });
    this.onEvent(async (context, next) => {
      if (context.activity.name === HANDOFF_STATUS) {
        const status = context.activity.value as HandoffStatusValue;
        await context.sendActivity(statusLine(status));
        if (status.state === 'completed' && status.handoffId) await this.askForRating(context, status.handoffId);
      }
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.options.conversationState?.saveChanges(context);
  }

  /** Asks for a rating while the handoff's survey window is open. */
  private async askForRating(context: TurnContext, handoffId: string): Promise<void> {
    if (!this.awaitingRating || !this.options.handoff) return;
    const view = await this.options.handoff.view(handoffId);
    if (!view.surveyUntil || Date.parse(view.surveyUntil) <= Date.now()) return;
    await this.awaitingRating.set(context, handoffId);
    await context.sendActivity(RATING_PROMPT);
  }

  /** The user's answer to the rating prompt, if this is one; any other answer lets the prompt go. */
  private async tookRating(context: TurnContext, text: string): Promise<boolean> {
    const handoffId = await this.awaitingRating?.get(context);
    if (!handoffId) return false;
    await this.awaitingRating!.delete(context);
    if (!/^[1-5]$/.test(text)) return false;
    try {
      await this.options.handoff!.survey(handoffId, { rating: Number(text) });
      await context.sendActivity('Thank you for rating the chat.');
    } catch {
      await context.sendActivity('The time to rate that chat has passed, but thank you.');
    }
    return true;
  }

  private async handOver(context: TurnContext): Promise<void> {
    const { channelId, conversation } = context.activity;
    const { items } = await this.transcripts.getTranscriptActivities(channelId, conversation.id);
    await context.sendActivity('Let me find you a person.');
    await context.sendActivity(EventFactory.createHandoffInitiation(context, this.handoffContext, { activities: items }));
  }
}

export function answerTo(text: string): string {
  if (/vpn/i.test(text)) return 'For VPN drops, reconnect and update the client. Still stuck? Write "talk to a person".';
  if (/password/i.test(text)) return 'Reset your password at https://password.example.com. Still stuck? Write "talk to a person".';
  return 'I can help with VPN and passwords. Write "talk to a person" to reach an agent.';
}

export function statusLine({ state, message }: HandoffStatusValue): string {
  switch (state) {
    case 'accepted':
      return message ? `Continue with a person here: ${message}` : 'You are in line for a person; they will answer here.';
    case 'failed':
      return `Sorry, no person can take the chat now${message ? ` (${message})` : ''}. I am still here.`;
    case 'completed':
      return 'The chat with the agent has ended; I am back. Anything else?';
  }
}

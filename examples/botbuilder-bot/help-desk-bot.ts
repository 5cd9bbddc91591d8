/**
 * The example's own logic: a few answers, and the one dialog step a Bot Framework bot takes to
 * reach a person, `handoff.initiate` with the conversation's transcript. Everything else about the
 * handoff (relaying, the agent's messages, taking the conversation back) is HandoffMiddleware's.
 */
import { ActivityHandler, EventFactory, type TranscriptStore, type TurnContext } from 'botbuilder';
import { HANDOFF_STATUS, type HandoffStatusValue } from '../../clients/typescript/src/botbuilder/index.js';

export const ASK_FOR_A_PERSON = /\b(talk|speak|chat) (to|with) (a|an) (person|human|agent)\b/i;

export class HelpDeskBot extends ActivityHandler {
  constructor(
    private readonly transcripts: TranscriptStore,
    /** The `handoffContext` sent with each initiation (e.g. `{ profile: "default" }`). */
    private readonly handoffContext: Record<string, unknown> = {},
  ) {
    super();
    this.onMembersAdded(async (context, next) => {
      const joined = context.activity.membersAdded?.some((member) => member.id !== context.activity.recipient.id);
      if (joined) await context.sendActivity('Hi! I answer questions about VPN and passwords. Write "talk to a person" to reach an agent.');
      await next();
    });
    this.onMessage(async (context, next) => {
      const text = context.activity.text?.trim() ?? '';
      if (ASK_FOR_A_PERSON.test(text)) await this.handOver(context);
      else await context.sendActivity(answerTo(text));
      await next();
    });
    this.onEvent(async (context, next) => {
      if (context.activity.name === HANDOFF_STATUS) await context.sendActivity(statusLine(context.activity.value as HandoffStatusValue));
      await next();
    });
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

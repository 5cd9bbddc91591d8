import { TestAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { ClaimsIdentity } from 'botframework-connector';

type Logic = (context: TurnContext) => Promise<void>;

/**
 * botbuilder's TestAdapter, which keeps every activity the bot sends (`sent`) and runs proactive
 * turns as CloudAdapter does: a continuation event through the middleware, then the logic
 * (TestAdapter itself answers continueConversationAsync with "NotImplemented").
 */
export class ProactiveTestAdapter extends TestAdapter {
  readonly sent: Partial<Activity>[] = [];

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    this.sent.push(...activities);
    return super.sendActivities(context, activities);
  }

  override async continueConversationAsync(
    _botAppIdOrClaims: string | ClaimsIdentity,
    reference: Partial<ConversationReference>,
    logicOrAudience: Logic | string,
    maybeLogic?: Logic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic!;
    const continuation = TurnContext.applyConversationReference({ type: 'event', name: 'ContinueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, continuation), logic);
  }

  /** The texts of the messages the bot sent so far. */
  texts(): string[] {
    return this.sent.flatMap((activity) => (activity.type === 'message' && activity.text ? [activity.text] : []));
  }
}

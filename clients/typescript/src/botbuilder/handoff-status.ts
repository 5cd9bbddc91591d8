/**
 * `handoff.status`, as an agent hub tells a Bot Framework bot how its handoff goes: `accepted` (an
 * agent's side took the conversation), `failed` (with Handoff's reason), `completed` (the chat
 * ended and the conversation is the bot's again). Made with botbuilder's own `EventFactory`.
 */
import { EventFactory, HandoffEventNames, TurnContext, type Activity, type ConversationAccount, type ConversationReference } from 'botbuilder';

export type HandoffState = 'accepted' | 'failed' | 'completed';

/** The status event's `value`: botbuilder's `{ state, message }`, plus the handoff it is about. */
export interface HandoffStatusValue {
  state: HandoffState;
  /** For `failed`: Handoff's reason; for `completed`: why the chat ended (`agent`, `user`, `inactivity`...); for a link-only handoff: the link. */
  message?: string;
  /** Handoff's id of the handoff, for the survey (`HandoffClient.survey`) or a view. */
  handoffId?: string;
}

export const HANDOFF_STATUS = HandoffEventNames.HandoffStatus;
export const HANDOFF_INITIATE = HandoffEventNames.InitiateHandoff;

/** The incoming `handoff.status` event the bot's logic hears, in the conversation `reference` names. */
export function handoffStatusActivity(reference: Partial<ConversationReference>, value: HandoffStatusValue): Partial<Activity> {
  const activity = EventFactory.createHandoffStatus(reference.conversation as ConversationAccount, value.state, value.message);
  activity.value = { ...activity.value, ...(value.handoffId && { handoffId: value.handoffId }) };
  return TurnContext.applyConversationReference(activity, reference, true);
}

/** Whether an activity the bot sends is its request for a live agent. */
export function isHandoffInitiation(activity: Partial<Activity>): boolean {
  return activity.type === 'event' && activity.name === HANDOFF_INITIATE;
}

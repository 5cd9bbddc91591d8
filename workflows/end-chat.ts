import { relay } from './activity-proxies';
import type { EndChatInput } from './definitions';

/**
 * A terminated or timed-out handoff run cannot wrap up, so its platform chat stays open and the
 * agent writes into the void. The API starts this workflow (once per run) when an event arrives for
 * such a chat: the platform closes the chat and tells the agent it has ended.
 */
export async function endChatWorkflow({ handoffId, profile, session, reason }: EndChatInput): Promise<void> {
  await relay.closePlatformSession({ handoffId, profile, session, reason });
}

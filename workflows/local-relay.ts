import type { ProfileSnapshot } from './definitions';

/**
 * Whether user messages go out from a local activity first, inside the workflow task that took
 * them: one workflow task per message instead of two, and no trip through the task queue. The send
 * then happens before that task commits. If the task fails (a worker dies, or a continue-as-new is
 * refused because a signal came in), its retry may give the message another `seq` and send it
 * again, so only a platform that itself drops a repeated `messageId` qualifies: its description
 * says `dropsRepeatedUserMessages`, and the API copies that into the workflow input at start.
 */
export function relaysUserMessagesLocally(profile: ProfileSnapshot): boolean {
  return profile.traits?.dropsRepeatedUserMessages ?? STARTED_BEFORE_TRAITS_RELAYED_LOCALLY.has(profile.platform);
}

/**
 * Runs started before the input carried the platform's traits decided by this list. It is frozen
 * history, not a second registry: those runs must keep deciding as they did.
 */
const STARTED_BEFORE_TRAITS_RELAYED_LOCALLY: ReadonlySet<string> = new Set(['local-desk', 'glia', 'amazon-connect']);

/** The `patched()` id that keeps runs recorded before local relaying replaying as they ran. */
export const LOCAL_RELAY_PATCH = 'relay-user-messages-locally-first';

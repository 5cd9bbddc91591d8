import type { PlatformId } from '../contracts/status';

/**
 * Platforms whose user messages go out from a local activity first, inside the workflow task that
 * took them: one workflow task per message instead of two, and no trip through the task queue.
 * The send then happens before that task commits. If the task fails (a worker dies, or a
 * continue-as-new is refused because a signal came in), its retry may give the message another
 * `seq` and send it again, so only a platform that itself drops a repeated `messageId` is listed
 * (its connector says `dropsRepeatedUserMessages`; a test keeps the two in step).
 */
export const PLATFORMS_RELAYED_LOCALLY: ReadonlySet<PlatformId> = new Set<PlatformId>(['local-desk', 'glia', 'amazon-connect']);

/** The `patched()` id that keeps runs recorded before local relaying replaying as they ran. */
export const LOCAL_RELAY_PATCH = 'relay-user-messages-locally-first';

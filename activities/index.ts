import { createAfterChatActivities } from './after-chat';
import { createAttachmentActivities } from './attachments';
import { createBotCallbackActivities } from './bot-callback';
import type { ActivityDeps } from './deps';
import { createPlatformActivities } from './platform';
import { createTicketActivities } from './tickets';
import { createStartActivities } from './start';
import { createTranscriptActivities } from './transcript';
import { createModelSummaryActivities } from './model-summary';

export type { ActivityDeps } from './deps';

/** Every activity of the handoff workflow, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createStartActivities(deps),
    ...createTicketActivities(deps),
    ...createPlatformActivities(deps),
    ...createTranscriptActivities(deps),
    ...createBotCallbackActivities(deps),
    ...createAttachmentActivities(deps),
    ...createAfterChatActivities(deps),
    ...createModelSummaryActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

import { createAfterChatActivities } from './after-chat';
import { createAttachmentActivities } from './attachments';
import { createBotCallbackActivities } from './bot-callback';
import type { ActivityDeps } from './deps';
import { createPlatformActivities } from './platform';
import { createTicketActivities } from './tickets';
import { createOneStepStartActivities } from './start-in-one-step';
import { createTriggerRuleActivities } from './trigger-rule';

export type { ActivityDeps } from './deps';

/** Every activity of the handoff workflow, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createTriggerRuleActivities(deps),
    ...createTicketActivities(deps),
    ...createPlatformActivities(deps),
    ...createBotCallbackActivities(deps),
    ...createAttachmentActivities(deps),
    ...createAfterChatActivities(deps),
    ...createOneStepStartActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;

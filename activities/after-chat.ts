import type { CallbackRequest } from '../contracts/fallback';
import type { QueueInfo } from '../contracts/handoff-view';
import type { SurveyAnswer } from '../contracts/survey';
import { connectorFor, profileOf, type ActivityDeps } from './deps';
import type { TicketHandle } from '../contracts/ticket';
import type { SessionActivityInput } from './platform';

export interface CallbackToPlatformInput {
  handoffId: string;
  profile: string;
  /** The archive has the request under it (the callback list shows who asked), and the list keys the request by it. */
  chainId: string;
  ticket?: TicketHandle;
  callback: CallbackRequest;
}

/** What the platform is asked while the user waits, and told after the chat: the queue, a callback, the rating. */
export function createAfterChatActivities(deps: ActivityDeps) {
  const sessionContext = ({ profile: name, ...input }: SessionActivityInput) => {
    const profile = profileOf(deps, name);
    const connector = profile.mode === 'api' ? connectorFor(deps, profile, 'api') : connectorFor(deps, profile, 'broker');
    return { connector, context: { ...input, profileName: name, options: profile.platformOptions, timeouts: profile.timeouts, attachments: deps.attachments } };
  };
  return {
    /** The user's place and wait, from a platform with the `queueStatus` capability; undefined when it cannot tell. */
    async pollQueueStatus(input: SessionActivityInput): Promise<Partial<QueueInfo> | undefined> {
      const { connector, context } = sessionContext(input);
      return connector.queueStatus?.(context);
    },

    /** The callback request goes to the platform's callback list, where it keeps one (the ticket has it in any case). */
    async addCallbackToPlatform({ profile: name, callback, ...input }: CallbackToPlatformInput): Promise<void> {
      const profile = profileOf(deps, name);
      const list = deps.callbackLists.get(profile.platform);
      if (!list) return;
      const request = await deps.archive.request(input.chainId);
      await list.add({ ...input, request, profileName: name, options: profile.platformOptions, timeouts: profile.timeouts }, callback);
    },

    /** The rating, shown with the chat on the platform where it can show it. */
    async rateChatOnPlatform({ answer, ...input }: SessionActivityInput & { answer: SurveyAnswer }): Promise<void> {
      const { connector, context } = sessionContext(input);
      await connector.rateChat?.(context, answer);
    },
  };
}

import type { HandoffContext, OpenedSession, PlatformConnector, QueuePlacement, SessionContext } from './connector';
import type { LocalDeskOptions } from '../config/platform-options';
import type { PlatformOutbound } from '../workflows/session-state';
import { platformRejected } from './failures';
import { callHttp } from './http';
import { outboundRuns, sendTypingBestEffort } from './typing';
import { buildUrlWithin } from './url-params';

export interface LocalDeskConnectorOptions {
  /** Base URL of the desk, e.g. `http://localhost:3000/desk`. */
  deskUrl: string;
  /** Shared secret the desk's integration API expects in `X-Desk-Secret`. */
  secret: string;
}

interface CreatedChat {
  chatId: string;
  joinUrl: string;
  position: number;
}

/** The built-in platform: talks to the local desk's integration API over HTTP, like any platform. */
export function localDeskConnector({ deskUrl, secret }: LocalDeskConnectorOptions): PlatformConnector {
  const call = (path: string, body: unknown, what: string) =>
    callHttp(`${deskUrl}/api/integration${path}`, { method: 'POST', body, headers: { 'x-desk-secret': secret } }, platformRejected, what);

  const createChat = async (context: HandoffContext, mode: 'api' | 'broker') => {
    const { request, profile } = context;
    const queue = (profile.platformOptions as LocalDeskOptions).queue;
    const answer = await call(
      '/chats',
      {
        idempotencyKey: context.chainId,
        handoffId: context.handoffId,
        mode,
        queue,
        user: request.user,
        lastUtterance: request.issue.lastUtterance,
        context: request.transcript,
        ticketNumber: context.ticket?.number,
      },
      'local desk: create chat',
    );
    const chat = answer.json as CreatedChat;
    return { session: { key: chat.chatId, data: {} }, queue: { name: queue, position: chat.position }, joinUrl: chat.joinUrl };
  };

  return {
    dropsRepeatedUserMessages: true,
    async buildRedirectUrl({ handoffId, request, ticket }: HandoffContext): Promise<string> {
      return buildUrlWithin(
        `${deskUrl}/chat`,
        [
          ['handoff', handoffId],
          ['name', request.user.name],
          ['email', request.user.email],
          ['ticket', ticket?.number],
          ['utterance', request.issue.lastUtterance],
        ],
        'utterance',
      );
    },

    async placeInQueue(context: HandoffContext): Promise<QueuePlacement> {
      return createChat(context, 'api');
    },

    async openSession(context: HandoffContext): Promise<OpenedSession> {
      const { session, queue } = await createChat(context, 'broker');
      return { session, queue };
    },

    async deliver({ session }: SessionContext, items: PlatformOutbound[]): Promise<void> {
      const chat = `/chats/${encodeURIComponent(session.key)}`;
      for (const run of outboundRuns(items)) {
        if (run.kind === 'messages') {
          await call(`${chat}/user-messages`, { messages: run.messages.map(({ messageId, text }) => ({ messageId, text })) }, 'local desk: deliver user messages');
        } else {
          await sendTypingBestEffort('local desk: user typing', () => call(`${chat}/user-typing`, { typing: run.typing }, 'local desk: user typing'));
        }
      }
    },

    async closeSession({ session }: SessionContext, reason: string): Promise<void> {
      await call(`/chats/${encodeURIComponent(session.key)}/end`, { reason }, 'local desk: end chat');
    },
  };
}

/**
 * The 8x8 Chat Gateway API (`https://api.8x8.com/chat-gateway/v1`), authenticated with the
 * `x-api-key` header and addressed to a Contact Center tenant with `X-8x8-Tenant`. Used by the
 * connector (worker) and by the webhook (API) to find the handoff a conversation belongs to.
 */
import { resolveSecret } from '../../lib/secret-ref';
import type { EightByEightOptions } from './options';
import { platformRejected } from '../../lib/failures';
import { callHttp, type HttpAnswer, type JsonRequest } from '../../lib/http';

/** The `additionalProperties` key that carries the handoff id; the webhook reads it back from the conversation. */
export const HANDOFF_ID_PROPERTY = 'handoffId';

export interface EightByEightUser {
  name?: string;
  userId?: string;
  email?: string;
  language?: string;
  additionalProperties?: Array<{ key: string; value: string }>;
}

export interface NewConversation {
  channelId: string;
  user: EightByEightUser;
  assignment: { type: 'queue'; id: string };
  history?: { messages: Array<{ authorType: 'user' | 'bot'; text: string }> };
}

export interface ConversationDetails {
  id?: string;
  state?: string;
  user?: EightByEightUser;
}

export function eightByEightClient(options: EightByEightOptions, env: NodeJS.ProcessEnv) {
  const call = (path: string, request: JsonRequest, what: string): Promise<HttpAnswer> =>
    callHttp(
      `${options.baseUrl}${path}`,
      {
        ...request,
        headers: { 'x-api-key': resolveSecret(options.apiKey, env), 'x-8x8-tenant': options.tenant, accept: 'application/hal+json, application/json' },
      },
      platformRejected,
      `8x8 ${what}`,
    );
  const conversationPath = (conversationId: string) => `/conversations/${encodeURIComponent(conversationId)}`;

  return {
    async createConversation(conversation: NewConversation): Promise<string> {
      const answer = await call('/conversations', { method: 'POST', body: conversation }, 'create conversation');
      const conversationId = (answer.json as { conversationId?: string } | undefined)?.conversationId;
      if (!conversationId) throw platformRejected('8x8 create conversation: the answer has no conversationId');
      return conversationId;
    },

    async sendUserMessage(conversationId: string, text: string): Promise<void> {
      await call(`${conversationPath(conversationId)}/messages`, { method: 'POST', body: { authorType: 'user', text } }, 'send message');
    },

    /** The user's typing state, on `options.typingPath`: 8x8 publishes no path for it, so it is configurable. */
    async sendUserTyping(conversationId: string, typing: boolean): Promise<void> {
      const path = options.typingPath.replaceAll('{conversationId}', encodeURIComponent(conversationId));
      await call(path, { method: 'POST', body: { authorType: 'user', name: 'typing', value: typing } }, 'user typing');
    },

    async userLeaves(conversationId: string): Promise<void> {
      await call(`${conversationPath(conversationId)}/participants/user`, { method: 'PATCH', body: { removed: true } }, 'user leaves');
    },

    async conversation(conversationId: string): Promise<ConversationDetails> {
      const answer = await call(conversationPath(conversationId), { method: 'GET' }, 'get conversation');
      return (answer.json ?? {}) as ConversationDetails;
    },
  };
}
export type EightByEightClient = ReturnType<typeof eightByEightClient>;

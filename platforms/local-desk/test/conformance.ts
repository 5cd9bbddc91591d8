/**
 * The local desk in the conformance suite (test/conformance/suite.ts). It needs no simulator: the
 * stack runs the real desk, and its agent acts through the desk's own HTTP API.
 */
import { randomUUID } from 'node:crypto';
import type { ConformanceSubject, SimulatedChat } from '../../../test/conformance/subject';
import { multipartOf } from '../../../test/attachments/sample-files';
import type { HandoffStack } from '../../../test/support/stack';
import { signedDeskHeaders } from '../delivery-signature';
import { localDesk } from '../index';

const NEXT_AGENT = 'Alan';

interface DeskChat extends SimulatedChat {
  chatId: string;
  handoffId: string;
}

async function act(stack: HandoffStack, chatId: string, action: string, body: unknown = {}): Promise<void> {
  const answer = await stack.call('POST', `/desk/api/chats/${chatId}/${action}`, body);
  if (answer.status >= 300) throw new Error(`the desk answered ${answer.status} to ${action}: ${JSON.stringify(answer.body)}`);
}

function chatOn(stack: HandoffStack, chatId: string, handoffId: string): DeskChat {
  let typingShown = 0;
  stack.desk.feed.subscribe((change) => {
    if (change.type === 'user-typing' && change.chatId === chatId && change.typing) typingShown++;
  });
  const messages = () => stack.desk.store.messages(chatId).filter((m) => m.from === 'user');
  return {
    chatId,
    handoffId,
    agentAccepts: () => act(stack, chatId, 'accept'),
    agentSays: (text) => act(stack, chatId, 'messages', { text }),
    agentStartsTyping: () => act(stack, chatId, 'typing', { typing: true }),
    async agentSendsFile(file) {
      const response = await fetch(`${stack.deskUrl}/api/chats/${chatId}/attachments`, {
        method: 'POST',
        // The desk page's header, which a cross-site form cannot send.
        headers: { cookie: await stack.agentCookie(), 'x-desk-upload': '1' },
        body: multipartOf(file),
      });
      if (response.status !== 201) throw new Error(`the desk answered ${response.status} to the file: ${await response.text()}`);
    },
    async agentTransfers() {
      await stack.agentCookie(NEXT_AGENT);
      await act(stack, chatId, 'transfer', { agentName: NEXT_AGENT });
    },
    agentCloses: () => act(stack, chatId, 'close'),
    // The user's request that opened the chat is its first message; the suite counts from later ones.
    userMessages: () => messages().flatMap((m) => (m.attachment ? [] : [m.text])),
    userTypingShown: () => typingShown,
    userFiles: () => messages().flatMap((m) => (m.attachment ? [{ name: m.attachment.name, sha256: m.attachment.sha256! }] : [])),
    userLeft: () => stack.desk.store.chat(chatId)?.status === 'closed',
  };
}

export const conformance: ConformanceSubject<DeskChat> = {
  platform: localDesk,
  async start() {
    let stack: HandoffStack | undefined;
    const chats = new Map<string, DeskChat>();
    const on = () => {
      if (!stack) throw new Error('the local desk runs in the stack, which has not started');
      return stack;
    };
    return {
      profile: [],
      attach: async (started) => void (stack = started),
      stop: async () => undefined,
      chatOf(handoffId) {
        const chat = on().chatFor(handoffId);
        if (chat && !chats.has(handoffId)) chats.set(handoffId, chatOn(on(), chat.chatId, handoffId));
        return chats.get(handoffId);
      },
      agentMessageDelivery(chat, text, { forged = false, at = Date.now() } = {}) {
        const body = JSON.stringify({
          eventId: randomUUID(),
          chatId: chat.chatId,
          handoffId: chat.handoffId,
          at: new Date(at).toISOString(),
          type: 'agent.message',
          text,
          agentName: 'Grace',
        });
        return { path: '/v1/webhooks/local-desk', headers: signedDeskHeaders(forged ? 'not-the-desk-secret' : on().deskSecret, body, at), body };
      },
    };
  },
};

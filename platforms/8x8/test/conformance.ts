/** 8x8 Chat Gateway in the conformance suite (test/conformance/suite.ts). */
import { randomBytes } from 'node:crypto';
import type { ConformanceSubject, SimulatedChat } from '../../../test/conformance/subject';
import { eightByEight } from '../index';
import { EightByEightSimulator, type SimConversation } from './simulator';

const SETUP = {
  apiKey: 'eight-api-key-conformance',
  tenant: 'acme-tenant',
  customerId: 'acme-customer',
  channelId: 'ch-handoff',
  queueId: 'q-100',
  queueName: 'Support',
};
const AGENT = 'agent-grace';

interface EightByEightChat extends SimulatedChat {
  conversationId: string;
}

function chatOn(eight: EightByEightSimulator, conversation: SimConversation): EightByEightChat {
  const id = conversation.conversationId;
  return {
    conversationId: id,
    agentAccepts: () => eight.agentJoins(id, AGENT),
    agentSays: (text) => eight.agentSays(id, AGENT, text),
    agentStartsTyping: () => eight.agentTyping(id, AGENT),
    agentTransfers: () => {
      eight.agentTransfers(id, AGENT);
      eight.agentJoins(id, 'agent-second-line');
    },
    agentCloses: () => eight.agentEndsChat(id, AGENT),
    userMessages: () => conversation.userMessages,
    userTypingShown: () => conversation.userActivity.filter((entry) => entry === 'typing:true').length,
    userLeft: () => conversation.userRemoved,
  };
}

export const conformance: ConformanceSubject<EightByEightChat> = {
  platform: eightByEight,
  async start() {
    const eight = new EightByEightSimulator({ ...SETUP, algorithm: 'ES256' });
    // Claims 8x8's key id, signs with a key of its own.
    const forger = new EightByEightSimulator({ ...SETUP, algorithm: 'ES256', kid: eight.kid });
    const url = await eight.start();
    return {
      profile: [
        'platformOptions:',
        `  baseUrl: '${url}'`,
        "  apiKey: '${EIGHT_BY_EIGHT_API_KEY}'",
        `  tenant: ${SETUP.tenant}`,
        `  channelId: ${SETUP.channelId}`,
        `  queueId: ${SETUP.queueId}`,
      ],
      env: { EIGHT_BY_EIGHT_API_KEY: SETUP.apiKey },
      async attach(stack) {
        eight.webhookUrl = `${stack.apiUrl}/v1/webhooks/8x8`;
      },
      stop: () => eight.stop(),
      chatOf(handoffId) {
        const conversation = eight.conversations.find((c) => c.user.additionalProperties.some((p) => p.key === 'handoffId' && p.value === handoffId));
        return conversation && chatOn(eight, conversation);
      },
      agentMessageDelivery(chat, text, { forged = false, at = Date.now() } = {}) {
        const body = JSON.stringify({
          eventType: 'MESSAGE',
          conversationId: chat.conversationId,
          timestamp: at,
          data: { isEcho: false, sender: { type: 'agent', id: AGENT }, text },
        });
        const headers = (forged ? forger : eight).signedHeaders(body, randomBytes(16).toString('base64url'), 0, at);
        return { path: '/v1/webhooks/8x8', headers, body };
      },
    };
  },
};

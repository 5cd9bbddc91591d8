/**
 * ServiceNow Virtual Agent (Bot Integration API) in the conformance suite (test/conformance/suite.ts).
 * An agent accepts by greeting the user, and a transfer is another agent answering.
 */
import { randomUUID } from 'node:crypto';
import type { ConformanceSubject, SimulatedChat } from '../../../test/conformance/subject';
import { basic } from '../../../test/brokering/helpers';
import { sha256 } from '../../../test/support/sha256';
import { serviceNowPlatforms } from '../index';
import { ServiceNowVaSimulator, type VaConversation } from './bot-integration-simulator';

const INTEGRATION = { username: 'va.integration', password: 'va-password', token: 'ORANGE' };
const RESPONSE_AUTH = { username: 'sn.outbound', password: 'outbound-password', tokenHeader: 'x-sn-callback-token', token: 'callback-token-conformance' };
const BETH = { name: 'Beth Anglin', id: '46d44a5fa9fe198101d38b6a4d6e0b55' };
const FRED = { name: 'Fred Luddy', id: '5137153cc611227c000bbd1bd8cd2005' };

interface ServiceNowChat extends SimulatedChat {
  conversation: VaConversation;
}

function chatOn(va: ServiceNowVaSimulator, conversation: VaConversation): ServiceNowChat {
  return {
    conversation,
    greeting: 'Hi, Beth here',
    agentAccepts: () => va.agentSays(conversation, BETH, 'Hi, Beth here'),
    agentSays: (text) => va.agentSays(conversation, BETH, text),
    agentStartsTyping: () => va.agentTyping(conversation, true),
    agentSendsFile: (file) => void va.agentSendsFile(conversation, BETH, file),
    agentTransfers: () => va.agentSays(conversation, FRED, 'Hi, Fred from the second line here'),
    agentCloses: () => va.agentCloses(conversation),
    userMessages: () => conversation.userMessages.map((m) => m.text),
    userTypingShown: () => conversation.userActivity.filter((entry) => entry === 'typing').length,
    userFiles: () => conversation.userFiles.flatMap((file) => (file.bytes ? [{ name: file.fileName, sha256: sha256(file.bytes) }] : [])),
    userLeft: () => conversation.endedByClient,
  };
}

export const conformance: ConformanceSubject<ServiceNowChat> = {
  platform: serviceNowPlatforms.find((platform) => platform.modes.includes('broker'))!,
  async start() {
    const va = new ServiceNowVaSimulator({ ...INTEGRATION, responseAuth: RESPONSE_AUTH });
    const url = await va.start();
    return {
      profile: [
        'platformOptions:',
        `  instanceUrl: '${url}'`,
        '  botIntegration:',
        "    auth: { type: basic, username: '${SN_VA_USER}', password: '${SN_VA_PASSWORD}' }",
        "    token: '${SN_VA_TOKEN}'",
        '    webhook:',
        "      basic: { username: '${SN_HOOK_USER}', password: '${SN_HOOK_PASSWORD}' }",
        "      tokenHeader: { name: X-SN-Callback-Token, value: '${SN_HOOK_TOKEN}' }",
      ],
      env: {
        SN_VA_USER: INTEGRATION.username,
        SN_VA_PASSWORD: INTEGRATION.password,
        SN_VA_TOKEN: INTEGRATION.token,
        SN_HOOK_USER: RESPONSE_AUTH.username,
        SN_HOOK_PASSWORD: RESPONSE_AUTH.password,
        SN_HOOK_TOKEN: RESPONSE_AUTH.token,
      },
      attach: async (stack) => void (va.responseUrl = `${stack.apiUrl}/v1/webhooks/servicenow`),
      stop: () => va.stop(),
      chatOf(handoffId) {
        const conversation = va.conversationOf(handoffId);
        return conversation && chatOn(va, conversation);
      },
      // ServiceNow neither dates nor signs its responses: `at` has nothing to set.
      agentMessageDelivery({ conversation }, text, { forged = false } = {}) {
        const body = JSON.stringify({
          requestId: conversation.lastRequestId,
          clientSessionId: conversation.clientSessionId,
          userId: conversation.userId,
          agentChat: true,
          body: [
            {
              uiType: 'OutputText',
              value: text,
              messageId: randomUUID().replace(/-/g, ''),
              agentInfo: { sentFromAgent: true, agentName: BETH.name, agentId: BETH.id },
            },
          ],
          clientVariables: conversation.clientVariables,
        });
        const headers = {
          authorization: basic(RESPONSE_AUTH.username, RESPONSE_AUTH.password),
          [RESPONSE_AUTH.tokenHeader]: forged ? 'guessed' : RESPONSE_AUTH.token,
        };
        return { path: '/v1/webhooks/servicenow', headers, body };
      },
    };
  },
};

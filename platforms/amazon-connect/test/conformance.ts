/** Amazon Connect in the conformance suite (test/conformance/suite.ts): agent events come as SNS notifications of the chat stream. */
import { randomUUID } from 'node:crypto';
import type { ConformanceSubject, SimulatedChat } from '../../../test/conformance/subject';
import { amazonConnect } from '../index';
import type { AmazonConnectSimulator } from './simulator';
import { SnsSigner } from './sns-signer-simulator';
import { ConnectTestInstance } from './test-instance';

const AGENT = 'Grace';

interface ConnectChat extends SimulatedChat {
  contactId: string;
}

function chatOn(connect: AmazonConnectSimulator, contactId: string): ConnectChat {
  return {
    contactId,
    agentAccepts: () => connect.agentJoins(contactId, AGENT),
    agentSays: (text) => connect.agentSays(contactId, text, AGENT),
    agentStartsTyping: () => connect.agentTyping(contactId, AGENT),
    agentSendsFile: (file) => void connect.agentSendsFile(contactId, file, AGENT),
    agentTransfers: () => {
      connect.agentTransfers(contactId, 'Second line', { agentName: AGENT });
      connect.agentJoins(contactId, 'Linus');
    },
    agentCloses: () => connect.agentEndsChat(contactId, AGENT),
    userMessages: () => connect.customerMessages(contactId),
    userTypingShown: () => connect.customerActivity(contactId).filter((entry) => entry === 'typing').length,
    userFiles: () => connect.customerFiles(contactId).map((file) => ({ name: file.name, sha256: file.sha256! })),
    userLeft: () => !connect.contact(contactId).customer.connected,
  };
}

/** An agent's message as the chat stream's SNS topic notifies it, unsigned. */
function agentMessageNotification(topic: string, contactId: string, text: string, at: number) {
  const time = new Date(at).toISOString();
  return {
    Type: 'Notification' as const,
    MessageId: randomUUID(),
    TopicArn: topic,
    Message: JSON.stringify({
      Id: randomUUID(),
      Type: 'MESSAGE',
      ContentType: 'text/plain',
      Content: text,
      ParticipantRole: 'AGENT',
      DisplayName: AGENT,
      AbsoluteTime: time,
      ContactId: contactId,
      InitialContactId: contactId,
    }),
    Timestamp: time,
    MessageAttributes: {
      ContactId: { Type: 'String', Value: contactId },
      ParticipantRole: { Type: 'String', Value: 'AGENT' },
      MessageVisibility: { Type: 'String', Value: 'ALL' },
    },
  };
}

export const conformance: ConformanceSubject<ConnectChat> = {
  platform: amazonConnect,
  async start() {
    const instance = new ConnectTestInstance(30, 'handoff-conformance');
    const connect = instance.simulator;
    const forger = SnsSigner.create('sns.forger.local');
    await instance.start();
    return {
      profile: instance.platformOptions(),
      attach: async (stack) => void (await instance.subscribe(stack)),
      stop: () => instance.stop(),
      chatOf(handoffId) {
        const contact = connect.contacts.find((c) => c.attributes.handoffId === handoffId);
        return contact && chatOn(connect, contact.contactId);
      },
      agentMessageDelivery(chat, text, { forged = false, at = Date.now() } = {}) {
        const notification = agentMessageNotification(instance.topic, chat.contactId, text, at);
        const signed = (forged ? forger : connect.sns.signer).sign(notification, connect.sns.certificateUrl);
        return { path: '/v1/webhooks/amazon-connect', headers: { 'content-type': 'text/plain; charset=UTF-8' }, body: JSON.stringify(signed) };
      },
    };
  },
};

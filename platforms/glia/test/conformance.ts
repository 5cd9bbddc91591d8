/** Glia in the conformance suite (test/conformance/suite.ts): events come to the webhook each queue ticket registers, with its secret header. */
import { randomUUID } from 'node:crypto';
import type { ConformanceSubject, SimulatedChat } from '../../../test/conformance/subject';
import { glia as gliaPlatform } from '../index';
import { GliaSimulator, type GliaEngagement, type GliaQueueTicket } from './simulator';

const KEYS = { apiKeyId: 'key-id-conformance', apiKeySecret: 'key-secret-conformance' };
const OPERATOR = { id: 'operator-maya', name: 'Maya Operator' };

interface GliaChat extends SimulatedChat {
  ticket: GliaQueueTicket;
  engagement(): GliaEngagement;
}

function chatOn(glia: GliaSimulator, ticket: GliaQueueTicket): GliaChat {
  let engagement: GliaEngagement | undefined;
  const engaged = () => {
    if (!engagement) throw new Error(`no operator has accepted queue ticket ${ticket.id}`);
    return engagement;
  };
  return {
    ticket,
    engagement: engaged,
    agentAccepts: () => void (engagement = glia.accept(ticket, OPERATOR)),
    agentSays: (text) => glia.operatorSays(engaged(), text),
    agentTransfers: () => glia.transfer(engaged()),
    agentCloses: () => glia.operatorEnds(engaged()),
    userMessages: () => engagement?.visitorMessages.map((m) => m.content) ?? [],
    userLeft: () => ticket.state === 'cancelled' || (engagement?.endRequests.length ?? 0) > 0,
  };
}

export const conformance: ConformanceSubject<GliaChat> = {
  platform: gliaPlatform,
  async start() {
    const glia = new GliaSimulator({ ...KEYS, siteId: 'site-0001', queueId: 'queue-support' });
    const url = await glia.start();
    const chats = new Map<string, GliaChat>();
    return {
      profile: [
        'platformOptions:',
        `  baseUrl: '${url}'`,
        "  apiKeyId: '${GLIA_KEY_ID}'",
        "  apiKeySecret: '${GLIA_KEY_SECRET}'",
        '  siteId: site-0001',
        '  queueId: queue-support',
        "  webhook: { secret: '${GLIA_WEBHOOK_SECRET}' }",
      ],
      env: { GLIA_KEY_ID: KEYS.apiKeyId, GLIA_KEY_SECRET: KEYS.apiKeySecret, GLIA_WEBHOOK_SECRET: 'glia-webhook-secret-conformance' },
      stop: () => glia.stop(),
      chatOf(handoffId) {
        const ticket = glia.ticketOf(handoffId);
        if (ticket && !chats.has(handoffId)) chats.set(handoffId, chatOn(glia, ticket));
        return chats.get(handoffId);
      },
      agentMessageDelivery(chat, text, { forged = false, at = Date.now() } = {}) {
        const { url: webhookUrl, headers } = chat.ticket.webhooks[0]!;
        const target = new URL(webhookUrl);
        const dispatchedAt = new Date(at).toISOString();
        const body = JSON.stringify({
          event_type: 'engagement.chat.message',
          dispatched_at: dispatchedAt,
          message: {
            id: randomUUID(),
            content: text,
            engagement_id: chat.engagement().id,
            target: 'visitor',
            timestamp: dispatchedAt,
            sender: { type: 'operator', ...OPERATOR },
          },
        });
        return { path: `${target.pathname}${target.search}`, headers: forged ? { 'x-handoff-webhook-secret': 'guessed' } : headers, body };
      },
    };
  },
};

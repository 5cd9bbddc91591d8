import { definePlatform } from '../define';
import { gliaAvailability } from './availability';
import { gliaConnector } from './connector';
import { GliaOptionsSchema } from './options';
import { GliaTokens } from './token';
import { gliaWebhook } from './webhook';

// One operator token cache per process, for the connector and the availability probe alike.
const tokens = new GliaTokens();

export const glia = definePlatform({
  id: 'glia',
  name: 'Glia',
  modes: ['broker'],
  // Glia documents no visitor typing call (the connector skips typing) and its webhook carries none;
  // a transfer reaches the user as `agent.left`; chat messages are PUT by a uuid derived from the `messageId`.
  capabilities: { transfers: true, dropsRepeatedUserMessages: true },
  options: GliaOptionsSchema,
  connector: ({ publicUrl, env }) => gliaConnector({ publicUrl, env, tokens }),
  webhook: ({ env }) => gliaWebhook(env),
  availability: ({ env }) => gliaAvailability({ env, tokens }),
  docs: {
    configurationKeys:
      '`platformOptions.{baseUrl, apiKeyId, apiKeySecret, siteId, queueId, queueName, routeQueues, webhook.{headerName, secret}, endEngagementBody, queueStatusPath, queueStatusField}`',
    checkedAgainst: '`platforms/glia/test/simulator.ts` (docs excerpts; shapes marked unknown below are assumptions)',
    notes: `Glia: each queue ticket registers \`POST /v1/webhooks/glia?handoff=<id>&session=<key>\` with a secret
header (an HMAC of that handoff and session). Unverified against the real Glia API, hence
configurable or documented as assumptions: the end-engagement body (\`endEngagementBody\`, default
\`{ "status": "ended" }\`), the webhook envelope (\`event_type\`, \`engagement.operators\`,
\`message.sender\`), the engagement id read from \`GET /queue_tickets/{id}\` (\`engagement_id\`),
withdrawing a ticket with \`DELETE /queue_tickets/{id}\`, and the visitor's \`note\` carrying the last
utterance. User messages sent before an operator accepts wait (the send is retried) until the
engagement exists. Glia signs no webhook (its registered headers are static), so the secret header
proves the handoff and session but not the body. Each delivery must be dated (\`dispatched_at\`, else
\`message.timestamp\`; an assumption) within \`HANDOFF_WEBHOOK_EVENT_MAX_AGE\` (1 hour: Glia's retry
schedule is not published), and a delivery whose event id was accepted already is refused (401).
Availability: before a live agent is offered, Handoff reads the queue's status: \`opened\` is open (Glia gives no
agent count), \`closed\` is closed, \`full\` and \`unstaffed\` are open with 0 agents available, \`unknown\` (or a
failed or slow call: over 2 s) leaves availability unknown. Glia's SDK docs name these states but its REST docs do
not show the call: Handoff assumes \`GET /sites/{siteId}/queues/{queueId}\` answering \`{ "status": "opened" }\`;
\`queueStatusPath\` and \`queueStatusField\` (a dotted path) change both.`,
  },
});

import { definePlatform } from '../define';
import { gliaConnector } from './connector';
import { GliaOptionsSchema } from './options';
import { gliaWebhook } from './webhook';

export const glia = definePlatform({
  id: 'glia',
  modes: ['broker'],
  // Glia documents no visitor typing call (the connector skips typing) and its webhook carries none;
  // a transfer reaches the user as `agent.left`; chat messages are PUT by a uuid derived from the `messageId`.
  capabilities: { transfers: true, dropsRepeatedUserMessages: true },
  options: GliaOptionsSchema,
  connector: ({ publicUrl, env }) => gliaConnector({ publicUrl, env }),
  webhook: ({ env }) => gliaWebhook(env),
  docs: {
    configurationKeys: '`platformOptions.{baseUrl, apiKeyId, apiKeySecret, siteId, queueId, queueName, webhook.{headerName, secret}, endEngagementBody}`',
    checkedAgainst: '`platforms/glia/simulator.ts` (docs excerpts; shapes marked unknown below are assumptions)',
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
schedule is not published), and a delivery whose event id was accepted already is refused (401).`,
  },
});

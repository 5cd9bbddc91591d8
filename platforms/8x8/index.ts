import { definePlatform } from '../define';
import { eightByEightConnector } from './connector';
import { EightByEightOptionsSchema } from './options';
import { eightByEightWebhook } from './webhook';

export const eightByEight = definePlatform({
  id: '8x8',
  name: '8x8',
  modes: ['broker'],
  // The connector POSTs the user's typing; the webhook turns ACTIVITY typing into `agent.typing` and a
  // TRANSFER into `agent.transferred` (the session goes on). 8x8 takes no idempotency key for messages (the connector only
  // remembers what its own worker sent), so it does not drop repeated user messages.
  capabilities: { userTyping: true, agentTyping: true, transfers: true },
  options: EightByEightOptionsSchema,
  connector: ({ env }) => eightByEightConnector({ env }),
  webhook: ({ env, clock }) => eightByEightWebhook({ env, clock }),
  docs: {
    label: '`8x8` (Chat Gateway)',
    configurationKeys:
      '`platformOptions.{baseUrl, apiKey, tenant, channelId, queueId, routeQueues, maxEventAgeSeconds, typingPath}` (`typingPath`: where user typing is POSTed; 8x8 publishes none, default `/conversations/{conversationId}/activities`)',
    checkedAgainst:
      "8x8's published Chat Gateway OpenAPI and webhook docs; `platforms/8x8/test/simulator.ts` (`x-api-key`, detached JWS over the documented `{checksum, cid, eid, retry, tid, tt}` payload, ES256/RS256)",
    notes: `8x8: point the Chat API channel's webhook at \`POST /v1/webhooks/8x8\`; the API reads the handoff id
back from the conversation's \`user.additionalProperties\` (\`GET /conversations/{id}\`, same API key).
Freshness: the signed \`x-8x8-transmission-time\` is set anew at each retry, so a delivery older than
\`HANDOFF_WEBHOOK_MAX_AGE\` (and \`maxEventAgeSeconds\`) is refused, and one whose \`x-8x8-event-id\` was
accepted already is refused as replayed (401).
Transfers: a \`TRANSFER\` event becomes \`agent.transferred\` and the chat goes on (the agent's leaving that
follows does not end it); \`to\` is the event's \`data.queueName\`, else \`data.queueId\`, else
\`data.agentName\`, else "another queue": 8x8 documents the event but not its body.`,
  },
});

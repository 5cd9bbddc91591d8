import { definePlatform } from '../define';
import { serviceNowVaConnector } from './bot-integration';
import { serviceNowDeepLinkConnector } from './deep-link';
import { ServiceNowAwaOptionsSchema, ServiceNowConnectChatOptionsSchema, ServiceNowOptionsSchema } from './options';
import { serviceNowWebhook } from './webhook';

/** ServiceNow's Virtual Agent: its web client deep link (url) on all three, its Bot Integration API (broker) on `servicenow`. */
export const serviceNowPlatforms = [
  definePlatform({
    id: 'servicenow',
    name: 'ServiceNow',
    modes: ['url', 'broker'],
    // Agent-to-agent transfers: each agent joins under its own event id, so the new agent's join reaches the user.
    // Files by URL in broker mode: ServiceNow fetches the user's from a signed link of Handoff's.
    capabilities: { userTyping: true, agentTyping: true, transfers: true, attachments: true },
    options: ServiceNowOptionsSchema,
    // The deep link's keys shape the web client's URL; the Bot Integration API reads only `botIntegration`.
    optionModes: {
      liveAgentOnly: ['url'],
      shortDescription: ['url'],
      queue: ['url'],
      application: ['url'],
      portal: ['url'],
      brandingKey: ['url'],
      skipLoadHistory: ['url'],
      language: ['url'],
      vaContext: ['url'],
      maxUrlLength: ['url'],
      botIntegration: ['broker'],
    },
    connector: ({ env }) => ({ url: serviceNowDeepLinkConnector(), broker: serviceNowVaConnector(env) }),
    webhook: serviceNowWebhook,
    docs: [
      {
        label: '`servicenow`, url (Virtual Agent web client deep link)',
        modes: ['url'],
        configurationKeys:
          '`platformOptions.{instanceUrl, liveAgentOnly, shortDescription, queue, application, portal, brandingKey, skipLoadHistory, language, vaContext, maxUrlLength}`',
        checkedAgainst:
          'official docs (`/$sn-va-web-client-app.do`, `sysparm_live_agent_only`, `sysparm_search_text`, `sysparm_short_description`, `sysparm_branding_key`, `sysparm_skip_load_history`, `sysparm_<x>` → `vaContext.<x>`); `sysparm_liveagent_queue` / `_application` from public portal code only',
      },
      {
        label: '`servicenow`, broker (Virtual Agent Bot Integration API)',
        modes: ['broker'],
        configurationKeys:
          '`platformOptions.instanceUrl`, `platformOptions.botIntegration.{auth, token, path, contextVariables, queueName, botName, timezone, webhook.{basic, tokenHeader}}`',
        checkedAgainst: '`platforms/servicenow/test/bot-integration-simulator.ts` (the documented request and response bodies, `message.attachment` by URL)',
        notes: `ServiceNow broker mode: the instance admin points the Virtual Agent's response endpoint (an
outbound REST message) at \`POST /v1/webhooks/servicenow\` with the Basic credentials and/or the
token header named in \`botIntegration.webhook\`; \`clientVariables.handoffId\` routes each callback.
ServiceNow neither signs nor dates these callbacks (static credentials only), so no freshness window
applies: each event is dated when it arrives, never by the body, and a callback whose event ids were
accepted already (an agent message's \`messageId\`) is refused as replayed (401 \`webhook_replayed\`).
Keep the endpoint on HTTPS and rotate the webhook credentials if one may have leaked.
Attachments: a user's file of a documented type (pdf, msword, png, jpeg, text/plain, video/mpeg) goes as
\`message.attachment[{ url, contentType, fileName }]\` with a signed download link of Handoff's valid 1 hour,
which the instance fetches and virus-scans: add Handoff's public host to the provider's trusted domains
(\`sys_cs_provider\`); other types reach the agent as a message with the link (valid 7 days). An agent's file
(an \`OutputImage\`, or an item with \`itemType\` File/Image) is fetched from the instance with the integration's
credentials; a file URL on another host is refused (a webhook never sends the worker elsewhere).`,
      },
    ],
  }),
  definePlatform({
    id: 'servicenow-connect-chat',
    name: 'ServiceNow',
    modes: ['url'],
    options: ServiceNowConnectChatOptionsSchema,
    connector: () => ({ url: serviceNowDeepLinkConnector() }),
    docs: {
      configurationKeys: 'as `servicenow` url; `queue` is required',
      checkedAgainst: "the same deep link (official docs); the preset's own defaults are not documented anywhere (unknown): only its queue is made required",
    },
  }),
  definePlatform({
    id: 'servicenow-awa',
    name: 'ServiceNow',
    modes: ['url'],
    options: ServiceNowAwaOptionsSchema,
    connector: () => ({ url: serviceNowDeepLinkConnector() }),
    docs: {
      configurationKeys: 'as `servicenow` url',
      checkedAgainst: "the same deep link (official docs); the preset's own defaults are not documented anywhere (unknown)",
    },
  }),
];

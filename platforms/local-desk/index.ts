import { definePlatform } from '../define';
import { localDeskConnector } from './connector';
import { LocalDeskOptionsSchema } from './options';
import { localDeskWebhook } from './webhook';

export const localDesk = definePlatform({
  id: 'local-desk',
  modes: ['url', 'api', 'broker'],
  capabilities: { userTyping: true, agentTyping: true, dropsRepeatedUserMessages: true },
  options: LocalDeskOptionsSchema,
  // A url handoff sends the user to the desk's chat page, which starts its own chat.
  optionModes: { queue: ['api', 'broker'] },
  connector: ({ localDesk }) => localDeskConnector(localDesk),
  webhook: ({ localDesk }) => localDeskWebhook(localDesk.secret),
  docs: {
    label: '`local-desk` (built in)',
    configurationKeys: '`platformOptions.queue`',
    checkedAgainst: 'this repository (`desk/`)',
    notes: `Local desk: the desk signs each delivery to \`POST /v1/webhooks/local-desk\` at each attempt with
\`X-Desk-Timestamp\` (unix seconds) and \`X-Desk-Signature\` (hex HMAC-SHA256 of \`<timestamp>.<raw body>\`
keyed by \`LOCAL_DESK_SECRET\`); a delivery older than \`HANDOFF_WEBHOOK_MAX_AGE\` (5 minutes) or one whose
\`eventId\` was accepted already is refused (401 \`webhook_stale\` / \`webhook_replayed\`; the desk's outbox
takes \`webhook_replayed\` as delivered).`,
  },
});

import { definePlatform } from '../define';
import { localDeskAvailability } from './availability';
import { localDeskCallbacks } from './callbacks';
import { localDeskConnector } from './connector';
import { LocalDeskOptionsSchema } from './options';
import { localDeskWebhook } from './webhook';

export const localDesk = definePlatform({
  id: 'local-desk',
  modes: ['url', 'api', 'broker'],
  // The desk pushes the user's place and wait as `queue.updated` whenever its queue moves: nothing to poll.
  capabilities: { userTyping: true, agentTyping: true, attachments: true, dropsRepeatedUserMessages: true, transfers: true },
  options: LocalDeskOptionsSchema,
  // A url handoff sends the user to the desk's chat page, which starts its own chat.
  optionModes: { queue: ['api', 'broker'] },
  connector: ({ localDesk }) => localDeskConnector(localDesk),
  webhook: ({ localDesk }) => localDeskWebhook(localDesk.secret),
  availability: ({ localDesk }) => localDeskAvailability(localDesk),
  callbacks: ({ localDesk }) => localDeskCallbacks(localDesk),
  docs: {
    label: '`local-desk` (built in)',
    configurationKeys: '`platformOptions.queue`',
    checkedAgainst: 'this repository (`desk/`)',
    notes: `Local desk: an agent's message (\`POST /desk/api/chats/{chatId}/messages { text }\`) has at most 10,000
characters (a longer one is answered 400), the length Handoff relays from a platform to the bot; a user's
message through the bot has at most 4,000. The desk signs each delivery to \`POST /v1/webhooks/local-desk\`
at each attempt with \`X-Desk-Timestamp\` (unix seconds) and \`X-Desk-Signature\` (hex HMAC-SHA256 of
\`<timestamp>.<raw body>\` keyed by \`LOCAL_DESK_SECRET\`); a delivery older than \`HANDOFF_WEBHOOK_MAX_AGE\`
(5 minutes) or one whose \`eventId\` was accepted already is refused (401 \`webhook_stale\` /
\`webhook_replayed\`; the desk's outbox takes \`webhook_replayed\` as delivered).

A url handoff links the user to the desk's chat page (\`/desk/chat?handoff=&ticket=&grant=&…\`), which
starts a chat of its own there; \`grant\` signs the handoff and ticket (an HMAC keyed from \`LOCAL_DESK_SECRET\`),
and the page's \`POST /desk/api/visitor/chats\` may name them only with it (403 \`chat_page_grant_invalid\`
otherwise), so a visitor cannot have a chat noted on another user's ticket.

Files: a user's file reaches the desk as a reference with Handoff's signed link (7 days), shown as a preview
(images) and a download. The agent attaches a file with \`POST /desk/api/chats/{chatId}/attachments\`
(multipart, one \`file\` part; the desk's page sends \`X-Desk-Upload\`, which a multipart call must carry),
held to the rules of a user's file in the chat's profile (\`attachments.maxBytes\` and \`attachments.types\`,
the type told from the bytes; 413 or 415 otherwise, and nothing reaches the bot); the desk keeps it under its data folder (\`desk-files/\`, 0600) and sends an \`agent.attachment\`
event with a link it signed (\`GET /desk/files/{id}?…&token=\`, 24 hours), from which the worker fetches the
file into Handoff's store.

Availability: the probe asks \`GET /desk/api/integration/availability?queue=<platformOptions.queue>\` (desk
secret): \`agentsAvailable\` counts agents with an unexpired desk session whose presence is \`available\` (the
switch in the desk's header; a sign-in sets it, \`away\` or signing out takes the agent out), \`contactsInQueue\`
the chats waiting in that queue, and \`estimatedWaitSeconds\` the median of the queue's last 20 waits (queued
to accepted) times the place a new chat would take (absent before the queue has any). Whenever a queue moves
(a chat created, accepted, closed, transferred, or ended), every chat still waiting whose place or estimate
changed gets a \`queue.updated\` event (\`eventId\` \`<chatId>/queue/<n>\`). The agent who holds a chat (or a
supervisor; SECURITY.md, "Who may write what on the desk") transfers it with
\`POST /desk/api/chats/{chatId}/transfer { queue }\` (it waits in that queue again) or \`{ agentName }\` (it
moves to that agent); Handoff hears \`agent.transferred\` and the session goes on. A \`callback\` fallback
lands in the desk's callback list (\`POST /desk/api/integration/callbacks\`, once per handoff chain; the
"Callbacks" tab), and a survey's rating is shown as stars on the closed chat
(\`POST /desk/api/integration/chats/{chatId}/rating\`).`,
  },
});

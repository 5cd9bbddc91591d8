import { definePlatform } from '../define';
import { amazonConnectAvailability } from './availability';
import { amazonConnectConnector } from './connector';
import { AmazonConnectOptionsSchema } from './options';
import { amazonConnectWebhook } from './webhook';

export const amazonConnect = definePlatform({
  id: 'amazon-connect',
  name: 'Amazon Connect',
  modes: ['broker'],
  // Typing goes both ways (SendEvent; streamed typing events); transfer.succeeded|failed events become
  // agent.transferred; GetContactMetrics tells the place and wait while queued. Connect drops a repeated
  // SendMessage by its ClientToken, whichever worker sends it. Files go both ways through Connect's
  // attachment API (StartAttachmentUpload → PUT → CompleteAttachmentUpload; GetAttachment).
  capabilities: { userTyping: true, agentTyping: true, transfers: true, attachments: true, queueStatus: true, dropsRepeatedUserMessages: true },
  options: AmazonConnectOptionsSchema,
  connector: () => amazonConnectConnector(),
  webhook: () => amazonConnectWebhook(),
  availability: () => amazonConnectAvailability(),
  docs: {
    configurationKeys:
      '`platformOptions.{region, instanceId, contactFlowId, streamingTopicArn, queueId, hoursOfOperationId, routeQueues, customerDisplayName, signingCertificateHost, allowHttpSigningCertificate, endpoints.{connect, participant}}`',
    checkedAgainst:
      'official AWS SDK v3 clients and API reference; `platforms/amazon-connect/test/simulator.ts` + `sns-topic-simulator.ts` (SigV4, `X-Amz-Bearer`, `ClientToken`, SNS signatures v1/v2, the three-step attachment upload and `GetAttachment`, `GetCurrentMetricData`, `GetEffectiveHoursOfOperations`, `GetContactMetrics`)',
    notes: `Amazon Connect: AWS credentials come from the standard AWS provider chain (environment, shared
config, web identity or instance/container role), in the worker (\`connect:StartChatContact\`,
\`connect:StartContactStreaming\`, \`connect:StopContact\`) and in the API (\`connect:GetContactAttributes\`,
which maps a streamed ContactId back to the \`handoffId\` contact attribute). Subscribe
\`POST /v1/webhooks/amazon-connect\` (HTTPS) to \`streamingTopicArn\`; Handoff confirms the subscription
itself. The participant and connection tokens are kept only in the worker's memory, never in workflow
history; another worker re-derives them by replaying the idempotent \`StartChatContact\` (same
\`ClientToken\`) and renews the connection token 15 minutes before its \`Expiry\`.
Before fetching a signing certificate the webhook checks the topic, the message's \`Timestamp\` (SNS keeps
it through its retries, which last at most an hour: \`HANDOFF_WEBHOOK_EVENT_MAX_AGE\`, 1 hour) and the
certificate URL (https on \`sns.<the topic's region>.amazonaws.com\`, or \`signingCertificateHost\`); a
message whose \`Id\` was accepted already is refused as replayed (401; SNS does not retry a 4xx).
Attachments (\`attachments\` enabled on the instance and the chat's contact flow): a user's file goes through
\`StartAttachmentUpload\` → PUT to the presigned URL → \`CompleteAttachmentUpload\`, with ClientTokens derived from
the file's hash, so a retry is the same upload; a type outside Connect's documented list (csv, doc(x), heic, jpg,
mov, mp4, pdf, png, ppt(x), rtf, txt, wav, xls(x); e.g. gif, webp) or a file over 20 MB reaches the agent as a
message with a signed download link of Handoff's (valid 7 days). An agent's file (an APPROVED \`ATTACHMENT\`
item) is fetched with \`GetAttachment\` and its presigned URL and kept in Handoff's attachment store.
Availability (before a live agent is offered): with \`queueId\`, \`GetCurrentMetricData\` for that queue's chat
channel gives \`agentsAvailable\` (AGENTS_AVAILABLE), \`contactsInQueue\` and, while chats wait, \`estimatedWaitSeconds\`
from OLDEST_CONTACT_AGE (how long the oldest waiting chat has waited: Connect keeps no per-queue wait forecast in
this call); a queue Connect returns no figures for counts as 0. With \`hoursOfOperationId\`,
\`GetEffectiveHoursOfOperations\` (today to a week ahead, overrides applied, read in the time zone its answer names)
says whether Connect's own hours are open and when they next open; a slice ending at or before its start runs past
midnight. Permissions: \`connect:GetCurrentMetricData\` and \`connect:GetEffectiveHoursOfOperations\` (API and worker).
A call that fails or takes over 2 s leaves availability unknown. While the user is queued the worker polls
\`GetContactMetrics\` (POSITION_IN_QUEUE, ESTIMATED_WAIT_TIME; \`connect:GetContactMetrics\`); a refusal other than a
missing permission means the contact is no longer queued. Transfers: \`…event.transfer.succeeded\` and
\`…transfer.failed\` reach the bot as \`agent.transferred\` (\`failed: true\` for the second) and the session goes on;
Connect documents no content for these events, so the destination is read from a queue or agent name in the event's
JSON \`Content\` or message attributes when there is one, else "another queue".`,
  },
});

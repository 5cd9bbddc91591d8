import { definePlatform } from '../define';
import { amazonConnectConnector } from './connector';
import { AmazonConnectOptionsSchema } from './options';
import { amazonConnectWebhook } from './webhook';

export const amazonConnect = definePlatform({
  id: 'amazon-connect',
  modes: ['broker'],
  // Typing goes both ways (SendEvent; streamed typing events); a transfer reaches the user as a queue update;
  // Connect drops a repeated SendMessage by its ClientToken, whichever worker sends it.
  capabilities: { userTyping: true, agentTyping: true, transfers: true, dropsRepeatedUserMessages: true },
  options: AmazonConnectOptionsSchema,
  connector: () => amazonConnectConnector(),
  webhook: () => amazonConnectWebhook(),
  docs: {
    configurationKeys:
      '`platformOptions.{region, instanceId, contactFlowId, streamingTopicArn, customerDisplayName, signingCertificateHost, allowHttpSigningCertificate, endpoints.{connect, participant}}`',
    checkedAgainst:
      'official AWS SDK v3 clients and API reference; `platforms/amazon-connect/simulator.ts` + `sns-topic-simulator.ts` (SigV4, `X-Amz-Bearer`, `ClientToken`, SNS signatures v1/v2)',
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
message whose \`Id\` was accepted already is refused as replayed (401; SNS does not retry a 4xx).`,
  },
});

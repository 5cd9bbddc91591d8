import { z } from 'zod';
import { RouteQueuesSchema } from '../shared/route-target';

/** Hosts that serve the certificates SNS signs with; production keeps this pattern. */
export const AWS_SNS_HOST_PATTERN = '^sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$';

const RegexSourceSchema = z
  .string()
  .min(1)
  .max(500)
  .refine((source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression');

export const AmazonConnectOptionsSchema = z
  .object({
    /** AWS region of the Amazon Connect instance, e.g. "eu-west-2". */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as eu-west-2'),
    instanceId: z.string().min(1).max(100),
    /** The inbound contact flow that queues the chat. */
    contactFlowId: z.string().min(1).max(500),
    /** The standard SNS topic that `StartContactStreaming` publishes to; Handoff's webhook is subscribed to it. */
    streamingTopicArn: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'must be an SNS topic ARN'),
    /**
     * The queue the contact flow puts chats in: the availability probe reads its figures
     * (`GetCurrentMetricData`, chat channel). Without it Connect's agents are not counted.
     */
    queueId: z.string().min(1).max(500).optional(),
    /**
     * The hours of operation of that queue: the probe asks `GetEffectiveHoursOfOperations` (overrides and
     * holidays applied) whether they are open now and when they next open. Without it only the profile's `hours` count.
     */
    hoursOfOperationId: z.string().min(1).max(500).optional(),
    /**
     * A profile's route queue names to Connect queue ids or ARNs, sent as the `routeQueue` contact
     * attribute (the flow's "Set working queue" reads it); a name not listed is sent as it is. @default {}
     */
    routeQueues: RouteQueuesSchema,
    /** Name the agent sees when the user has none. @default "Customer" */
    customerDisplayName: z.string().min(1).max(256).default('Customer'),
    /** Regex over the host of SNS `SigningCertURL` and `SubscribeURL`. @default the AWS SNS host pattern */
    signingCertificateHost: RegexSourceSchema.default(AWS_SNS_HOST_PATTERN),
    /** Also accept `http://` certificate and subscribe URLs: only for a local test signer. @default false */
    allowHttpSigningCertificate: z.boolean().default(false),
    /** Endpoint overrides (VPC endpoints, simulators); unset means the region's AWS endpoints. */
    endpoints: z
      .object({ connect: z.url({ protocol: /^https?$/ }), participant: z.url({ protocol: /^https?$/ }) })
      .partial()
      .strict()
      .optional(),
  })
  .strict();
export type AmazonConnectOptions = z.infer<typeof AmazonConnectOptionsSchema>;

/**
 * `POST /v1/webhooks/amazon-connect`: the HTTPS subscription of the SNS topic that Amazon Connect
 * streams chats to. Every message must come from a topic a profile names, be dated (`Timestamp`,
 * checked by the pipeline's event window before anything is fetched: SNS keeps a message's
 * `Timestamp` through its retries, which last at most an hour) and be signed by SNS (v1 or v2) with
 * a certificate whose URL is on an allowed host (by default only `sns.<the topic's region>.amazonaws.com`,
 * https), checked before the certificate is fetched; subscription confirmations are confirmed by
 * fetching `SubscribeURL`; a notification's transcript item becomes at most one `AgentEvent` (an
 * attachment item one per file), whose `eventId` is the item's `Id`, so SNS redeliveries are dropped by the workflow. The
 * handoff is found from the contact (`GetContactAttributes`, see `locator.ts`).
 */
import { z } from 'zod';
import { ApiError, UnauthorizedError, ValidationError } from '../../lib/api-errors';
import { parseOrThrow } from '../../lib/validate';
import { WebhookSignatureError } from '../../lib/webhook-signature-error';
import type { WebhookAdapter, WebhookContext, WebhookDelivery } from '../webhook';
import { AmazonConnectClientPool } from './clients';
import { attributeValues, initialContactOf, toAgentEvents, TranscriptItemSchema } from './events';
import { ContactHandoffLocator } from './locator';
import { AWS_SNS_HOST_PATTERN, type AmazonConnectOptions } from './options';
import { isAllowedSnsUrl, SnsSignatureVerifier, type SignedSnsMessage, type SnsHostPolicy } from './sns-signature';

export const SnsEnvelopeSchema = z.object({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  MessageId: z.string().min(1).max(200),
  TopicArn: z.string().min(1).max(300),
  Message: z.string().max(300_000),
  Timestamp: z.string().min(1).max(50),
  Subject: z.string().max(100).optional(),
  SubscribeURL: z.string().max(4_000).optional(),
  Token: z.string().max(4_000).optional(),
  SignatureVersion: z.string().max(10).optional(),
  Signature: z.string().max(10_000).optional(),
  SigningCertURL: z.string().max(2_000).optional(),
  MessageAttributes: z.record(z.string(), z.object({ Type: z.string(), Value: z.string() })).optional(),
});
type SnsEnvelope = z.infer<typeof SnsEnvelopeSchema>;

/** A message SNS signed, with the instances streaming to its topic and the certificate host policy it was checked with. */
export interface VerifiedSnsMessage {
  envelope: SnsEnvelope;
  instances: AmazonConnectOptions[];
  policy: SnsHostPolicy;
}

/** `pool` holds the AWS clients that `GetContactAttributes` is called with. */
export function amazonConnectWebhook(pool = new AmazonConnectClientPool()): WebhookAdapter<AmazonConnectOptions, VerifiedSnsMessage> {
  const verifier = new SnsSignatureVerifier();
  const locator = new ContactHandoffLocator(pool);

  const authenticate = async (envelope: SnsEnvelope, context: WebhookContext<AmazonConnectOptions>): Promise<VerifiedSnsMessage> => {
    const [first, ...rest] = context.profiles.map((profile) => profile.options).filter((options) => options.streamingTopicArn === envelope.TopicArn);
    if (!first) throw new WebhookSignatureError(`no amazon-connect profile streams to topic ${envelope.TopicArn}`);
    const { SignatureVersion, Signature, SigningCertURL } = envelope;
    if (!SignatureVersion || !Signature || !SigningCertURL) throw new WebhookSignatureError('the SNS message is not signed');
    const policy = policyOf(first, envelope.TopicArn);
    await verifier.verify({ ...envelope, SignatureVersion, Signature, SigningCertURL } as SignedSnsMessage, policy);
    return { envelope, instances: [first, ...rest], policy };
  };

  return {
    summary: 'Amazon Connect chat streaming through SNS (signature v1/v2 verified; body sent as text/plain)',
    signatureName: 'SNS',
    bodySchema: SnsEnvelopeSchema,
    plainTextBody: true,
    dating: {
      dates: 'event',
      sentAt(delivery) {
        // A body that is no SNS message is a 400, whatever its date.
        const ms = Date.parse(parseOrThrow(SnsEnvelopeSchema, bodyOf(delivery) ?? {}, 'SNS message').Timestamp);
        return Number.isNaN(ms) ? undefined : ms;
      },
    },
    async verify(delivery, context) {
      return authenticate(parseOrThrow(SnsEnvelopeSchema, bodyOf(delivery) ?? {}, 'SNS message'), context);
    },
    async parse(_delivery, { envelope, policy }, context) {
      if (envelope.Type === 'SubscriptionConfirmation') {
        await confirmSubscription(envelope, policy);
        context.log('amazon-connect: SNS subscription confirmed', { topicArn: envelope.TopicArn });
        return { answer: { status: 200, body: { status: 'subscribed' } } };
      }
      if (envelope.Type === 'UnsubscribeConfirmation') {
        context.log('amazon-connect: SNS subscription ended', { topicArn: envelope.TopicArn });
        return { ignored: 'unsubscribed' };
      }
      const item = parseOrThrow(TranscriptItemSchema, parseJson(envelope.Message, 'Message'), 'transcript item in Message');
      const attributes = attributeValues(envelope.MessageAttributes);
      const contactId = initialContactOf(item, attributes);
      if (!contactId) throw new ValidationError('the notification names no contact', [{ path: 'MessageAttributes.ContactId', message: 'required' }]);
      const mapped = toAgentEvents(item, attributes, { eventId: item.Id, sessionKey: contactId, at: isoOr(item.AbsoluteTime, envelope.Timestamp) });
      if ('skipped' in mapped) return { ignored: mapped.skipped };
      return { events: mapped, sessionKey: contactId };
    },
    locate: (contactId, { instances }) => locator.handoffOf(contactId, instances),
  };
}

/** SNS posts JSON as text/plain; a test may post it as JSON. */
function bodyOf(delivery: WebhookDelivery): unknown {
  return typeof delivery.body === 'string' ? parseJson(delivery.body) : delivery.body;
}

/**
 * Where the topic's certificates may come from: with the default pattern, only the SNS host of the
 * topic's own region (a message signed in another region is no message of this topic); a
 * configured pattern (a VPC endpoint, a test signer) as it is written.
 */
function policyOf(options: AmazonConnectOptions, topicArn: string): SnsHostPolicy {
  const region = topicArn.split(':')[3] ?? '';
  const hostPattern =
    options.signingCertificateHost === AWS_SNS_HOST_PATTERN && /^[a-z0-9-]+$/.test(region)
      ? new RegExp(`^sns\\.${region}\\.amazonaws\\.com(\\.cn)?$`)
      : new RegExp(options.signingCertificateHost);
  return { hostPattern, allowHttp: options.allowHttpSigningCertificate };
}

/** Confirms an SNS subscription the way SNS asks: a GET of the signed `SubscribeURL`. */
async function confirmSubscription(envelope: SnsEnvelope, policy: SnsHostPolicy): Promise<void> {
  const url = envelope.SubscribeURL;
  if (!url || !isAllowedSnsUrl(url, policy)) throw new UnauthorizedError('SubscribeURL is not on an allowed SNS host');
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new ApiError(502, 'subscription_not_confirmed', `SNS did not answer the confirmation: ${(error as Error).message}`);
  }
  if (!response.ok) throw new ApiError(502, 'subscription_not_confirmed', `SNS answered the confirmation with HTTP ${response.status}`);
}

function parseJson(text: string, what = 'body'): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'malformed_json', `the ${what} is not valid JSON`);
  }
}

function isoOr(...candidates: Array<string | undefined>): string {
  for (const candidate of candidates) {
    const ms = candidate ? Date.parse(candidate) : Number.NaN;
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  return new Date().toISOString();
}

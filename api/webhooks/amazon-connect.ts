/**
 * `POST /v1/webhooks/amazon-connect`: the HTTPS subscription of the SNS topic that Amazon Connect
 * streams chats to. Every message must be signed by SNS (v1 or v2) with a certificate from an
 * allowed host and come from a topic a profile names; subscription confirmations are confirmed by
 * fetching `SubscribeURL`; a notification's transcript item becomes at most one `AgentEvent`,
 * whose `eventId` is the item's `Id`, so SNS redeliveries are dropped by the workflow.
 */
import express, { Router } from 'express';
import { z } from 'zod';
import type { AmazonConnectOptions } from '../../config/platforms/amazon-connect';
import { AmazonConnectClientPool } from '../../connectors/amazon-connect-clients';
import { ApiError, UnauthorizedError, UnavailableError, ValidationError } from '../errors';
import { keepRawBody } from '../raw-body';
import { handle, parseOrThrow } from '../validate';
import { attributeValues, initialContactOf, toAgentEvent, TranscriptItemSchema } from './amazon-connect-events';
import { ContactHandoffLocator } from './amazon-connect-locator';
import { HandoffLookupError } from './handoff-lookup-error';
import { WebhookSignatureError } from './signature-error';
import { CertificateUnavailableError, isAllowedSnsUrl, SnsSignatureVerifier, type SignedSnsMessage, type SnsHostPolicy } from './sns-signature';
import { profileOfHandoff, type WebhookDeps } from './webhook-deps';

export const AMAZON_CONNECT_WEBHOOK_PATH = '/v1/webhooks/amazon-connect';

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

export function amazonConnectWebhook(deps: WebhookDeps, pool = new AmazonConnectClientPool()): Router {
  const verifier = new SnsSignatureVerifier();
  const locator = new ContactHandoffLocator(pool);
  const instancesOf = (topicArn: string): AmazonConnectOptions[] =>
    [...deps.config.profiles.values()]
      .filter((profile) => profile.platform === 'amazon-connect')
      .map((profile) => profile.platformOptions as AmazonConnectOptions)
      .filter((options) => options.streamingTopicArn === topicArn);
  const policyOf = (options: AmazonConnectOptions): SnsHostPolicy => ({
    hostPattern: new RegExp(options.signingCertificateHost),
    allowHttp: options.allowHttpSigningCertificate,
  });

  const authenticate = async (envelope: SnsEnvelope): Promise<{ instances: AmazonConnectOptions[]; policy: SnsHostPolicy }> => {
    try {
      const [first, ...rest] = instancesOf(envelope.TopicArn);
      if (!first) throw new WebhookSignatureError(`no amazon-connect profile streams to topic ${envelope.TopicArn}`);
      const { SignatureVersion, Signature, SigningCertURL } = envelope;
      if (!SignatureVersion || !Signature || !SigningCertURL) throw new WebhookSignatureError('the SNS message is not signed');
      const policy = policyOf(first);
      await verifier.verify({ ...envelope, SignatureVersion, Signature, SigningCertURL } as SignedSnsMessage, policy);
      return { instances: [first, ...rest], policy };
    } catch (error) {
      if (error instanceof WebhookSignatureError) {
        deps.log('amazon-connect webhook refused', { reason: error.message, messageId: envelope.MessageId });
        throw new UnauthorizedError(`SNS signature refused: ${error.message}`);
      }
      if (error instanceof CertificateUnavailableError) throw new UnavailableError(error.message, 'certificate_unavailable');
      throw error;
    }
  };

  const router = Router();
  // SNS posts its JSON as text/plain, which the app's JSON parser leaves alone.
  router.post(
    AMAZON_CONNECT_WEBHOOK_PATH,
    express.text({ type: 'text/plain', limit: '300kb', verify: keepRawBody }),
    handle(async (req, res) => {
      const envelope = parseOrThrow(SnsEnvelopeSchema, typeof req.body === 'string' ? parseJson(req.body) : (req.body ?? {}), 'SNS message');
      const { instances, policy } = await authenticate(envelope);
      if (envelope.Type === 'SubscriptionConfirmation') {
        await confirmSubscription(envelope, policy);
        deps.log('amazon-connect: SNS subscription confirmed', { topicArn: envelope.TopicArn });
        res.status(200).json({ status: 'subscribed' });
        return;
      }
      if (envelope.Type === 'UnsubscribeConfirmation') {
        deps.log('amazon-connect: SNS subscription ended', { topicArn: envelope.TopicArn });
        res.status(202).json({ status: 'ignored', reason: 'unsubscribed' });
        return;
      }
      const item = parseOrThrow(TranscriptItemSchema, parseJson(envelope.Message, 'Message'), 'transcript item in Message');
      const attributes = attributeValues(envelope.MessageAttributes);
      const contactId = initialContactOf(item, attributes);
      if (!contactId) throw new ValidationError('the notification names no contact', [{ path: 'MessageAttributes.ContactId', message: 'required' }]);
      const mapped = toAgentEvent(item, attributes, { eventId: item.Id, sessionKey: contactId, at: isoOr(item.AbsoluteTime, envelope.Timestamp) });
      if ('skipped' in mapped) {
        res.status(202).json({ status: 'ignored', reason: mapped.skipped });
        return;
      }
      let handoffId: string | undefined;
      try {
        handoffId = await locator.handoffOf(contactId, instances);
      } catch (error) {
        if (!(error instanceof HandoffLookupError)) throw error;
        deps.log('amazon-connect webhook could not find its handoff', { contactId, reason: error.message });
        throw new UnavailableError('cannot tell which handoff this contact belongs to yet; redeliver', 'platform_unavailable');
      }
      if (!handoffId || !profileOfHandoff(deps.config, handoffId, 'amazon-connect')) {
        deps.log('amazon-connect event for a contact Handoff did not start', { contactId, itemId: item.Id });
        res.status(202).json({ status: 'ignored', reason: 'not a Handoff contact' });
        return;
      }
      const outcome = await deps.service.deliverAgentEvent(handoffId, mapped);
      if (outcome === 'handoff-closed') deps.log('amazon-connect event after the handoff ended', { handoffId, itemId: item.Id, type: mapped.type });
      res.status(202).json({ status: outcome === 'delivered' ? 'accepted' : 'ignored', ...(outcome === 'handoff-closed' && { reason: 'the handoff has ended' }) });
    }),
  );
  return router;
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

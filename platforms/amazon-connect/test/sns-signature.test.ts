import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookSignatureError } from '../../../lib/webhook-signature-error';
import { isAllowedSnsUrl, SnsSignatureVerifier, snsStringToSign, type SignedSnsMessage } from '../sns-signature';
import { AWS_SNS_HOST_PATTERN } from '../options';
import { SnsSigner, type UnsignedSnsMessage } from './sns-signer-simulator';

const signer = SnsSigner.create();
const LOCAL = { hostPattern: /^127\.0\.0\.1$/, allowHttp: true };
const AWS = { hostPattern: new RegExp(AWS_SNS_HOST_PATTERN), allowHttp: false };
let server: Server;
let certUrl = '';
let certificateFetches = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    certificateFetches++;
    res.setHeader('content-type', 'application/x-pem-file');
    res.end(signer.certificatePem);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  certUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/SimpleNotificationService-test.pem`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function notification(message = '{"Id":"item-1","Type":"MESSAGE"}'): UnsignedSnsMessage {
  return {
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: 'arn:aws:sns:eu-west-2:123456789012:chat',
    Message: message,
    Timestamp: new Date().toISOString(),
  };
}

function confirmation(): UnsignedSnsMessage {
  return {
    Type: 'SubscriptionConfirmation',
    MessageId: randomUUID(),
    TopicArn: 'arn:aws:sns:eu-west-2:123456789012:chat',
    Token: 'token-123',
    Message: 'You have chosen to subscribe to the topic.',
    SubscribeURL: 'https://sns.eu-west-2.amazonaws.com/?Action=ConfirmSubscription&Token=token-123',
    Timestamp: new Date().toISOString(),
  };
}

async function refusal(message: SignedSnsMessage, policy = LOCAL, verifier = new SnsSignatureVerifier()): Promise<WebhookSignatureError> {
  const error = await verifier.verify(message, policy).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookSignatureError);
  return error as WebhookSignatureError;
}

describe('SNS signature verification', () => {
  it('accepts a SignatureVersion 1 (SHA1withRSA) notification signed with the certificate at SigningCertURL', async () => {
    await expect(new SnsSignatureVerifier().verify(signer.sign(notification(), certUrl, '1'), LOCAL)).resolves.toBeUndefined();
  });

  it('accepts a SignatureVersion 2 (SHA256withRSA) subscription confirmation', async () => {
    await expect(new SnsSignatureVerifier().verify(signer.sign(confirmation(), certUrl, '2'), LOCAL)).resolves.toBeUndefined();
  });

  it('rejects a notification whose Message was changed after signing', async () => {
    const signed = signer.sign(notification(), certUrl, '2');
    const error = await refusal({ ...signed, Message: '{"Id":"item-1","Type":"MESSAGE","Content":"injected"}' });
    expect(error.message).toBe('the SNS signature does not match the message');
  });

  it('rejects a v1 signature presented as v2', async () => {
    const signed = signer.sign(notification(), certUrl, '1');
    expect((await refusal({ ...signed, SignatureVersion: '2' })).message).toBe('the SNS signature does not match the message');
  });

  it('rejects a message signed by another key', async () => {
    const forged = SnsSigner.create('sns.forger.local').sign(notification(), certUrl, '2');
    expect((await refusal(forged)).message).toBe('the SNS signature does not match the message');
  });

  it('rejects a certificate on a host outside the allow-list without fetching it', async () => {
    const before = certificateFetches;
    const signed = signer.sign(notification(), 'https://sns.eu-west-2.amazonaws.com.attacker.example/cert.pem', '2');
    expect((await refusal(signed, AWS)).message).toBe(
      'SigningCertURL https://sns.eu-west-2.amazonaws.com.attacker.example/cert.pem is not on an allowed SNS host',
    );
    expect(certificateFetches).toBe(before);
  });

  it('rejects an http certificate URL unless http is explicitly allowed', async () => {
    const signed = signer.sign(notification(), certUrl, '2');
    expect((await refusal(signed, { hostPattern: LOCAL.hostPattern, allowHttp: false })).message).toContain('is not on an allowed SNS host');
  });

  it('rejects an unknown SignatureVersion', async () => {
    const signed = signer.sign(notification(), certUrl, '2');
    expect((await refusal({ ...signed, SignatureVersion: '3' })).message).toBe('unsupported SNS SignatureVersion "3"');
  });

  it('rejects a certificate that is not valid at the time of verification', async () => {
    const later = new SnsSignatureVerifier(() => Date.now() + 30 * 86_400_000);
    expect((await refusal(signer.sign(notification(), certUrl, '2'), LOCAL, later)).message).toBe('the SNS signing certificate is not valid now');
  });

  it('signs the documented fields in order, Subject only when present', () => {
    const message = { ...notification('hello'), Subject: 'greeting', MessageId: 'm-1', Timestamp: 't', TopicArn: 'arn' } as SignedSnsMessage;
    expect(snsStringToSign(message)).toBe('Message\nhello\nMessageId\nm-1\nSubject\ngreeting\nTimestamp\nt\nTopicArn\narn\nType\nNotification\n');
  });

  it('allows only https SNS hosts of AWS by default', () => {
    expect(isAllowedSnsUrl('https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-abc.pem', AWS)).toBe(true);
    expect(isAllowedSnsUrl('https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem', AWS)).toBe(true);
    expect(isAllowedSnsUrl('http://sns.eu-west-2.amazonaws.com/cert.pem', AWS)).toBe(false);
    expect(isAllowedSnsUrl('https://sns.eu-west-2.amazonaws.com.evil.example/cert.pem', AWS)).toBe(false);
    expect(isAllowedSnsUrl('https://evil.example/sns.eu-west-2.amazonaws.com/cert.pem', AWS)).toBe(false);
    expect(isAllowedSnsUrl('https://user@sns.eu-west-2.amazonaws.com/cert.pem', AWS)).toBe(false);
    expect(isAllowedSnsUrl('not a url', AWS)).toBe(false);
  });
});

/**
 * What the Amazon Connect (SNS) webhook checks before it fetches a signing certificate: the topic,
 * the message's `Timestamp` (the event window), and the certificate URL (https, on the SNS host of
 * the topic's own region unless configured otherwise). A forged message that fails any of these
 * makes the API fetch nothing.
 */
import express from 'express';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorHandler } from '../../api/error-handler';
import type { HandoffService } from '../../api/handoff-service';
import { webhookPipeline } from '../../api/webhook-pipeline';
import { parseConfig } from '../../config/load';
import { SnsSigner } from '../../platforms/amazon-connect/test/sns-signer-simulator';
import { PLATFORMS } from '../../platforms/index';

const TOPIC = 'arn:aws:sns:eu-west-2:123456789012:handoff-chat-stream';
const config = parseConfig(
  `
profiles:
  connect:
    mode: broker
    platform: amazon-connect
    platformOptions:
      region: eu-west-2
      instanceId: instance-1
      contactFlowId: flow-1
      streamingTopicArn: ${TOPIC}
`,
  'test config',
);
const signer = SnsSigner.create();
let server: Server;
let url = '';
const realFetch = globalThis.fetch;
/** The URLs the API fetched: any fetch but the test's own posts to the API. */
const fetched: string[] = [];

beforeAll(async () => {
  const app = express();
  app.use(
    webhookPipeline({
      platforms: PLATFORMS.filter((p) => p.id === 'amazon-connect'),
      platformDeps: { env: {}, publicUrl: 'http://127.0.0.1', localDesk: { deskUrl: '', secret: '' }, log: () => undefined, clock: Date.now },
      service: {} as HandoffService,
      config,
    }).router,
  );
  app.use(errorHandler(() => undefined));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/webhooks/amazon-connect`;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const target = String(input instanceof Request ? input.url : input);
    if (target === url) return realFetch(input, init);
    fetched.push(target);
    return new Response('not here', { status: 404 });
  });
});
afterEach(() => {
  fetched.length = 0;
});
afterAll(() => {
  vi.restoreAllMocks();
  server.close();
});

function notification(timestamp = new Date()) {
  return {
    Type: 'Notification' as const,
    MessageId: randomUUID(),
    TopicArn: TOPIC,
    Message: JSON.stringify({ Id: randomUUID(), Type: 'MESSAGE', ContentType: 'text/plain', Content: 'hi', ParticipantRole: 'AGENT' }),
    Timestamp: timestamp.toISOString(),
  };
}

async function post(body: unknown): Promise<{ status: number; code: string; message: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...answer.error };
}

describe('the SNS certificate URL and Timestamp', () => {
  it.each([
    ['another region', 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem'],
    ['a foreign host', 'https://sns.eu-west-2.amazonaws.com.attacker.example/SimpleNotificationService-abc.pem'],
    ['plain http', 'http://sns.eu-west-2.amazonaws.com/SimpleNotificationService-abc.pem'],
    ['credentials in the URL', 'https://user:pass@sns.eu-west-2.amazonaws.com/SimpleNotificationService-abc.pem'],
  ])('refuses a certificate on %s with 401 and fetches nothing', async (_case, certificateUrl) => {
    const answer = await post(signer.sign(notification(), certificateUrl));
    expect(answer).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(answer.message).toContain('is not on an allowed SNS host');
    expect(fetched).toEqual([]);
  });

  it('refuses a message older than the event window (or dated ahead) as stale before fetching its certificate', async () => {
    const certificateUrl = 'https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-abc.pem';
    expect(await post(signer.sign(notification(new Date(Date.now() - 2 * 3_600_000)), certificateUrl))).toMatchObject({ status: 401, code: 'webhook_stale' });
    expect(await post(signer.sign(notification(new Date('2001-01-01T00:00:00Z')), certificateUrl))).toMatchObject({ status: 401, code: 'webhook_stale' });
    expect(await post(signer.sign(notification(new Date(Date.now() + 3_600_000)), certificateUrl))).toMatchObject({ status: 401, code: 'webhook_stale' });
    expect(fetched).toEqual([]);
  });

  it("fetches the certificate of a fresh message on its topic's regional SNS host, and only then", async () => {
    const certificateUrl = 'https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-abc.pem';
    expect(await post(signer.sign(notification(), certificateUrl))).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(fetched).toEqual([certificateUrl]);
  });
});

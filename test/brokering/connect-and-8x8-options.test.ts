import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load';
import { problemsOf } from '../support/config-problems';


describe('options of Amazon Connect and 8x8', () => {
  it('takes an Amazon Connect broker profile and keeps the AWS SNS host pattern by default', () => {
    const config = parseConfig(`
profiles:
  connect:
    mode: broker
    platform: amazon-connect
    platformOptions:
      region: eu-west-2
      instanceId: a1b2c3d4-0000-4000-8000-000000000001
      contactFlowId: flow-1
      streamingTopicArn: arn:aws:sns:eu-west-2:123456789012:handoff-chat
`);
    expect(config.profiles.get('connect')!.platformOptions).toEqual({
      region: 'eu-west-2',
      instanceId: 'a1b2c3d4-0000-4000-8000-000000000001',
      contactFlowId: 'flow-1',
      streamingTopicArn: 'arn:aws:sns:eu-west-2:123456789012:handoff-chat',
      customerDisplayName: 'Customer',
      signingCertificateHost: '^sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$',
      allowHttpSigningCertificate: false,
    });
  });

  it('names every bad Amazon Connect option', () => {
    expect(
      problemsOf(`
profiles:
  connect:
    mode: api
    platform: amazon-connect
    platformOptions:
      region: Europe
      contactFlowId: flow-1
      streamingTopicArn: arn:aws:sqs:eu-west-2:123456789012:queue
      signingCertificateHost: '(unclosed'
`),
    ).toEqual([
      'profiles.connect.mode: platform "amazon-connect" supports modes broker, not "api"',
      'profiles.connect.platformOptions.region: must be an AWS region such as eu-west-2',
      'profiles.connect.platformOptions.instanceId: Invalid input: expected string, received undefined',
      'profiles.connect.platformOptions.streamingTopicArn: must be an SNS topic ARN',
      'profiles.connect.platformOptions.signingCertificateHost: must be a valid regular expression',
    ]);
  });

  it('takes an 8x8 broker profile with the public Chat Gateway as its default base URL', () => {
    const config = parseConfig(`
profiles:
  eight:
    mode: broker
    platform: 8x8
    platformOptions: { apiKey: '\${EIGHT_KEY}', tenant: acme, channelId: ch-1, queueId: '100' }
`);
    expect(config.profiles.get('eight')!.platformOptions).toEqual({
      baseUrl: 'https://api.8x8.com/chat-gateway/v1',
      apiKey: '${EIGHT_KEY}',
      tenant: 'acme',
      channelId: 'ch-1',
      queueId: '100',
      maxEventAgeSeconds: 300,
      typingPath: '/conversations/{conversationId}/activities',
    });
  });

  it('refuses an 8x8 API key written into the file', () => {
    expect(
      problemsOf(`
profiles:
  eight:
    mode: broker
    platform: 8x8
    platformOptions: { apiKey: 'live-key-123', tenant: acme, channelId: ch-1, queueId: '100' }
`),
    ).toEqual(['profiles.eight.platformOptions.apiKey: must be an environment reference like ${SERVICENOW_PASSWORD}, never the secret itself']);
  });
});

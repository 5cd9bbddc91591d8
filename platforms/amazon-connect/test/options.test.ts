import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/load';
import { problemsOf } from '../../../test/support/config-problems';

describe('options of Amazon Connect', () => {
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
      routeQueues: {},
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
      'profiles.connect.platformOptions.instanceId: missing',
      'profiles.connect.platformOptions.streamingTopicArn: must be an SNS topic ARN',
      'profiles.connect.platformOptions.signingCertificateHost: must be a valid regular expression',
    ]);
  });
});

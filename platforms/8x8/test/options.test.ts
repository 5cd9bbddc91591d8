import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/load';
import { problemsOf } from '../../../test/support/config-problems';

describe('options of 8x8', () => {
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
      routeQueues: {},
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

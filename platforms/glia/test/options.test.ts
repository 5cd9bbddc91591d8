import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/load';
import { problemsOf } from '../../../test/support/config-problems';

describe('options of Glia', () => {
  it('takes a Glia profile with its defaults and refuses literal API keys', () => {
    const config = parseConfig(`
profiles:
  glia:
    mode: broker
    platform: glia
    platformOptions: { apiKeyId: '\${K}', apiKeySecret: '\${S}', siteId: s, queueId: q, webhook: { secret: '\${W}' } }
`);
    expect(config.profiles.get('glia')!.platformOptions).toEqual({
      baseUrl: 'https://api.glia.com',
      apiKeyId: '${K}',
      apiKeySecret: '${S}',
      siteId: 's',
      queueId: 'q',
      queueName: 'Glia',
      routeQueues: {},
      webhook: { headerName: 'x-handoff-webhook-secret', secret: '${W}' },
      endEngagementBody: { status: 'ended' },
      queueStatusPath: '/sites/{siteId}/queues/{queueId}',
      queueStatusField: 'status',
    });
    const problems = problemsOf(`
profiles:
  glia:
    mode: url
    platform: glia
    platformOptions: { apiKeyId: abc, apiKeySecret: '\${S}', siteId: s, queueId: q, webhook: { secret: plain } }
`);
    expect(
      problemsOf(`
profiles:
  glia:
    mode: broker
    platform: glia
    platformOptions: { apiKeyId: '\${K}', apiKeySecret: '\${S}', siteId: s, queueId: q, webhook: { secret: '\${W}' }, queueStatusPath: 'https://elsewhere', queueStatusField: 'a..b' }
`),
    ).toEqual([
      'profiles.glia.platformOptions.queueStatusPath: is a path on baseUrl starting with "/"',
      'profiles.glia.platformOptions.queueStatusField: is a field name, or a dotted path such as "state.status"',
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        'profiles.glia.mode: platform "glia" supports modes broker, not "url"',
        expect.stringMatching(/^profiles\.glia\.platformOptions\.apiKeyId: must be an environment reference/),
        expect.stringMatching(/^profiles\.glia\.platformOptions\.webhook\.secret: must be an environment reference/),
      ]),
    );
  });
});

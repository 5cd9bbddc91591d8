import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/load';
import { problemsOf } from '../../../test/support/config-problems';

describe('broker options of ServiceNow', () => {
  it('takes a ServiceNow broker profile with defaults filled in beside the deep-link keys', () => {
    const config = parseConfig(`
profiles:
  sn:
    mode: broker
    platform: servicenow
    platformOptions:
      instanceUrl: https://acme.service-now.com/
      botIntegration:
        token: '\${SN_VA_TOKEN}'
        webhook: { tokenHeader: { name: X-Callback-Token, value: '\${SN_HOOK_TOKEN}' } }
`);
    expect(config.profiles.get('sn')!.platformOptions).toMatchObject({
      instanceUrl: 'https://acme.service-now.com',
      botIntegration: {
        path: '/api/sn_va_as_service/bot/integration',
        queueName: 'Live Agent',
        botName: 'Bot',
        timezone: 'UTC',
        contextVariables: {},
        webhook: { tokenHeader: { name: 'x-callback-token', value: '${SN_HOOK_TOKEN}' } },
      },
    });
  });

  it('names every missing credential and every literal secret of a ServiceNow broker profile', () => {
    const problems = problemsOf(`
profiles:
  sn:
    mode: broker
    platform: servicenow
    platformOptions:
      instanceUrl: https://acme.service-now.com
      botIntegration:
        contextVariables: { queue: '{nonsense}' }
        webhook: {}
  leaky:
    mode: broker
    platform: servicenow
    platformOptions:
      instanceUrl: https://acme.service-now.com
      botIntegration:
        auth: { type: basic, username: admin, password: hunter2 }
        webhook: { tokenHeader: { name: Authorization, value: '\${T}' } }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^profiles\.sn\.platformOptions\.botIntegration: needs auth, token, or both$/),
        expect.stringMatching(/^profiles\.sn\.platformOptions\.botIntegration\.webhook: needs basic credentials, a token header, or both$/),
        expect.stringMatching(/^profiles\.sn\.platformOptions\.botIntegration\.contextVariables\.queue: unknown placeholder \{nonsense\}/),
        expect.stringMatching(/^profiles\.leaky\.platformOptions\.botIntegration\.auth\.username: must be an environment reference/),
        expect.stringMatching(/^profiles\.leaky\.platformOptions\.botIntegration\.auth\.password: must be an environment reference/),
        expect.stringMatching(/^profiles\.leaky\.platformOptions\.botIntegration\.webhook\.tokenHeader\.name: may not be a reserved header$/),
      ]),
    );
  });
});

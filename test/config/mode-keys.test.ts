import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load';
import { problemsOf } from '../support/config-problems';

describe("configuration keys that cannot apply to a profile's mode", () => {
  it('refuse timeouts where the mode has no state they guard, naming the modes they apply in', () => {
    expect(
      problemsOf(`
profiles:
  url: { mode: url, platform: local-desk, timeouts: { agentAccept: 5m, maxDuration: 1h } }
  api: { mode: api, platform: local-desk, timeouts: { agentAccept: 10m, inactivity: 15m, maxDuration: 4h } }
`),
    ).toEqual([
      'profiles.url.timeouts.agentAccept: applies only in api and broker mode, not in url mode',
      'profiles.url.timeouts.maxDuration: applies only in api and broker mode, not in url mode',
      'profiles.api.timeouts.inactivity: applies only in broker mode, not in api mode',
    ]);
  });

  it('refuse platform options that only another mode of the platform reads', () => {
    expect(
      problemsOf(`
profiles:
  desk-url: { mode: url, platform: local-desk, platformOptions: { queue: General } }
  sn-url:
    mode: url
    platform: servicenow
    platformOptions: { instanceUrl: https://acme.service-now.com, botIntegration: { token: '\${T}', webhook: { tokenHeader: { name: x-t, value: '\${H}' } } } }
  sn-broker:
    mode: broker
    platform: servicenow
    platformOptions: { instanceUrl: https://acme.service-now.com, queue: Hardware, botIntegration: { token: '\${T}', webhook: { tokenHeader: { name: x-t, value: '\${H}' } } } }
  bt-url: { mode: url, platform: beyondtrust, platformOptions: { siteUrl: https://support.example.com, auth: { clientId: '\${I}', clientSecret: '\${S}' } } }
  bt-api: { mode: api, platform: beyondtrust, platformOptions: { siteUrl: https://support.example.com, customerName: '{userName}' } }
`),
    ).toEqual([
      'profiles.desk-url.platformOptions.queue: applies only in api and broker mode, not in url mode',
      'profiles.sn-url.platformOptions.botIntegration: applies only in broker mode, not in url mode',
      'profiles.sn-broker.platformOptions.queue: applies only in url mode, not in broker mode',
      'profiles.bt-url.platformOptions.auth: applies only in api mode, not in url mode',
      'profiles.bt-api.platformOptions.customerName: applies only in url mode, not in api mode',
    ]);
  });

  it('fill the defaults of the timeouts a mode uses, and take every key where it applies', () => {
    const config = parseConfig(`
profiles:
  api: { mode: api, platform: local-desk, timeouts: { agentAccept: 10m }, platformOptions: { queue: Desk } }
  broker: { mode: broker, platform: local-desk, timeouts: { inactivity: 1m } }
  url: { mode: url, platform: local-desk }
`);
    expect(config.profiles.get('api')!.timeouts).toEqual({ agentAccept: 600_000, inactivity: 900_000, maxDuration: 28_800_000 });
    expect(config.profiles.get('broker')!.timeouts).toEqual({ agentAccept: 300_000, inactivity: 60_000, maxDuration: 28_800_000 });
    expect(config.profiles.get('url')!.timeouts).toEqual({ agentAccept: 300_000, inactivity: 900_000, maxDuration: 28_800_000 });
  });
});

import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../platforms';
import { traitsOf } from '../../platforms/define';
import type { ProfileSnapshot } from '../../workflows/definitions';
import { relaysUserMessagesLocally } from '../../workflows/local-relay';

const profile = (platform: string, traits?: ProfileSnapshot['traits']): ProfileSnapshot => ({
  name: 'p',
  mode: 'broker',
  platform,
  fileTicket: false,
  timeouts: { agentAccept: 1, inactivity: 1, maxDuration: 1 },
  ...(traits && { traits }),
});

describe('user messages relayed from a local activity first', () => {
  it('go only to platforms that drop a repeated messageId themselves, as their description says', () => {
    for (const platform of PLATFORMS) {
      expect(relaysUserMessagesLocally(profile(platform.id, traitsOf(platform))), platform.id).toBe(platform.capabilities.dropsRepeatedUserMessages);
    }
  });

  it('go only to platforms that relay messages at all (broker mode)', () => {
    for (const platform of PLATFORMS.filter((p) => p.capabilities.dropsRepeatedUserMessages)) expect(platform.modes, platform.id).toContain('broker');
  });

  it('follow the traits a run started with, whatever the registry says later', () => {
    expect(relaysUserMessagesLocally(profile('local-desk', { dropsRepeatedUserMessages: false }))).toBe(false);
    expect(relaysUserMessagesLocally(profile('servicenow', { dropsRepeatedUserMessages: true }))).toBe(true);
  });

  it('keep deciding as before for runs started without traits in their input', () => {
    expect(['local-desk', 'glia', 'amazon-connect', 'servicenow', '8x8'].filter((id) => relaysUserMessagesLocally(profile(id)))).toEqual([
      'local-desk',
      'glia',
      'amazon-connect',
    ]);
  });
});

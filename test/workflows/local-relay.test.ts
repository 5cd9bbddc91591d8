import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../platforms';
import { traitsOf } from '../../platforms/define';

describe('user messages relayed from a local activity first', () => {
  it('go to a platform that drops a repeated messageId itself, as its description says, and the run keeps what it started with', () => {
    for (const platform of PLATFORMS) {
      expect(traitsOf(platform).dropsRepeatedUserMessages, platform.id).toBe(platform.capabilities.dropsRepeatedUserMessages);
    }
  });

  it('go only to platforms that relay messages at all (broker mode)', () => {
    for (const platform of PLATFORMS.filter((p) => p.capabilities.dropsRepeatedUserMessages)) expect(platform.modes, platform.id).toContain('broker');
  });
});

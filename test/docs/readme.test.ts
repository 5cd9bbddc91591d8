import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../platforms';
import { platformSection, README_PATH, withPlatformSection } from '../../scripts/platform-table';

describe('the README', () => {
  it('shows the platform table the registry describes (run `npm run docs` after changing a platform)', () => {
    const readme = readFileSync(README_PATH, 'utf8');
    expect(withPlatformSection(readme)).toBe(readme);
  });

  it('has a row naming every registered platform', () => {
    const section = platformSection();
    for (const platform of PLATFORMS) expect(section, platform.id).toContain(`\`${platform.id}\``);
  });
});

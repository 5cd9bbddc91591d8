import { expect } from 'vitest';
import { ConfigError, parseConfig } from '../../config/load';

/** The problems a configuration text is refused with; fails the test when it is accepted. */
export function problemsOf(text: string): string[] {
  try {
    parseConfig(text, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

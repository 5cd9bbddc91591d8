import type { ModeConnectors } from './connector';
import type { PlatformDeps } from './define';
import { PLATFORMS } from './index';

/** Every platform's connector, built once per worker, by platform id. */
export type Connectors = ReadonlyMap<string, Partial<ModeConnectors<unknown>>>;

export function createConnectors(deps: PlatformDeps): Connectors {
  return new Map(PLATFORMS.map((platform) => [platform.id, platform.connector(deps)]));
}

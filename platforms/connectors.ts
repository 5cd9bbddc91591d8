import type { CallbackList, ModeConnectors } from './connector';
import type { PlatformDeps } from './define';
import { PLATFORMS } from './index';

/** Every platform's connector, built once per worker, by platform id. */
export type Connectors = ReadonlyMap<string, Partial<ModeConnectors<unknown>>>;

export function createConnectors(deps: PlatformDeps): Connectors {
  return new Map(PLATFORMS.map((platform) => [platform.id, platform.connector(deps)]));
}

/** The callback lists of the platforms that keep one, by platform id. */
export type CallbackLists = ReadonlyMap<string, CallbackList<unknown>>;

export function createCallbackLists(deps: PlatformDeps): CallbackLists {
  return new Map(PLATFORMS.flatMap((platform) => (platform.callbacks ? [[platform.id, platform.callbacks(deps)] as const] : [])));
}

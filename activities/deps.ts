import type { LoadedConfig, LoadedProfile } from '../config/load';
import type { ConnectorRegistry } from '../connectors/registry';
import type { PlatformConnector } from '../connectors/connector';
import { configurationError } from '../connectors/failures';
import type { TicketingSettings } from '../ticketing/registry';

/** What the activities are built from; the worker passes real clients, tests pass simulators' addresses. */
export interface ActivityDeps {
  config: LoadedConfig;
  connectors: ConnectorRegistry;
  ticketing: TicketingSettings;
  callbackSecret: string;
}

export function profileOf(deps: ActivityDeps, name: string): LoadedProfile {
  const profile = deps.config.profiles.get(name);
  if (!profile) throw configurationError(`profile "${name}" is not in this worker's configuration`);
  return profile;
}

export function connectorOf(deps: ActivityDeps, profile: LoadedProfile): PlatformConnector {
  const connector = deps.connectors[profile.platform];
  if (!connector) throw configurationError(`platform "${profile.platform}" has no connector in this worker`);
  return connector;
}

/** Calls a connector method, or fails non-retryably naming what the platform cannot do. */
export function required<T>(method: T | undefined, platform: string, what: string): T {
  if (!method) throw configurationError(`platform "${platform}" cannot ${what}`);
  return method;
}

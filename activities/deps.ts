import type { LoadedConfig, LoadedProfile } from '../config/load';
import type { CallbackUrlPolicy } from '../lib/callback-url-policy';
import type { HandoffMode } from '../contracts/status';
import { configurationError } from '../lib/failures';
import type { AttachmentAccess, ModeConnectors } from '../platforms/connector';
import type { CallbackLists, Connectors } from '../platforms/connectors';
import type { TicketingSettings } from '../ticketing/registry';
import type { RelayLatencyObserver } from '../observability/worker-metrics';
import type { AvailabilityCheck } from '../availability/availability-check';
import type { HandoffArchive } from '../archive/handoff-archive';

/** What the activities are built from; the worker passes real clients, tests pass simulators' addresses. */
export interface ActivityDeps {
  config: LoadedConfig;
  connectors: Connectors;
  /** Where users' callback requests go on platforms that keep a list of them. */
  callbackLists: CallbackLists;
  ticketing: TicketingSettings;
  callbackSecret: string;
  /** Where bot callbacks may go (checked again after DNS resolution). */
  callbackPolicy: CallbackUrlPolicy;
  /** The attachment store and its download-link signer. */
  attachments: AttachmentAccess;
  /** Transcript segments and requests kept outside history (archive/). */
  archive: HandoffArchive;
  /** Hours and the platforms' probes, asked before a live agent is offered. */
  availability: AvailabilityCheck;
  /** Where relay latencies go (the worker's metrics); not measured when absent. */
  relayLatency?: RelayLatencyObserver;
}

export function profileOf(deps: ActivityDeps, name: string): LoadedProfile {
  const profile = deps.config.profiles.get(name);
  if (!profile) throw configurationError(`profile "${name}" is not in this worker's configuration`);
  return profile;
}

/** The profile's connector for one mode; the configuration allows only modes the platform declares. */
export function connectorFor<M extends HandoffMode>(deps: ActivityDeps, profile: LoadedProfile, mode: M): ModeConnectors<unknown>[M] {
  const connector = deps.connectors.get(profile.platform)?.[mode];
  if (!connector) throw configurationError(`platform "${profile.platform}" has no ${mode}-mode connector in this worker`);
  return connector;
}

import type { PlatformId } from '../contracts/status';
import type { PlatformConnector } from './connector';
import { localDeskConnector, type LocalDeskConnectorOptions } from './local-desk';

export type ConnectorRegistry = Partial<Record<PlatformId, PlatformConnector>>;

export interface ConnectorSettings {
  localDesk: LocalDeskConnectorOptions;
}

export function createConnectors(settings: ConnectorSettings): ConnectorRegistry {
  return { 'local-desk': localDeskConnector(settings.localDesk) };
}

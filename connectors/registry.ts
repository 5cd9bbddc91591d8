import type { PlatformId } from '../contracts/status';
import { amazonConnectConnector } from './amazon-connect';
import type { PlatformConnector } from './connector';
import { eightByEightConnector } from './eight-by-eight';
import { beyondTrustConnector } from './beyondtrust';
import { five9Connector } from './five9';
import { gliaConnector } from './glia';
import { genericApiConnector } from './generic-api';
import { genericUrlConnector } from './generic-url';
import { inContactConnector } from './incontact';
import { localDeskConnector, type LocalDeskConnectorOptions } from './local-desk';
import { serviceNowDeepLinkConnector } from './servicenow-deep-link';
import { serviceNowVaConnector } from './servicenow-va';

export type ConnectorRegistry = Partial<Record<PlatformId, PlatformConnector>>;

export interface ConnectorSettings {
  localDesk: LocalDeskConnectorOptions;
  /** Where connectors resolve `${ENV}` secret references of platform options. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Handoff's public base URL, where platforms that register webhooks per chat (Glia) send events. */
  publicUrl?: string;
}

export function createConnectors(settings: ConnectorSettings): ConnectorRegistry {
  const env = settings.env ?? process.env;
  const serviceNowDeepLink = serviceNowDeepLinkConnector();
  return {
    'local-desk': localDeskConnector(settings.localDesk),
    servicenow: { ...serviceNowDeepLink, ...serviceNowVaConnector({ env }) },
    'servicenow-connect-chat': serviceNowDeepLink,
    'servicenow-awa': serviceNowDeepLink,
    beyondtrust: beyondTrustConnector({ env }),
    five9: five9Connector(),
    incontact: inContactConnector(),
    compucom: genericUrlConnector('compucom'),
    intrasee: genericUrlConnector('intrasee'),
    'generic-url': genericUrlConnector(),
    'generic-api': genericApiConnector({ platform: 'generic-api', env }),
    vayusphere: genericApiConnector({ platform: 'Vayusphere', env }),
    glia: gliaConnector({ publicUrl: settings.publicUrl, env }),
    'amazon-connect': amazonConnectConnector(),
    '8x8': eightByEightConnector({ env }),
  };
}

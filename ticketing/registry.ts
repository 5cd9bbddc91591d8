import type { TicketingOptions } from './options';
import { localTicketStore } from './local-store';
import { serviceNowTicketing } from './servicenow';
import type { TicketingSystem } from './ticketing';

export interface TicketingSettings {
  localDesk: { deskUrl: string; secret: string };
  env?: NodeJS.ProcessEnv;
}

export function ticketingFor(options: TicketingOptions, settings: TicketingSettings): TicketingSystem {
  switch (options.system) {
    case 'local':
      return localTicketStore(settings.localDesk);
    case 'servicenow':
      return serviceNowTicketing(options, settings.env ?? process.env);
  }
}

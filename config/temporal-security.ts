import { readFileSync } from 'node:fs';
import type { Settings } from './settings';

export interface TemporalSecurity {
  tls?: boolean | { clientCertPair: { crt: Buffer; key: Buffer }; serverRootCACertificate?: Buffer };
  apiKey?: string;
}

/** TLS files and an API key for Temporal Cloud or a secured cluster, from the settings. */
export function temporalSecurity(settings: Settings): TemporalSecurity {
  const options: TemporalSecurity = {};
  if (settings.TEMPORAL_TLS_CERT && settings.TEMPORAL_TLS_KEY) {
    options.tls = {
      clientCertPair: { crt: readFileSync(settings.TEMPORAL_TLS_CERT), key: readFileSync(settings.TEMPORAL_TLS_KEY) },
      ...(settings.TEMPORAL_TLS_CA && { serverRootCACertificate: readFileSync(settings.TEMPORAL_TLS_CA) }),
    };
  } else if (settings.TEMPORAL_API_KEY) {
    options.tls = true;
  }
  if (settings.TEMPORAL_API_KEY) options.apiKey = settings.TEMPORAL_API_KEY;
  return options;
}

/**
 * The Temporal UI server for the cluster: it dials the frontend over mTLS with the client
 * certificate (verifying the frontend's), listens on 127.0.0.1, and decodes payloads through the
 * codec server of an API process (the token in the path, as `npm start` does for the dev server's UI).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { ClusterCertificates } from './certificates';

export const UI_CONFIG_ENV = 'handoff-cluster';

export interface UiConfigOptions {
  root: string;
  frontend: string;
  port: number;
  namespace: string;
  certificates: ClusterCertificates;
  /** Where the UI decodes payloads (`uiCodecEndpoint`), when the API serves a codec server. */
  codecEndpoint?: string;
}

export function writeUiConfig({ root, frontend, port, namespace, certificates, codecEndpoint }: UiConfigOptions): void {
  const config = {
    temporalGrpcAddress: frontend,
    host: '127.0.0.1',
    port,
    enableUi: true,
    defaultNamespace: namespace,
    notifyOnNewVersion: false,
    cors: { cookieInsecure: true, allowOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`] },
    tls: {
      caFile: certificates.ca,
      certFile: certificates.clientCert,
      keyFile: certificates.clientKey,
      serverName: 'localhost',
      enableHostVerification: true,
    },
    ...(codecEndpoint && { codec: { endpoint: codecEndpoint, passAccessToken: false, includeCredentials: false } }),
  };
  mkdirSync(path.join(root, 'config'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(root, 'config', `${UI_CONFIG_ENV}.yaml`), `# Written by npm run cluster at each start; edits are lost.\n${stringify(config)}`);
}

/** The UI server's arguments, its root holding `config/`. */
export function uiArgs(root: string): string[] {
  return ['--root', root, '--config', 'config', '--env', UI_CONFIG_ENV, 'start'];
}

/**
 * The Temporal server's configuration, written at each start from the module's own
 * `config/development-postgres12.yaml`: its PostgreSQL address and ports changed, more history
 * shards, archival off, and mTLS on the frontend (`requireClientAuth`). The server's system worker
 * (which runs Temporal's own workflows) dials the frontend like any client, with the client
 * certificate. Dynamic config starts from the module's `development-sql.yaml` plus the dev
 * server's tuning (tools/scripts/dev-server-flags.ts), so both topologies run with the same settings.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { DEV_SERVER_DYNAMIC_CONFIG } from '../dev-server-flags';
import type { ClusterCertificates } from './certificates';
import type { ClusterPorts } from './layout';
import { POSTGRES_USER } from './postgres';
import { TEMPORAL_DATABASES } from './schema';

/** The name of the configuration the server is started with (`--env`). */
export const SERVER_CONFIG_ENV = 'handoff-cluster';

/**
 * History shards: fixed when the database is first set up (a different count later is refused).
 * 8 spreads a 2-core machine's load; a production cluster takes 512 or more.
 */
export const HISTORY_SHARDS = 8;

export interface ServerConfigOptions {
  serverModule: string;
  /** The server's root: the config goes to `<root>/config/`. */
  root: string;
  ports: ClusterPorts;
  certificates: ClusterCertificates;
  /** `debug`, `info`, `warn` or `error`. @default "warn" */
  logLevel?: string;
}

/** The parts of the template this file changes; the rest is written back as it was read. */
interface ServerYaml {
  log: unknown;
  persistence: { numHistoryShards: number; datastores: Record<string, { sql: Record<string, unknown> }> };
  global: { pprof?: unknown; metrics: { prometheus: Record<string, unknown> }; tls?: unknown };
  services: unknown;
  clusterMetadata: { clusterInformation: Record<string, { rpcAddress: string }> };
  archival: unknown;
  namespaceDefaults: unknown;
  dynamicConfigClient: unknown;
}

export function writeServerConfig({ serverModule, root, ports, certificates, logLevel = 'warn' }: ServerConfigOptions): void {
  const templates = path.join(serverModule, 'config');
  mkdirSync(path.join(root, 'config'), { recursive: true, mode: 0o700 });
  const config = parse(readFileSync(path.join(templates, 'development-postgres12.yaml'), 'utf8')) as ServerYaml;
  const dynamicConfigFile = path.join(root, 'config', 'dynamicconfig.yaml');

  config.log = { stdout: true, level: logLevel };
  config.persistence.numHistoryShards = HISTORY_SHARDS;
  for (const [name, database] of [
    ['postgres-default', TEMPORAL_DATABASES.temporal],
    ['postgres-visibility', TEMPORAL_DATABASES.visibility],
  ] as const) {
    Object.assign(config.persistence.datastores[name]!.sql, { databaseName: database, connectAddr: `127.0.0.1:${ports.postgres}`, user: POSTGRES_USER });
  }
  Object.assign(config.persistence.datastores['postgres-visibility']!.sql, { maxConns: 10, maxIdleConns: 10 });

  const tlsClient = { serverName: 'localhost', rootCaFiles: [certificates.ca] };
  config.global.pprof = { port: 0 };
  config.global.metrics.prometheus.listenAddress = `127.0.0.1:${ports.metrics}`;
  config.global.tls = {
    frontend: {
      server: { certFile: certificates.serverCert, keyFile: certificates.serverKey, requireClientAuth: true, clientCaFiles: [certificates.ca] },
      client: tlsClient,
    },
    systemWorker: { certFile: certificates.clientCert, keyFile: certificates.clientKey, client: tlsClient },
  };

  const service = (grpcPort: number, membershipPort: number, extra: Record<string, unknown> = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...extra },
  });
  config.services = {
    frontend: service(ports.frontend, ports.membership.frontend, { httpPort: ports.frontendHttp }),
    history: service(ports.history, ports.membership.history),
    matching: service(ports.matching, ports.membership.matching),
    worker: service(ports.worker, ports.membership.worker),
  };
  config.clusterMetadata.clusterInformation.active!.rpcAddress = `localhost:${ports.frontend}`;
  config.archival = { history: { state: 'disabled' }, visibility: { state: 'disabled' } };
  config.namespaceDefaults = { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } };
  config.dynamicConfigClient = { filepath: dynamicConfigFile, pollInterval: '10s' };

  const dynamic = parse(readFileSync(path.join(templates, 'dynamicconfig', 'development-sql.yaml'), 'utf8')) as Record<string, unknown>;
  for (const [key, value] of Object.entries(DEV_SERVER_DYNAMIC_CONFIG)) dynamic[key] = [{ value, constraints: {} }];
  dynamic['component.nexusoperations.callback.endpoint.template'] = [
    { value: `http://localhost:${ports.frontendHttp}/namespaces/{{.NamespaceName}}/nexus/callback` },
  ];

  writeFileSync(path.join(root, 'config', `${SERVER_CONFIG_ENV}.yaml`), `# Written by npm run cluster at each start; edits are lost.\n${stringify(config)}`);
  writeFileSync(dynamicConfigFile, `# Written by npm run cluster at each start; edits are lost.\n${stringify(dynamic)}`);
}

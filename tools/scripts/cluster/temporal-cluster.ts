/**
 * The Temporal side of a cluster, in start order: PostgreSQL, the two databases' schemas, the
 * Temporal server (frontend, history, matching and worker services in one
 * process) with mTLS on its frontend, the namespace and Handoff's search attributes, and the
 * Temporal UI. `stop()` goes the other way. The server can be restarted alone (a failure test).
 */
import path from 'node:path';
import type { ChildEnd } from '../supervisor';
import { PROJECT_ROOT } from '../temporal-cli.mjs';
import type { ClusterCertificates } from './certificates';
import type { ClusterLayout, ClusterPorts } from './layout';
import { ManagedProcess } from './managed-process';
import { Postgres } from './postgres';
import { setUpSchemas } from './schema';
import { SERVER_CONFIG_ENV, writeServerConfig } from './server-config';
import { TemporalAdmin } from './temporal-admin';
import { uiArgs, writeUiConfig } from './temporal-ui';
import type { ClusterTools } from './tools';

export interface TemporalClusterOptions {
  tools: ClusterTools;
  layout: ClusterLayout;
  ports: ClusterPorts;
  /** This run's certificates (certificates.ts). */
  certificates: ClusterCertificates;
  namespace: string;
  /** Where the UI decodes payloads; none when unset. */
  codecEndpoint?: string;
  /** Start the Temporal UI. @default true */
  ui?: boolean;
  /** A progress line. */
  log: (line: string) => void;
  /** The server or the UI ended without being asked to. */
  onUnexpectedEnd?: (end: ChildEnd) => void;
}

/** The environment of a Go server: without `TEMPORAL_*`, which the server and the UI read as their own settings. */
function serverEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TEMPORAL_')));
}

export class TemporalCluster {
  readonly postgres: Postgres;
  readonly server: ManagedProcess;
  readonly ui?: ManagedProcess;
  readonly admin: TemporalAdmin;

  constructor(private readonly options: TemporalClusterOptions) {
    const { tools, layout, ports, certificates, namespace, onUnexpectedEnd } = options;
    this.admin = new TemporalAdmin(tools.cli, this.address, namespace, certificates);
    this.postgres = new Postgres({ bin: tools.postgresBin, dir: layout.postgres, port: ports.postgres });
    this.server = new ManagedProcess({
      name: 'temporal',
      command: tools.server,
      args: ['--root', layout.temporal, '--config', 'config', '--env', SERVER_CONFIG_ENV, '--allow-no-auth', 'start'],
      cwd: layout.temporal,
      env: serverEnvironment(),
      logFile: path.join(layout.logs, 'temporal-server.log'),
      graceMs: 20_000,
      ...(onUnexpectedEnd && { onUnexpectedEnd }),
    });
    if (options.ui !== false) {
      this.ui = new ManagedProcess({
        name: 'temporal-ui',
        command: tools.ui,
        args: uiArgs(layout.ui),
        cwd: PROJECT_ROOT,
        env: serverEnvironment(),
        logFile: path.join(layout.logs, 'temporal-ui.log'),
        ...(onUnexpectedEnd && { onUnexpectedEnd }),
      });
    }
  }

  /**
   * The frontend's address for clients, by the name its certificate carries (Node's TLS refuses
   * an IP address as the server name; the certificate names 127.0.0.1 too, for other clients).
   */
  get address(): string {
    return `localhost:${this.options.ports.frontend}`;
  }

  get uiUrl(): string {
    return `http://localhost:${this.options.ports.ui}`;
  }

  async start(): Promise<void> {
    const { tools, layout, ports, certificates, namespace, log } = this.options;
    let began = Date.now();
    await this.postgres.start();
    setUpSchemas({ sqlTool: tools.sqlTool, serverModule: tools.serverModule, postgres: this.postgres, port: ports.postgres });
    log(`PostgreSQL on 127.0.0.1:${ports.postgres}, schemas up to date (${seconds(began)})`);
    writeServerConfig({ serverModule: tools.serverModule, root: layout.temporal, ports, certificates });
    began = Date.now();
    await this.startServer();
    await this.admin.ensureNamespace();
    const created = await this.admin.ensureSearchAttributes();
    log(
      `Temporal server serving on ${this.address} over mTLS (${seconds(began)})${created.length > 0 ? `; created search attributes ${created.join(', ')}` : ''}`,
    );
    if (this.ui) {
      writeUiConfig({
        root: layout.ui,
        frontend: `localhost:${ports.frontend}`,
        port: ports.ui,
        namespace,
        certificates,
        ...(this.options.codecEndpoint && { codecEndpoint: this.options.codecEndpoint }),
      });
      this.ui.start();
    }
  }

  async startServer(): Promise<void> {
    this.server.start();
    await this.admin
      .waitUntilServing(() => this.server.running)
      .catch((error: Error) => {
        throw new Error(`${error.message} (see ${this.server.options.logFile})`);
      });
  }

  /** Stops the server (SIGTERM, as an operator's restart does) and starts it again on the same data. */
  async restartServer(): Promise<void> {
    await this.server.stop();
    await this.startServer();
  }

  async stop(): Promise<void> {
    await this.ui?.stop();
    await this.server.stop();
    await this.postgres.stop();
    this.ui?.close();
    this.server.close();
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

/**
 * A whole production-shaped topology on this machine: the Temporal cluster (temporal-cluster.ts)
 * and Handoff's workers and APIs (handoff-processes.ts), with the settings and secrets the way
 * `npm start` makes them: generated once and kept in the data folder (tools/scripts/generated-secrets.ts),
 * the desk's first agent (tools/scripts/desk-sign-in.ts), every setting checked before anything starts
 * (config/start-up.ts). `npm run cluster`, `npm run test:cluster` and `npm run bench -- --cluster`
 * all start it here.
 */
import path from 'node:path';
import { uiCodecEndpoint } from '../../../api/codec-server';
import { checkStartUp, type StartUp } from '../../../config/start-up';
import { demoDefaultFor } from '../demo-default';
import { prepareDeskSignIn } from '../desk-sign-in';
import { generatedSecrets, type GeneratedSecrets } from '../generated-secrets';
import type { ChildEnd } from '../supervisor';
import { generateCertificates, type ClusterCertificates } from './certificates';
import { HandoffProcesses } from './handoff-processes';
import { clusterLayout, createLayout, type ClusterLayout, type ClusterPorts } from './layout';
import { TemporalCluster } from './temporal-cluster';
import { ensureClusterTools, type ClusterTools } from './tools';

export const DEFAULT_WORKERS = 2;
export const DEFAULT_APIS = 2;

export interface ClusterOptions {
  /** The cluster's folder (layout.ts); kept across runs. */
  root: string;
  ports: ClusterPorts;
  workers: number;
  /** The settings of Handoff's processes: the environment, or a test's own. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** A progress line. @default console.log */
  log?: (line: string) => void;
  /** Each Handoff process's log lines, for a terminal; none when unset. */
  echo?: (name: string) => (line: string) => void;
  /** Show the desk's generated first password (a person at a terminal). @default false */
  showPassword?: boolean;
  /** Start the Temporal UI. @default true */
  ui?: boolean;
  /** A process ended without being asked to. */
  onUnexpectedEnd?: (end: ChildEnd) => void;
}

export class Cluster {
  readonly layout: ClusterLayout;
  readonly tools: ClusterTools;
  readonly certificates: ClusterCertificates;
  readonly secrets: GeneratedSecrets;
  /** The settings every Handoff process starts with (API ports aside). */
  readonly env: NodeJS.ProcessEnv;
  readonly startUp: StartUp;
  readonly temporal: TemporalCluster;
  readonly handoff: HandoffProcesses;
  /** How to sign in to the desk (prepareDeskSignIn's line), once started. */
  deskSignIn = '';

  /**
   * Builds what is missing and checks the settings; throws `StartUpError` with every problem, and
   * starts nothing. `start()` then starts it all.
   */
  constructor(private readonly options: ClusterOptions) {
    const log = options.log ?? console.log;
    const base = options.env ?? process.env;
    this.tools = ensureClusterTools(log);
    this.layout = createLayout(clusterLayout(options.root), process.getuid?.() === 0);
    this.certificates = generateCertificates(this.layout.tls);
    this.secrets = generatedSecrets(path.join(this.layout.handoff, 'generated-secrets.json'), base);
    const firstApi = `http://localhost:${options.ports.apis[0]}`;
    const env: NodeJS.ProcessEnv = {
      HANDOFF_DEMO: demoDefaultFor(base.HOST || '127.0.0.1'),
      ...base,
      ...this.secrets.values,
      HANDOFF_DATA_DIR: this.layout.handoff,
      TEMPORAL_ADDRESS: `localhost:${options.ports.frontend}`,
      TEMPORAL_TLS_CERT: this.certificates.clientCert,
      TEMPORAL_TLS_KEY: this.certificates.clientKey,
      TEMPORAL_TLS_CA: this.certificates.ca,
      TEMPORAL_UI_URL: `http://localhost:${options.ports.ui}`,
      // The workers reach the desk through the first API, whose process delivers the desk's events.
      LOCAL_DESK_URL: base.LOCAL_DESK_URL ?? `${firstApi}/desk`,
      HANDOFF_LOG_FORMAT: 'json',
    };
    // An API key is for Temporal Cloud; this cluster authenticates clients by their certificate.
    delete env.TEMPORAL_API_KEY;
    delete env.PORT;
    this.env = env;
    this.startUp = checkStartUp({ ...env, PORT: String(options.ports.apis[0]) }, this.secrets.origins);
    const { settings } = this.startUp;
    const codecBase = settings.HANDOFF_PUBLIC_URL ?? firstApi;
    this.temporal = new TemporalCluster({
      tools: this.tools,
      layout: this.layout,
      ports: options.ports,
      certificates: this.certificates,
      namespace: settings.TEMPORAL_NAMESPACE,
      log,
      ...(options.ui !== undefined && { ui: options.ui }),
      ...(settings.HANDOFF_CODEC_TOKEN && { codecEndpoint: uiCodecEndpoint(codecBase, settings.HANDOFF_CODEC_TOKEN) }),
      ...(options.onUnexpectedEnd && { onUnexpectedEnd: options.onUnexpectedEnd }),
    });
    this.handoff = new HandoffProcesses({
      env,
      // Links the workers make (attachments) point at the first API unless HANDOFF_PUBLIC_URL names one for all (a load balancer).
      workerEnv: { HANDOFF_PUBLIC_URL: settings.HANDOFF_PUBLIC_URL ?? firstApi },
      workers: options.workers,
      apiPorts: options.ports.apis,
      logs: this.layout.logs,
      ...(options.echo && { echo: options.echo }),
      ...(options.onUnexpectedEnd && { onUnexpectedEnd: options.onUnexpectedEnd }),
    });
  }

  get address(): string {
    return this.temporal.address;
  }

  get namespace(): string {
    return this.startUp.settings.TEMPORAL_NAMESPACE;
  }

  apiUrl(i = 0): string {
    return this.handoff.apiUrl(i);
  }

  async start(): Promise<void> {
    this.secrets.save();
    await this.temporal.start();
    this.deskSignIn = await prepareDeskSignIn({
      dataDir: this.layout.handoff,
      secretsFile: path.join(this.layout.handoff, 'generated-secrets.json'),
      deskAgent: this.env.HANDOFF_DESK_AGENT,
      showPassword: this.options.showPassword ?? false,
    });
    await this.handoff.start();
  }

  /** Handoff's processes first, then the Temporal server and the UI, then PostgreSQL. */
  async stop(): Promise<void> {
    await this.handoff.stop();
    await this.temporal.stop();
  }
}

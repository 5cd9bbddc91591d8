/**
 * Where a cluster keeps its files and which ports it listens on. One folder holds everything:
 * PostgreSQL's data (owned by `postgres` when run as root), the Temporal server's and UI's
 * generated configuration, the certificates of the run, the logs, and Handoff's own data folder.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../temporal-cli.mjs';
import { portFree } from '../ports';

export interface ClusterLayout {
  root: string;
  /** PostgreSQL's data directory (and its socket). */
  postgres: string;
  /** The Temporal server's root: `config/` (written at each start) under it. */
  temporal: string;
  /** The Temporal UI's root: `config/` under it. */
  ui: string;
  /** The CA, the frontend's certificate and the client certificate of this run. */
  tls: string;
  logs: string;
  /** `HANDOFF_DATA_DIR` of every worker and API process: the desk's SQLite, attachments, generated secrets. */
  handoff: string;
}

/** `npm run cluster`'s folder: `data/cluster`, or `<HANDOFF_DATA_DIR>/cluster`. */
export function defaultClusterRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.HANDOFF_DATA_DIR || path.join(PROJECT_ROOT, 'data'), 'cluster');
}

export function clusterLayout(root: string): ClusterLayout {
  return {
    root,
    postgres: path.join(root, 'postgres'),
    temporal: path.join(root, 'temporal'),
    ui: path.join(root, 'temporal-ui'),
    tls: path.join(root, 'tls'),
    logs: path.join(root, 'logs'),
    handoff: path.join(root, 'handoff'),
  };
}

/**
 * Creates the folders, and answers the layout as it ended up. PostgreSQL refuses to run as root,
 * so as root it runs as `postgres`, which must pass through the folders above its own: those are
 * made 0711 (enter, not list); every folder that holds something private stays 0700. Folders above
 * the project are the person's: when one of them keeps `postgres` out (a checkout in a 0700
 * temporary folder, as CI makes), PostgreSQL's data goes to a folder of its own under /var/tmp
 * instead, named after the cluster's folder, so it is still found again on the next run.
 */
export function createLayout(layout: ClusterLayout, asRoot: boolean): ClusterLayout {
  mkdirSync(layout.root, { recursive: true, mode: 0o700 });
  for (const dir of [layout.temporal, layout.ui, layout.tls, layout.logs, layout.handoff]) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!asRoot) return layout;
  chmodSync(layout.root, 0o711);
  for (let dir = path.dirname(layout.root); dir.startsWith(`${PROJECT_ROOT}${path.sep}`); dir = path.dirname(dir)) chmodSync(dir, 0o711);
  if (postgresCanEnter(layout.root)) return layout;
  const outside = path.dirname(outsidePostgresFolder(layout.root));
  mkdirSync(outside, { recursive: true, mode: 0o711 });
  chmodSync(outside, 0o711);
  return { ...layout, postgres: path.join(outside, 'postgres') };
}

/** Where PostgreSQL's data of the cluster in `root` goes when `postgres` cannot enter `root` (see `createLayout`). */
export function outsidePostgresFolder(root: string): string {
  return path.join('/var/tmp', `handoff-cluster-${createHash('sha256').update(root).digest('hex').slice(0, 16)}`, 'postgres');
}

function postgresCanEnter(dir: string): boolean {
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-x', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface ClusterPorts {
  postgres: number;
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  /** Membership (ringpop) ports of the four services. */
  membership: { frontend: number; history: number; matching: number; worker: number };
  /** The Temporal server's Prometheus metrics. */
  metrics: number;
  ui: number;
  /** One per API process, in order. */
  apis: number[];
}

/** `npm run cluster`'s fixed ports: away from `npm start`'s (3000, 7233, 8233) so both can run. */
export function defaultPorts(apis: number): ClusterPorts {
  return {
    postgres: 15432,
    frontend: 17233,
    frontendHttp: 17243,
    history: 17234,
    matching: 17235,
    worker: 17239,
    membership: { frontend: 16933, history: 16934, matching: 16935, worker: 16939 },
    metrics: 17290,
    ui: 18233,
    apis: Array.from({ length: apis }, (_, i) => 3100 + i),
  };
}

/**
 * Free ports for a cluster of a test or the bench, which runs beside anything else. They are
 * drawn below the kernel's ephemeral range: the server keeps membership ports in a PostgreSQL
 * smallint (up to 32767), and no outgoing connection takes one of these meanwhile.
 */
export async function freePorts(apis: number): Promise<ClusterPorts> {
  const taken = new Set<number>();
  const next = async (): Promise<number> => {
    for (;;) {
      const port = 20_000 + Math.floor(Math.random() * 12_000);
      if (taken.has(port)) continue;
      taken.add(port);
      if (await portFree(port, '127.0.0.1')) return port;
    }
  };
  return {
    postgres: await next(),
    frontend: await next(),
    frontendHttp: await next(),
    history: await next(),
    matching: await next(),
    worker: await next(),
    membership: { frontend: await next(), history: await next(), matching: await next(), worker: await next() },
    metrics: await next(),
    ui: await next(),
    apis: await Promise.all(Array.from({ length: apis }, () => next())),
  };
}

/**
 * `npm run bench -- --cluster`: the bench's figures on the Temporal cluster of tools/scripts/cluster/
 * (PostgreSQL, 8 history shards, mTLS on the frontend) instead of the dev server, plus scaling:
 *
 * - the same figures: the bench's own system (tools/bench/system.ts: API and desk in this process, a
 *   worker process, both baselines) dials the frontend through a TLS sidecar (tls-proxy.ts);
 * - workers: the throughput knee with 100 open sessions, with that one worker, then with a second
 *   worker process beside it on the same task queue (before the figures, whose memory phase leaves
 *   thousands of idle sessions open);
 * - APIs: url-mode start latency with 32 clients against the cluster's real API processes
 *   (system/api-process.ts, `TEMPORAL_TLS_*`), all on one API, then spread over two; two
 *   worker processes (system/worker-process.ts) behind them.
 */
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Cluster } from '../scripts/cluster/cluster';
import { defaultClusterRoot, freePorts } from '../scripts/cluster/layout';
import { HISTORY_SHARDS } from '../scripts/cluster/server-config';
import { TEMPORAL_SERVER_VERSION } from '../scripts/cluster/tools';
import { closedLoop } from './load';
import { handoffSink, measureThroughput, type ThroughputFigure } from './measure-throughput';
import { startWorkerProcess } from './processes';
import type { BenchPlan, BenchResults, runBench } from './run';
import { closeSessions, openSessions } from './sessions';
import { percentiles, type Percentiles } from './stats';
import { BENCH_CONFIG, BenchSystem } from './system';
import { startTlsProxy } from './tls-proxy';

export interface ScalingFigures {
  /** Throughput knee (msgs/s delivered) with 100 open sessions, by the number of workers. */
  workers: Record<string, number>;
  /** Start latency p99 (ms), url mode, 32 clients, by the number of API processes. */
  apis: Record<string, number>;
  /** Everything measured for the two figures above. */
  detail: { workers: Record<string, { p99: number; levels: Array<{ offered: number; delivered: number; p99: number }> }>; apis: Record<string, Percentiles> };
}

export type ClusterResults = Omit<BenchResults, 'cluster'> & { topology: string; scaling: ScalingFigures };

const SCALING_CLIENTS = 32;
const SCALING_SESSIONS = 100;

/** `measure` is run.ts's `runBench`, passed in: importing run.ts from here would be a cycle that its top-level `await` deadlocks. */
export async function runClusterBench(plan: BenchPlan, measure: typeof runBench, log: (line: string) => void = console.log): Promise<ClusterResults> {
  const root = path.join(defaultClusterRoot(), 'bench');
  rmSync(root, { recursive: true, force: true });
  const ports = await freePorts(2);
  const profiles = path.join(path.dirname(root), 'bench-profiles.yaml');
  writeFileSync(profiles, BENCH_CONFIG);
  const cluster = new Cluster({
    root,
    ports,
    workers: 2,
    ui: false,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, HANDOFF_CONFIG: profiles, HANDOFF_DEMO: 'off', HANDOFF_LOG_LEVEL: 'WARN' },
    log: (line) => log(`cluster: ${line}`),
  });
  await cluster.temporal.start();
  try {
    const proxy = await startTlsProxy({ host: '127.0.0.1', port: ports.frontend }, cluster.certificates);
    let system: BenchSystem | undefined;
    let figures: BenchResults;
    const workerScaling: Record<string, ThroughputFigure> = {};
    try {
      system = await BenchSystem.start({ temporalAddress: proxy.address });
      // Scaling first: the figures' memory phase leaves thousands of idle sessions open behind it.
      workerScaling['1'] = await throughputWith(system, plan, log, '1');
      const second = await startWorkerProcess({
        TEMPORAL_ADDRESS: proxy.address,
        LOCAL_DESK_URL: `${system.apiUrl}/desk`,
        LOCAL_DESK_SECRET: system.deskSecret,
        HANDOFF_PUBLIC_URL: system.apiUrl,
        HANDOFF_CALLBACK_SECRET: system.callbackSecret,
        HANDOFF_ENCRYPTION_KEYS: system.encryptionKeys,
        BENCH_CONFIG,
        BENCH_TASK_QUEUE: system.taskQueue,
        BENCH_FLOOR_WORKER: 'off',
      });
      try {
        workerScaling['2'] = await throughputWith(system, plan, log, '2');
      } finally {
        await second.stop();
      }
      // The server's memory is the cluster server's (this system started no dev server).
      system.temporal = { address: cluster.address, pid: cluster.temporal.server.pid!, stop: async () => undefined };
      figures = await measure(plan, system, log);
      system.temporal = undefined;
    } finally {
      await system?.stop();
      await proxy.close();
    }

    const apiScaling = await startLatencyByApis(cluster, plan, log);
    return {
      ...figures,
      topology: `Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL (${HISTORY_SHARDS} history shards, advanced visibility), mTLS to the frontend, all on this machine`,
      scaling: {
        workers: Object.fromEntries(Object.entries(workerScaling).map(([n, t]) => [n, t.msgsPerSec])),
        apis: Object.fromEntries(Object.entries(apiScaling).map(([n, p]) => [n, p.p99])),
        detail: { workers: Object.fromEntries(Object.entries(workerScaling).map(([n, t]) => [n, { p99: t.p99, levels: t.levels }])), apis: apiScaling },
      },
    };
  } finally {
    await cluster.stop();
  }
}

async function throughputWith(system: BenchSystem, plan: BenchPlan, log: (line: string) => void, workers: string) {
  const sessions = await openSessions(system, SCALING_SESSIONS, true);
  const figure = await measureThroughput(handoffSink(system, sessions), plan.throughputRates, plan.secondsPerRate);
  log(`throughput with ${SCALING_SESSIONS} sessions and ${workers} worker(s): ${JSON.stringify(figure)}`);
  await closeSessions(system, sessions);
  return figure;
}

/** Start latency through the cluster's own API processes: `startCount` url-mode starts by 32 clients, on one API and then on two. */
async function startLatencyByApis(cluster: Cluster, plan: BenchPlan, log: (line: string) => void): Promise<Record<string, Percentiles>> {
  cluster.secrets.save();
  await cluster.handoff.start();
  const token = cluster.secrets.values.HANDOFF_API_TOKEN;
  const startOn = async (api: number) => {
    const began = performance.now();
    const response = await fetch(`${cluster.apiUrl(api)}/v1/handoffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: `bench-${randomUUID()}`, profile: 'url', user: { id: 'u-bench' }, issue: { lastUtterance: 'VPN drops' } }),
    });
    await response.text();
    if (response.status !== 200) throw new Error(`start on API ${api + 1} answered ${response.status}`);
    return performance.now() - began;
  };
  await closedLoop(4, 20, (i) => startOn(i % 2)); // warm-up: connections open, workflow code cached in both workers
  const figures: Record<string, Percentiles> = {};
  for (const apis of [1, 2]) {
    figures[String(apis)] = percentiles(await closedLoop(SCALING_CLIENTS, plan.startCount, (i) => startOn(i % apis)));
    log(`start url × ${SCALING_CLIENTS} clients on ${apis} API process(es): ${JSON.stringify(figures[String(apis)])}`);
  }
  return figures;
}

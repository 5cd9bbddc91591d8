/**
 * `npm run cluster [-- --workers N --apis M]`: Handoff on a real Temporal cluster on this machine.
 * Builds what is missing into `.tools/`, then starts PostgreSQL (data in `data/cluster/`), the
 * Temporal server with mTLS on its frontend and its UI, N workers and M APIs (2 and 2 unless
 * told), and prints where everything is. Ctrl-C stops Handoff's processes, then the server and
 * the UI, then PostgreSQL; the data stays for the next run. When a process ends on its own, the
 * others are stopped too and the exit code is 1.
 */
import { parseArgs } from 'node:util';
import { StartUpError, formatProblemGroups } from '../../../config/start-up';
import { portInUseMessage } from '../../../lib/port-holder';
import { childLineFormatter } from '../../../observability/child-log-lines';
import { defaultLogFormat } from '../../../observability/logger';
import { GeneratedSecretsFileError } from '../generated-secrets';
import { portFree } from '../ports';
import { describeEnd } from '../supervisor';
import { Cluster, DEFAULT_APIS, DEFAULT_WORKERS } from './cluster';
import { defaultClusterRoot, defaultPorts, type ClusterPorts } from './layout';

const EXIT_SETTINGS = 2;
const EXIT_FAILED = 1;

function count(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 16) {
    console.error(`cluster: --${name} must be a whole number from 1 to 16`);
    process.exit(EXIT_SETTINGS);
  }
  return value;
}

const { values: args } = parseArgs({ options: { workers: { type: 'string' }, apis: { type: 'string' } } });
const workers = count('workers', args.workers, DEFAULT_WORKERS);
const apis = count('apis', args.apis, DEFAULT_APIS);
const ports = defaultPorts(apis);

/** Every port the cluster listens on must be free; each one taken is named with the process that holds it. */
async function checkPorts(all: ClusterPorts): Promise<void> {
  const named: Array<[number, string]> = [
    [all.postgres, 'PostgreSQL'],
    [all.frontend, 'the Temporal frontend'],
    [all.frontendHttp, "the Temporal frontend's HTTP API"],
    [all.history, 'Temporal history'],
    [all.matching, 'Temporal matching'],
    [all.worker, "Temporal's worker service"],
    ...Object.entries(all.membership).map(([service, port]): [number, string] => [port, `Temporal ${service} membership`]),
    [all.metrics, "the Temporal server's metrics"],
    [all.ui, 'the Temporal UI'],
    ...all.apis.map((port, i): [number, string] => [port, `API ${i + 1}`]),
  ];
  const problems: string[] = [];
  for (const [port, what] of named) if (!(await portFree(port, '127.0.0.1'))) problems.push(`${portInUseMessage(port, what)}; stop it first`);
  if (problems.length > 0) {
    console.error(`The cluster cannot start: ${formatProblemGroups([{ title: 'ports', problems }])}`);
    process.exit(EXIT_FAILED);
  }
}

let cluster: Cluster | undefined;
let finishing: Promise<never> | undefined;
function finish(exitCode: number, message?: string): Promise<never> {
  finishing ??= (async () => {
    if (message) console.error(message);
    await cluster?.stop();
    process.exit(exitCode);
  })();
  return finishing;
}

function onSignal(signal: NodeJS.Signals): void {
  if (finishing) {
    console.error(`cluster: ${signal} again; killing Handoff's processes and the Temporal server now`);
    for (const child of [...(cluster?.handoff.apis ?? []), ...(cluster?.handoff.workers ?? []), cluster?.temporal.ui, cluster?.temporal.server])
      void child?.kill();
    process.exit(EXIT_FAILED);
  }
  console.log(`cluster: ${signal} received; stopping everything`);
  void finish(0);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

async function main(): Promise<void> {
  await checkPorts(ports);
  const logs = { format: process.env.HANDOFF_LOG_FORMAT === 'json' ? ('json' as const) : defaultLogFormat(), colorize: process.stdout.isTTY === true };
  try {
    cluster = new Cluster({
      root: defaultClusterRoot(),
      ports,
      workers,
      log: (line) => console.log(`cluster: ${line}`),
      echo: (name) => {
        const format = childLineFormatter(name, logs);
        return (line) => console.log(format(line));
      },
      showPassword: process.stdout.isTTY === true,
      onUnexpectedEnd: (end) => void finish(EXIT_FAILED, `cluster: ${end.name} ${describeEnd(end)}; stopping everything`),
    });
  } catch (error) {
    if (error instanceof StartUpError || error instanceof GeneratedSecretsFileError) {
      console.error(`The cluster cannot start: ${error.message}`);
      process.exit(EXIT_SETTINGS);
    }
    throw error;
  }
  for (const note of cluster.secrets.notes) console.log(`cluster: ${note}`);
  await cluster.start();
  if (finishing) return;
  const { layout, temporal, handoff, secrets } = cluster;
  const api = (i: number) => handoff.apiUrl(i);
  const first = api(0);
  console.log(`
Handoff is running on a Temporal cluster.
  APIs           ${handoff.apis.map((_, i) => api(i)).join(', ')}   (OpenAPI: ${first}/openapi.json)
  bot token      ${secrets.values.HANDOFF_API_TOKEN}
  local desk     ${first}/desk          (agent API under ${first}/desk/api; the workers deliver to it)
  desk sign-in   ${cluster.deskSignIn}
  bot demo       ${first}/demo
  metrics        ${handoff.apis.map((_, i) => `${api(i)}/metrics`).join(', ')}
                 workers: ${handoff.workerMetricsPorts.map((port) => `http://127.0.0.1:${port}/metrics`).join(', ')}
                 Temporal server: http://127.0.0.1:${ports.metrics}/metrics
  workers        ${handoff.workers.length} (task queue ${cluster.startUp.settings.TEMPORAL_TASK_QUEUE})
  Temporal       ${temporal.address}   (mTLS; namespace ${cluster.namespace}; ${layout.tls}/{ca,client}.pem and client.key for the CLI)
  Temporal UI    ${temporal.uiUrl}
  PostgreSQL     127.0.0.1:${ports.postgres}   (user temporal, databases temporal and temporal_visibility)
  data and logs  ${layout.root}   (logs/<process>.log)
Press Ctrl-C to stop everything.
`);
}

try {
  await main();
} catch (error) {
  if (finishing) await finishing;
  await finish(EXIT_FAILED, `cluster: failed: ${(error as Error).message}`);
}

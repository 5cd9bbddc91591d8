/**
 * `npm start`: the whole embedded system on one machine. A Temporal dev server with its SQLite
 * file and Web UI, the worker and the API (with the local desk), each a child process; prints
 * where each one is and stops them all on Ctrl-C.
 *
 * Before it starts anything it checks the environment, the profiles file and the ports, and
 * reports every problem at once (exit code 2 for the settings and the profiles, 1 for a port in
 * use). It says "Handoff is running." only once its own children said they serve; when one of
 * them ends, it stops the others and exits 1.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ensureTemporalCli, PROJECT_ROOT } from './temporal-cli.mjs';
import { devServerFlags } from './dev-server-flags';
import { GENERATED_SECRET_NAMES, generatedSecrets, GeneratedSecretsFileError, type GeneratedSecrets } from './generated-secrets';
import { portFree } from './ports';
import { reachableHost } from './reachable-host';
import { formatAddressTable } from './address-table';
import { describeEnd, Supervisor } from './supervisor';
import { onStopSignals } from './stop-signals';
import { prepareDeskSignIn } from './desk-sign-in';
import { deskNeededBy } from '../../apps/desk/hosting';
import { demoDefaultFor } from './demo-default';
import { createSearchAttributes, TemporalNotReadyError, temporalRefusal, waitForTemporal, type TemporalProbe } from './temporal-probe';
import { uiCodecEndpoint } from '../../api/codec-server';
import { checkStartUp, formatProblemGroups, StartUpError, type ProblemGroup, type StartUp } from '../../config/start-up';
import type { Settings } from '../../config/settings';
import { portInUseMessage } from '../../lib/port-holder';
import { ensurePrivateFile, ensurePrivateFolder } from '../../lib/private-folder';
import { isReadyMessage, type ReadyMessage } from '../../system/ready';
import { childLineFormatter } from '../../observability/child-log-lines';
import { defaultLogFormat } from '../../observability/logger';
import { CLI_TYPE_NAMES, HANDOFF_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const EXIT_SETTINGS = 2;
const EXIT_FAILED = 1;
const API_READY_TIMEOUT_MS = 60_000;
// The worker bundles the workflow code before it polls.
const WORKER_READY_TIMEOUT_MS = 180_000;
const STAND_IN_SECRET = 'stand-in-for-a-generated-secret';

const supervisor = new Supervisor({ cwd: PROJECT_ROOT, onChildEnded: (end) => void fail(`${end.name} ${describeEnd(end)}`) });

let finishing = false;
/** Stops every child, then exits; later calls wait for the first. */
async function finish(exitCode: number, message?: string): Promise<never> {
  if (!finishing) {
    finishing = true;
    if (message) console.error(message);
    await supervisor.stopAll();
    process.exit(exitCode);
  }
  return new Promise<never>(() => undefined);
}

function fail(reason: string): Promise<never> {
  return finish(EXIT_FAILED, `start: ${reason}; stopping everything`);
}

// A request while everything is stopping already (a second Ctrl-C, or the first after a child died) kills at once.
onStopSignals((signal, again) => {
  if (again || supervisor.isStopping) {
    console.error(`start: ${signal} again; killing everything now`);
    supervisor.killAll();
    process.exit(EXIT_FAILED);
  }
  console.log(`start: ${signal} received; stopping everything`);
  void finish(0);
});

interface Ports {
  temporal: number;
  ui: number;
  api: number;
}

interface Plan {
  startUp: StartUp;
  secrets: GeneratedSecrets;
  env: NodeJS.ProcessEnv;
  ports: Ports;
  dataDir: string;
  /** Where the dev server and its UI listen: `HOST`, 127.0.0.1 unless set. */
  host: string;
  /** What `npm start` said it changed before starting anything (a data folder it tightened). */
  notes: string[];
  /** The Temporal service to use; started here unless TEMPORAL_ADDRESS names one. */
  temporal: TemporalProbe & { external: boolean };
}

/** Everything `npm start` reads before it starts a process, or every problem with it, printed, and exit code 2. */
function readPlan(): Plan {
  const environment: string[] = [];
  const groups: ProblemGroup[] = [];
  const dataDir = process.env.HANDOFF_DATA_DIR || path.join(PROJECT_ROOT, 'data');
  const notes: string[] = [];
  try {
    const tightened = ensurePrivateFolder(dataDir);
    if (tightened) notes.push(tightened);
  } catch (error) {
    environment.push(`HANDOFF_DATA_DIR: cannot create ${dataDir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const temporalPort = portSetting('TEMPORAL_PORT', 7233, environment);
  const uiPort = portSetting('TEMPORAL_UI_PORT', temporalPort + 1000, environment);
  const external = Boolean(process.env.TEMPORAL_ADDRESS);
  // HOST is checked with the other settings below; a bad one stops start-up there.
  const host = process.env.HOST || '127.0.0.1';
  const address = process.env.TEMPORAL_ADDRESS || `${reachableHost(host)}:${temporalPort}`;

  let secrets: GeneratedSecrets | undefined;
  try {
    secrets = generatedSecrets(path.join(dataDir, 'generated-secrets.json'));
  } catch (error) {
    if (!(error instanceof GeneratedSecretsFileError)) throw error;
    groups.push({ title: 'the secrets npm start keeps', problems: [error.message] });
  }
  // With the secrets file unreadable (reported above), its secrets are not reported as missing too.
  const secretValues = secrets?.values ?? Object.fromEntries(GENERATED_SECRET_NAMES.map((name) => [name, process.env[name] ?? STAND_IN_SECRET]));
  const env: NodeJS.ProcessEnv = {
    HANDOFF_DEMO: demoDefaultFor(host),
    ...process.env,
    ...secretValues,
    TEMPORAL_ADDRESS: address,
    HANDOFF_DATA_DIR: dataDir,
    TEMPORAL_UI_URL: process.env.TEMPORAL_UI_URL ?? `http://${reachableHost(host, 'localhost')}:${uiPort}`,
  };
  let cli = '';
  try {
    if (!external) cli = ensureTemporalCli();
  } catch (error) {
    environment.push((error as Error).message);
  }
  let startUp: StartUp | undefined;
  try {
    startUp = checkStartUp(env, secrets?.origins);
  } catch (error) {
    if (!(error instanceof StartUpError)) throw error;
    for (const group of error.groups) {
      if (group.title === 'the environment') environment.push(...group.problems);
      else groups.push(group);
    }
  }
  if (environment.length > 0) groups.unshift({ title: 'the environment', problems: environment });
  if (groups.length > 0 || !startUp || !secrets) {
    console.error(`Handoff cannot start: ${formatProblemGroups(groups)}`);
    process.exit(EXIT_SETTINGS);
  }
  return {
    startUp,
    secrets,
    env,
    dataDir,
    host,
    notes,
    ports: { temporal: temporalPort, ui: uiPort, api: startUp.settings.PORT },
    temporal: { cli, address, namespace: startUp.settings.TEMPORAL_NAMESPACE, external },
  };
}

function portSetting(name: string, fallback: number, problems: string[]): number {
  const text = process.env[name];
  if (text === undefined) return fallback;
  const port = Number(text);
  if (text.trim() === '' || !Number.isInteger(port) || port < 1 || port > 65_535) {
    problems.push(`${name}: must be a port number from 1 to 65535 (from the environment variable)`);
    return fallback;
  }
  return port;
}

/**
 * Every port `npm start` would listen on must be free. A Temporal server already on the Temporal
 * port (say, left by an earlier run) is used, but only once it answers as one.
 */
async function checkPorts(plan: Plan): Promise<{ reuseTemporal: boolean }> {
  const { ports, temporal } = plan;
  const problems: string[] = [];
  let reuseTemporal = false;
  if (!temporal.external && !(await portFree(ports.temporal, plan.host))) {
    const refusal = await temporalRefusal(temporal);
    if (refusal === undefined) {
      reuseTemporal = true;
      console.log(`start: a Temporal server already answers on port ${ports.temporal}; using it`);
    } else {
      problems.push(
        `${portInUseMessage(ports.temporal, 'TEMPORAL_PORT, for Temporal')}, which does not answer as a Temporal server (${refusal}); stop it, or set TEMPORAL_PORT to a free port`,
      );
    }
  }
  if (!temporal.external && !reuseTemporal && !(await portFree(ports.ui, plan.host))) {
    problems.push(`${portInUseMessage(ports.ui, 'TEMPORAL_UI_PORT, for the Temporal UI')}; stop it, or set TEMPORAL_UI_PORT to a free port`);
  }
  if (!(await portFree(ports.api))) {
    problems.push(`${portInUseMessage(ports.api, 'PORT, for the API')}; stop it, or set PORT to a free port`);
  }
  const workerMetrics = plan.startUp.settings.WORKER_METRICS_PORT;
  if (workerMetrics !== 0 && !(await portFree(workerMetrics, plan.host))) {
    problems.push(
      `${portInUseMessage(workerMetrics, "WORKER_METRICS_PORT, for the worker's metrics")}; stop it, or set WORKER_METRICS_PORT to a free port (0 takes any)`,
    );
  }
  if (problems.length > 0) {
    console.error(`Handoff cannot start: ${formatProblemGroups([{ title: 'ports', problems }])}`);
    process.exit(EXIT_FAILED);
  }
  return { reuseTemporal };
}

/**
 * Starts the dev server on `HOST` (its UI follows `--ip`). Its SQLite file holds every history:
 * one left by an earlier run is made 0600, and the server starts under umask 077, so the file it
 * creates (and SQLite's -wal and -shm beside it) is 0600 from the start.
 */
async function startTemporal({ temporal, ports, dataDir, env, startUp, host }: Plan): Promise<void> {
  const namespaces = temporal.namespace === 'default' ? [] : ['--namespace', temporal.namespace];
  const database = path.join(dataDir, 'temporal.sqlite');
  for (const file of [database, `${database}-wal`, `${database}-shm`]) {
    const tightened = ensurePrivateFile(file);
    if (tightened) console.log(`start: ${tightened}`);
  }
  // The child takes the umask it is spawned with; this process's own files keep theirs.
  const umask = process.umask(0o077);
  try {
    supervisor.start(
      'the Temporal dev server',
      temporal.cli,
      [
        'server',
        'start-dev',
        '--db-filename',
        database,
        '--ip',
        host,
        '--port',
        String(ports.temporal),
        '--ui-port',
        String(ports.ui),
        // At warn it also logs its own shutdown ("network dial error", twenty lines) and known search attributes.
        '--log-level',
        'error',
        ...namespaces,
        ...devServerFlags(),
        ...uiCodecFlags(startUp.settings),
      ],
      { env },
    );
  } finally {
    process.umask(umask);
  }
  await waitForTemporal(temporal);
}

/** The UI decodes payloads through the API's codec server; the token is in the path, since that UI sends no credentials. */
function uiCodecFlags(settings: Settings): string[] {
  return settings.HANDOFF_CODEC_TOKEN ? ['--ui-codec-endpoint', uiCodecEndpoint(settings.publicUrl, settings.HANDOFF_CODEC_TOKEN)] : [];
}

/** Waits for a child's own message that it serves; its ending meanwhile is handled by the supervisor. */
async function whenReady(child: ChildProcess, role: ReadyMessage['handoffReady'], timeoutMs: number): Promise<ReadyMessage> {
  const message = await supervisor.waitForMessage(child, (m): m is ReadyMessage => isReadyMessage(m) && m.handoffReady === role, timeoutMs);
  return message ?? fail(`the ${role === 'api' ? 'API' : role} did not report that it serves within ${timeoutMs / 1000}s`);
}

async function main(): Promise<void> {
  const plan = readPlan();
  for (const note of plan.notes) console.log(`start: ${note}`);
  plan.secrets.save();
  for (const note of plan.secrets.notes) console.log(`start: ${note}`);
  const { reuseTemporal } = await checkPorts(plan);
  const { temporal, ports, env } = plan;
  if (temporal.external) {
    console.log(`start: using the Temporal service at ${temporal.address}`);
    console.log(`start: its UI shows decoded payloads with the codec endpoint ${plan.startUp.settings.publicUrl}/codec/<HANDOFF_CODEC_TOKEN>`);
  } else {
    if (!reuseTemporal) await startTemporal(plan);
    await createSearchAttributes(
      temporal,
      HANDOFF_SEARCH_ATTRIBUTES.map((key) => ({ name: key.name, type: CLI_TYPE_NAMES[key.type]! })),
    );
  }
  if (finishing) return;

  // Before the API opens the desk: the first agent is made here, once.
  const deskSignIn =
    deskNeededBy(plan.startUp.config) &&
    (await prepareDeskSignIn({
      dataDir: plan.dataDir,
      secretsFile: path.join(plan.dataDir, 'generated-secrets.json'),
      deskAgent: env.HANDOFF_DESK_AGENT,
      showPassword: process.stdout.isTTY === true,
    }));
  const tsx = ['--import', 'tsx'];
  // The children log JSON to a pipe; what a person sees is decided here, once for both.
  const logs = { format: plan.startUp.settings.HANDOFF_LOG_FORMAT ?? defaultLogFormat(), colorize: process.stdout.isTTY === true };
  const childEnv = { ...env, HANDOFF_LOG_FORMAT: 'json' };
  const worker = supervisor.start('the worker', process.execPath, [...tsx, 'system/worker-process.ts'], {
    env: childEnv,
    ipc: true,
    lines: childLineFormatter('worker', logs),
  });
  const api = supervisor.start('the API', process.execPath, [...tsx, 'system/api-process.ts'], {
    env: childEnv,
    ipc: true,
    lines: childLineFormatter('api', logs),
  });
  const [apiReady, workerReady] = await Promise.all([whenReady(api, 'api', API_READY_TIMEOUT_MS), whenReady(worker, 'worker', WORKER_READY_TIMEOUT_MS)]);
  if (finishing) return;

  const base = `http://localhost:${apiReady.port ?? ports.api}`;
  const { settings } = plan.startUp;
  const workerMetrics = `http://${reachableHost(plan.host)}:${workerReady.port ?? settings.WORKER_METRICS_PORT}/metrics`;
  const table = formatAddressTable([
    { what: 'API', where: base, note: `OpenAPI: ${base}/openapi.json` },
    { what: 'health', where: `${base}/healthz`, note: `readiness, Temporal included: ${base}/readyz` },
    { what: 'bot token', where: plan.secrets.values.HANDOFF_API_TOKEN },
    ...(deskSignIn
      ? [
          { what: 'local desk', where: `${base}/desk`, note: `agent API under ${base}/desk/api` },
          { what: 'desk sign-in', where: deskSignIn },
        ]
      : []),
    ...(settings.HANDOFF_DEMO === 'on'
      ? [{ what: 'bot demo', where: `${base}/demo`, note: deskSignIn ? 'hand yourself over; the desk plays the agent' : 'hand yourself over' }]
      : []),
    { what: 'metrics', where: `${base}/metrics` },
    { what: 'worker metrics', where: workerMetrics },
    ...(settings.HANDOFF_CODEC_TOKEN
      ? [{ what: 'codec server', where: `${base}/codec`, note: '`npm run temporal -- workflow show -w <id>` decodes through it' }]
      : []),
    { what: 'Temporal', where: temporal.address, note: `namespace ${temporal.namespace}` },
    { what: 'Temporal UI', where: env.TEMPORAL_UI_URL!, note: 'payloads decoded through the codec server' },
    { what: 'data folder', where: plan.dataDir },
  ]);
  console.log(`\nHandoff is running.\n${table}\nPress Ctrl-C to stop everything.\n`);
}

try {
  await main();
} catch (error) {
  // Already stopping (a signal, a child that ended): what failed since is part of that.
  if (finishing) await finish(EXIT_FAILED);
  if (error instanceof TemporalNotReadyError) await fail(error.message);
  console.error('start: failed unexpectedly:', error);
  await finish(EXIT_FAILED);
}

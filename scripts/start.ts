/**
 * `npm start`: the whole embedded system on one machine. A Temporal dev server with its SQLite
 * file and Web UI, the worker and the API (with the local desk), each a child process; prints
 * where each one is and stops them all on Ctrl-C.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureTemporalCli, PROJECT_ROOT } from './temporal-cli.mjs';
import { devServerFlags } from './dev-server-flags';
import { portOpen, waitForPort } from './ports';
import { HANDOFF_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

const dataDir = process.env.HANDOFF_DATA_DIR ?? path.join(PROJECT_ROOT, 'data');
mkdirSync(dataDir, { recursive: true });
const temporalPort = Number(process.env.TEMPORAL_PORT ?? 7233);
const uiPort = Number(process.env.TEMPORAL_UI_PORT ?? 8233);
const temporalAddress = process.env.TEMPORAL_ADDRESS ?? `127.0.0.1:${temporalPort}`;

/** Secrets made once and kept in the data folder, so a restart keeps the bot's token valid. */
function generatedSecrets(): Record<string, string> {
  const file = path.join(dataDir, 'generated-secrets.json');
  const saved: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const wanted = ['HANDOFF_API_TOKEN', 'HANDOFF_CALLBACK_SECRET', 'LOCAL_DESK_SECRET'];
  const secrets: Record<string, string> = {};
  for (const name of wanted) {
    secrets[name] = process.env[name] ?? saved[name] ?? randomBytes(24).toString('base64url');
  }
  writeFileSync(file, JSON.stringify({ ...saved, ...secrets }, null, 2), { mode: 0o600 });
  return secrets;
}

const children: ChildProcess[] = [];
function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`start: ${name} exited (${signal ?? code}); stopping everything`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const child of [...children].reverse()) {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
  }
  process.exit(exitCode);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const secrets = generatedSecrets();
const env = {
  HANDOFF_DEMO: 'on',
  ...process.env,
  ...secrets,
  TEMPORAL_ADDRESS: temporalAddress,
  HANDOFF_DATA_DIR: dataDir,
  TEMPORAL_UI_URL: process.env.TEMPORAL_UI_URL ?? `http://localhost:${uiPort}`,
};

if (process.env.TEMPORAL_ADDRESS) {
  console.log(`start: using the Temporal service at ${temporalAddress}`);
} else if (await portOpen(temporalPort)) {
  console.log(`start: a Temporal server already listens on ${temporalPort}; using it`);
} else {
  const cli = ensureTemporalCli();
  run(
    'temporal dev server',
    cli,
    [
      'server',
      'start-dev',
      '--db-filename',
      path.join(dataDir, 'temporal.sqlite'),
      '--ip',
      '127.0.0.1',
      '--port',
      String(temporalPort),
      '--ui-port',
      String(uiPort),
      '--log-level',
      'warn',
      ...devServerFlags(),
    ],
    env,
  );
  await waitForPort(temporalPort, 'the Temporal dev server');
  // With an existing SQLite file the --search-attribute flags are ignored; create any missing one.
  for (const key of HANDOFF_SEARCH_ATTRIBUTES) {
    spawnSync(cli, ['operator', 'search-attribute', 'create', '--address', temporalAddress, '--name', key.name, '--type', 'Keyword'], { stdio: 'ignore' });
  }
}

const tsx = ['--import', 'tsx'];
run('worker', process.execPath, [...tsx, 'system/worker-process.ts'], env);
run('api', process.execPath, [...tsx, 'system/api-process.ts'], env);
const apiPort = Number(process.env.PORT ?? 3000);
await waitForPort(apiPort, 'the API');

const api = `http://localhost:${apiPort}`;
console.log(`
Handoff is running.
  API            ${api}            (OpenAPI: ${api}/openapi.json)
  bot token      ${secrets.HANDOFF_API_TOKEN}
  local desk     ${api}/desk           (agent API under ${api}/desk/api)
  bot demo       ${api}/demo           (hand yourself over; the desk plays the agent)
  Temporal       ${temporalAddress}     (namespace ${process.env.TEMPORAL_NAMESPACE ?? 'default'})
  Temporal UI    ${env.TEMPORAL_UI_URL}
  data folder    ${dataDir}
Press Ctrl-C to stop everything.
`);

/**
 * `npm run temporal -- <arguments of the Temporal CLI>`: the CLI `npm start` uses, pointed at the
 * same Temporal service and given Handoff's codec server, so `workflow query|show|stack` print the
 * payloads decoded instead of ciphertext. It reads what `npm start` reads: `TEMPORAL_ADDRESS` (or
 * `HOST` and `TEMPORAL_PORT`), `TEMPORAL_NAMESPACE`, `HANDOFF_PUBLIC_URL` (or `PORT`), and
 * `HANDOFF_CODEC_TOKEN` (or the one `npm start` keeps in the data folder). The API serves the codec,
 * so it must be running. The CLI takes its TLS settings from the same `TEMPORAL_TLS_*` and
 * `TEMPORAL_API_KEY` variables as Handoff.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { GeneratedSecretsFileError, readGeneratedSecrets } from './generated-secrets';
import { reachableHost } from './reachable-host';
import { ensureTemporalCli, PROJECT_ROOT } from './temporal-cli.mjs';

const EXIT_SETUP = 2;

function codecToken(env: NodeJS.ProcessEnv, secretsFile: string): string | undefined {
  if (env.HANDOFF_CODEC_TOKEN) return env.HANDOFF_CODEC_TOKEN;
  const kept = readGeneratedSecrets(secretsFile).HANDOFF_CODEC_TOKEN;
  return typeof kept === 'string' && kept !== '' ? kept : undefined;
}

/** The environment the CLI reads its connection and its codec from (a setting of the caller's own wins). */
export function temporalCliEnvironment(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; warning?: string } {
  const secretsFile = path.join(env.HANDOFF_DATA_DIR || path.join(PROJECT_ROOT, 'data'), 'generated-secrets.json');
  const token = codecToken(env, secretsFile);
  const apiUrl = (env.HANDOFF_PUBLIC_URL || `http://localhost:${env.PORT || 3000}`).replace(/\/$/, '');
  return {
    env: {
      ...env,
      TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS || `${reachableHost(env.HOST || '127.0.0.1')}:${env.TEMPORAL_PORT || 7233}`,
      TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE || 'default',
      ...(token && {
        TEMPORAL_CODEC_ENDPOINT: env.TEMPORAL_CODEC_ENDPOINT || `${apiUrl}/codec`,
        TEMPORAL_CODEC_AUTH: env.TEMPORAL_CODEC_AUTH || `Bearer ${token}`,
      }),
    },
    ...(!token && { warning: `no codec token (HANDOFF_CODEC_TOKEN is unset and ${secretsFile} has none), so payloads stay encrypted` }),
  };
}

function main(): number {
  let setting: ReturnType<typeof temporalCliEnvironment>;
  let cli: string;
  try {
    setting = temporalCliEnvironment(process.env);
  } catch (error) {
    // The secrets file is unreadable (EACCES for another user) or not what npm start writes.
    if (!(error instanceof GeneratedSecretsFileError) && (error as NodeJS.ErrnoException).code === undefined) throw error;
    console.error(`temporal: ${(error as Error).message}`);
    return EXIT_SETUP;
  }
  try {
    cli = ensureTemporalCli();
  } catch (error) {
    // No CLI and no Go to build one, a TEMPORAL_CLI_PATH that is not a program: the setup's to fix.
    console.error(`temporal: no Temporal CLI: ${(error as Error).message}`);
    return EXIT_SETUP;
  }
  if (setting.warning) console.error(`temporal: ${setting.warning}`);
  const run = spawnSync(cli, process.argv.slice(2), { stdio: 'inherit', env: setting.env });
  if (run.error) {
    console.error(`temporal: could not run ${cli} (${run.error.message})`);
    return EXIT_SETUP;
  }
  return run.status ?? 1;
}

process.exitCode = main();

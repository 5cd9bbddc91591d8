/**
 * What every process checks before it starts: the settings from the environment and the profiles
 * file, every problem of both at once. `npm start` runs it before it starts any process; the API
 * and the worker run it again, since either may be started alone.
 */
import { accessSync, constants } from 'node:fs';
import { ConfigError, loadConfigFile, type LoadedConfig } from './load';
import { EXAMPLE_CONFIG_PATH, loadSettings, SettingsError, type SettingOrigins, type Settings } from './settings';

export interface StartUp {
  settings: Settings;
  config: LoadedConfig;
}

export interface ProblemGroup {
  /** What the problems are in: "the environment", "the profiles file <path>". */
  title: string;
  problems: string[];
}

/** Thrown when the environment or the profiles file cannot be used; lists every problem of each. */
export class StartUpError extends Error {
  override readonly name = 'StartUpError';
  constructor(readonly groups: ProblemGroup[]) {
    super(formatProblemGroups(groups));
  }
}

/** The settings and the profiles file, or a `StartUpError` with every problem found in either. */
export function checkStartUp(env: NodeJS.ProcessEnv = process.env, origins: SettingOrigins = {}): StartUp {
  const groups: ProblemGroup[] = [];
  const environmentProblems: string[] = [];
  let settings: Settings | undefined;
  try {
    settings = loadSettings(env, origins);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    environmentProblems.push(...error.problems);
  }
  environmentProblems.push(...tlsFileProblems(env));
  if (environmentProblems.length > 0) groups.push({ title: 'the environment', problems: environmentProblems });

  let config: LoadedConfig | undefined;
  const configPath = env.HANDOFF_CONFIG === '' ? undefined : (env.HANDOFF_CONFIG ?? EXAMPLE_CONFIG_PATH);
  if (configPath !== undefined) {
    try {
      config = loadConfigFile(configPath);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      groups.push({ title: `the profiles file ${configPath} (HANDOFF_CONFIG)`, problems: error.problems });
    }
  }
  if (groups.length > 0 || !settings || !config) throw new StartUpError(groups);
  return { settings, config };
}

/**
 * For a process's entry point: the settings and profiles, or the problems printed as a short list
 * (no stack trace: they are the user's to fix, not a bug) and exit code 2.
 */
export function startUpOrExit(who: string, env: NodeJS.ProcessEnv = process.env, origins: SettingOrigins = {}): StartUp {
  try {
    return checkStartUp(env, origins);
  } catch (error) {
    if (!(error instanceof StartUpError)) throw error;
    console.error(`${who} cannot start: ${error.message}`);
    process.exit(2);
  }
}

export function formatProblemGroups(groups: ProblemGroup[]): string {
  const lines = groups.flatMap(({ title, problems }) => [`${title}:`, ...problems.map((problem) => `  - ${problem.replaceAll('\n', '\n    ')}`)]);
  return `fix ${groups.length === 1 && groups[0]!.problems.length === 1 ? 'this' : 'these'} and start again\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

/** TLS files for Temporal must be readable, and a client certificate comes with its key. */
function tlsFileProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const name of ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA']) {
    const file = env[name];
    if (!file) continue;
    try {
      accessSync(file, constants.R_OK);
    } catch (error) {
      problems.push(`${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
    problems.push(
      `${env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'}: not set (a client certificate needs both TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY)`,
    );
  }
  return problems;
}

/**
 * Asks a Temporal frontend through the CLI whether it serves a namespace: an open port alone may
 * belong to any program, while only a Temporal server answers `operator namespace describe`.
 */
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** Thrown when the Temporal server `npm start` started does not answer in time. */
export class TemporalNotReadyError extends Error {
  override readonly name = 'TemporalNotReadyError';
  constructor(address: string, namespace: string, timeoutMs: number, lastAnswer: string) {
    super(`the Temporal server at ${address} did not serve namespace "${namespace}" within ${timeoutMs / 1000}s (last answer: ${lastAnswer})`);
  }
}

export interface TemporalProbe {
  cli: string;
  address: string;
  namespace: string;
}

/** Undefined when a Temporal server answers with the namespace, else what went wrong. */
export function temporalRefusal({ cli, address, namespace }: TemporalProbe, timeoutMs = 5_000): Promise<string | undefined> {
  const args = ['operator', 'namespace', 'describe', '--address', address, '--namespace', namespace, '--command-timeout', `${timeoutMs}ms`, '-o', 'json'];
  return new Promise((resolve) => {
    // Only the flags above: TEMPORAL_* variables meant for Handoff (an API key, TLS files) would change what the CLI dials.
    execFile(cli, args, { env: cliEnvironment(), timeout: timeoutMs + 2_000 }, (error, _stdout, stderr) => {
      resolve(error ? (lastLine(stderr) ?? error.message) : undefined);
    });
  });
}

export async function waitForTemporal(probe: TemporalProbe, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const refusal = await temporalRefusal(probe);
    if (refusal === undefined) return;
    if (Date.now() > deadline) throw new TemporalNotReadyError(probe.address, probe.namespace, timeoutMs, refusal);
    await sleep(250);
  }
}

/** Creates each search attribute the server lacks (with an existing SQLite file, start-dev's flags are ignored). */
export async function createSearchAttributes({ cli, address, namespace }: TemporalProbe, keys: ReadonlyArray<{ name: string; type: string }>): Promise<void> {
  for (const { name, type } of keys) {
    await new Promise((resolve) =>
      execFile(
        cli,
        ['operator', 'search-attribute', 'create', '--address', address, '--namespace', namespace, '--name', name, '--type', type],
        { env: cliEnvironment(), timeout: 10_000 },
        resolve,
      ),
    );
  }
}

function cliEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TEMPORAL_')));
}

/** The CLI's last log line, its message only: `time=… level=ERROR msg="failed reaching server: …"`. */
function lastLine(text: string): string | undefined {
  const line = text.trim().split('\n').at(-1)?.trim();
  if (!line) return undefined;
  const message = /^time=\S+ level=\w+ msg=(".*?(?<!\\)")/.exec(line)?.[1];
  if (!message) return line;
  try {
    return JSON.parse(message) as string;
  } catch {
    return message;
  }
}

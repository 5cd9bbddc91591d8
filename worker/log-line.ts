/**
 * How the worker's log reads: one line per entry. A failure Temporal will retry (a platform down, a
 * bot answering 503) is expected, so it shows its reason and attempt, never a stack trace; only
 * ERROR entries, which are not expected, keep the stack.
 */
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';

export function logLine({ level, message, meta, timestampNanos }: LogEntry): string {
  const at = new Date(Number(timestampNanos / 1_000_000n)).toISOString();
  const fields = Object.entries(meta ?? {}).map(([key, value]) => `${key}=${render(value, level)}`);
  return [at, `[${level}]`, message, ...fields].join(' ');
}

function render(value: unknown, level: LogLevel): string {
  if (value instanceof Error) {
    const cause = value.cause instanceof Error ? ` (cause: ${value.cause.message})` : '';
    const stack = level === 'ERROR' && value.stack ? `\n${value.stack}` : '';
    return JSON.stringify(`${value.name}: ${value.message}${cause}`) + stack;
  }
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The worker's logger at `level`, writing `logLine`s to stderr. */
export function workerLogger(level: LogLevel): DefaultLogger {
  return new DefaultLogger(level, (entry) => process.stderr.write(`${logLine(entry)}\n`));
}

/**
 * The one logger of the API and the worker processes (and of the desk and the bot demo inside the
 * API): pino, one JSON object per line for machines, or pino-pretty for a person at a terminal.
 * Every line names its process, and carries the handoff and platform bound to what is being done
 * (log-fields.ts). Lines carry ids, types, statuses and reasons, never message text (SECURITY.md).
 */
import { hostname } from 'node:os';
import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { boundLogFields } from './log-fields';

/** `HANDOFF_LOG_LEVEL`'s values, as the Temporal SDK names its levels. */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevelSetting = (typeof LOG_LEVELS)[number];

/** `HANDOFF_LOG_FORMAT`'s values. */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Which process a line comes from. */
export type ProcessName = 'api' | 'worker';

export interface LoggerOptions {
  process: ProcessName;
  /** @default "INFO" */
  level?: LogLevelSetting;
  /** @default "pretty" when stdout is a terminal, "json" otherwise */
  format?: LogFormat;
  /** Where the lines go (tests pass a stream); stdout otherwise. */
  destination?: DestinationStream;
}

/** A person at a terminal reads pretty lines; a pipe or a file gets JSON. */
export function defaultLogFormat(stdout: { isTTY?: boolean } = process.stdout): LogFormat {
  return stdout.isTTY === true ? 'pretty' : 'json';
}

export function createLogger(options: LoggerOptions): Logger {
  const format = options.format ?? defaultLogFormat();
  // Synchronous: a process that exits right after a line (a failed start, SIGTERM) still writes it.
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  const colorize = !options.destination && process.stdout.isTTY === true;
  return pino(
    {
      level: (options.level ?? 'INFO').toLowerCase(),
      base: { process: options.process, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: boundLogFields,
    },
    format === 'pretty' ? prettyLines(destination, colorize) : destination,
  );
}

/** pino-pretty's options for a person: one line per entry, the time of day; no pid, host or process, which a person knows. */
export const PRETTY_OPTIONS = { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,process' } as const;

/** Each JSON line pino writes, pretty-printed on its way to `destination`, in the same call. */
function prettyLines(destination: DestinationStream, colorize: boolean): DestinationStream {
  const pretty = prettyFactory({ ...PRETTY_OPTIONS, colorize });
  return { write: (line) => destination.write(pretty(line)) };
}

/** The `log(message, context)` callbacks of the desk, the demo, the API and the platforms, as WARN lines of `logger`. */
export function warningsOf(logger: Logger): (message: string, context: object) => void {
  return (message, context) => logger.warn(context, message);
}

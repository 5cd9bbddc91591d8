/**
 * The Temporal SDK's logger (`Runtime.install({ logger })`) as pino lines: the runtime's, the
 * worker's, the activities' (`Context.current().log` and the SDK's "Activity failed") and the
 * workflows' (`log.*` reaches it through the SDK's default logger sink, with workflowId, runId and
 * workflowType), and core's when forwarded (`coreLogForwarding`).
 *
 * A failure Temporal will retry (a platform down, a bot answering 503) is expected, so its line
 * shows the reason and attempt, never a stack trace; only ERROR entries, which are not expected,
 * keep the stack.
 */
import { ApplicationFailure, type LogLevel, type LogMetadata, type Logger as TemporalLogger } from '@temporalio/common';
import { makeTelemetryFilterString, type LogExporterConfig } from '@temporalio/worker';
import { pino, type Logger } from 'pino';
import { partsOfHandoffId } from '../contracts/handoff-id';
import { createLogger } from '../observability/logger';

const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const satisfies Record<LogLevel, string>;

export interface TemporalLogOptions {
  /** The platform of a configured profile, for a handoff's lines; none when unset. */
  platformOfProfile?: (profile: string) => string | undefined;
}

export class PinoTemporalLogger implements TemporalLogger {
  constructor(
    private readonly logger: Logger,
    private readonly options: TemporalLogOptions = {},
  ) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const method = PINO_LEVEL[level];
    if (!this.logger.isLevelEnabled(method)) return;
    this.logger[method](temporalLogFields(level, meta ?? {}, this.options), message);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }

  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }

  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }

  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }

  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/** The SDK's logger of a worker inside another program (the tests, the bench) at `level`: JSON lines on stderr. */
export function workerLogger(level: LogLevel): PinoTemporalLogger {
  return new PinoTemporalLogger(createLogger({ process: 'worker', level, format: 'json', destination: pino.destination({ dest: 2, sync: true }) }));
}

/**
 * The fields of one SDK entry: its meta with `runId` for the activities' `workflowRunId`, the
 * handoff and its platform bound (a handoff's workflow id is its id), an error as its reason (and
 * its stack at ERROR only), and without the activity's task token, which completes the activity.
 */
export function temporalLogFields(level: LogLevel, meta: LogMetadata, options: TemporalLogOptions = {}): Record<string, unknown> {
  const { taskToken: _taskToken, workflowRunId, error, ...rest } = meta;
  const fields: Record<string, unknown> = { ...rest };
  if (workflowRunId !== undefined && fields.runId === undefined) fields.runId = workflowRunId;
  const workflowId = typeof fields.workflowId === 'string' ? fields.workflowId : undefined;
  const handoff = workflowId === undefined ? undefined : partsOfHandoffId(workflowId);
  if (handoff && fields.handoffId === undefined) fields.handoffId = workflowId;
  if (handoff && fields.platform === undefined) {
    const platform = options.platformOfProfile?.(handoff.profile);
    if (platform) fields.platform = platform;
  }
  for (const [key, value] of Object.entries(fields)) if (value instanceof Error) fields[key] = reasonOf(value);
  if (error !== undefined) Object.assign(fields, errorFields(level, error));
  return fields;
}

function errorFields(level: LogLevel, error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { reason: String(error) };
  return {
    reason: reasonOf(error),
    errorType: error instanceof ApplicationFailure && error.type ? error.type : error.name,
    ...(level === 'ERROR' && error.stack && { stack: error.stack }),
  };
}

/** "Error: bot callback unreachable: fetch failed (cause: connect ECONNREFUSED 127.0.0.1:9)". */
function reasonOf(error: Error): string {
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}

/**
 * Core's own entries (the Rust side: connections, pollers) forwarded to the runtime's logger at
 * `level`, instead of printed to stderr in core's format; other crates only from ERROR.
 */
export function coreLogForwarding(level: LogLevel): LogExporterConfig {
  return { forward: {}, filter: makeTelemetryFilterString({ core: level, other: 'ERROR' }) };
}

/**
 * How `npm start` shows its children's logs. They write JSON lines to a pipe; a person at a
 * terminal reads each as a pretty line (pino-pretty) behind the child's name, as `docker compose`
 * shows its services. With `HANDOFF_LOG_FORMAT=json` the lines pass through untouched, for a
 * collector reading `npm start`'s output.
 */
import { prettyFactory } from 'pino-pretty';
import { PRETTY_OPTIONS, type LogFormat } from './logger';

/** Turns one line a child wrote into what `npm start` prints (without the newline). */
export type ChildLineFormatter = (line: string) => string;

export interface ChildLogOptions {
  format: LogFormat;
  /** Colours for a terminal. @default false */
  colorize?: boolean;
}

/** The width the names are padded to, so the lines of every child start in the same column. */
const NAME_WIDTH = 'worker'.length;

export function childLineFormatter(name: string, options: ChildLogOptions): ChildLineFormatter {
  if (options.format === 'json') return (line) => line;
  const pretty = prettyFactory({ ...PRETTY_OPTIONS, colorize: options.colorize ?? false });
  const prefix = `${name.padEnd(NAME_WIDTH)} | `;
  return (line) => {
    const entry = logEntryOf(line);
    // A message of several lines (the SDK's bundler report) keeps the name on each.
    return (entry ? pretty(entry).trimEnd() : line)
      .split('\n')
      .map((part) => prefix + part)
      .join('\n');
  };
}

/** A pino line, parsed; undefined for anything else a child prints (a crash's stack, a plain message). */
function logEntryOf(line: string): object | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry: unknown = JSON.parse(line);
    return typeof entry === 'object' && entry !== null && 'level' in entry && 'msg' in entry ? entry : undefined;
  } catch {
    return undefined;
  }
}

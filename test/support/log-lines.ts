/** Log lines captured in memory: a destination for `createLogger`, and what was written to it, parsed. */
import type { DestinationStream } from 'pino';

export interface CapturedLogs {
  destination: DestinationStream;
  /** Everything written, as it came. */
  text(): string;
  /** Every line, parsed as JSON (throws on a line that is not). */
  lines(): Record<string, unknown>[];
}

export function captureLogs(): CapturedLogs {
  let text = '';
  return {
    destination: { write: (chunk: string) => void (text += chunk) },
    text: () => text,
    lines: () => parseLogLines(text),
  };
}

/** The JSON lines of a process's output, skipping the lines that are not JSON objects (a person's messages). */
export function jsonLinesOf(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function parseLogLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * The scanning hook: a deployment's malware scanner sees every user file before it is stored, so a
 * refused file never reaches an agent. Off by default. A command (`HANDOFF_ATTACHMENT_SCAN_COMMAND`,
 * e.g. `clamdscan --no-summary --fdpass`) gets the file's path as its last argument and answers by
 * its exit code as ClamAV does: 0 clean, 1 refused, anything else no verdict. An HTTP endpoint
 * (`HANDOFF_ATTACHMENT_SCAN_URL`) gets the bytes POSTed: 2xx clean, 403 or 422 refused, anything
 * else no verdict. No verdict refuses the upload with 503: a file is never let through unscanned.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AttachmentRefusedError, ScannerUnavailableError } from './errors';

export interface AttachmentScanner {
  /** Resolves when the file is clean; throws `AttachmentRefusedError` or `ScannerUnavailableError`. */
  scan(file: string): Promise<void>;
}

export interface ScannerSettings {
  /** The command and its arguments, split on spaces; the file's path is appended. */
  command?: string;
  url?: string;
  /** @default 60000 */
  timeoutMs?: number;
}

export function createScanner(settings: ScannerSettings): AttachmentScanner | undefined {
  const timeoutMs = settings.timeoutMs ?? 60_000;
  if (settings.command) return commandScanner(settings.command, timeoutMs);
  if (settings.url) return httpScanner(settings.url, timeoutMs);
  return undefined;
}

function commandScanner(commandLine: string, timeoutMs: number): AttachmentScanner {
  const [command, ...args] = commandLine.trim().split(/\s+/);
  return {
    scan: (file) =>
      new Promise((resolve, reject) => {
        execFile(command!, [...args, file], { timeout: timeoutMs, maxBuffer: 64 * 1024 }, (error, stdout) => {
          if (!error) return resolve();
          const code = (error as { code?: unknown }).code;
          if (code === 1) return reject(new AttachmentRefusedError(lastLine(String(stdout))));
          reject(new ScannerUnavailableError(typeof code === 'number' ? `the scan command exited with ${code}` : `the scan command failed: ${error.message}`));
        });
      }),
  };
}

function httpScanner(url: string, timeoutMs: number): AttachmentScanner {
  return {
    async scan(file) {
      let answer: Response;
      try {
        const { size } = await stat(file);
        answer = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
          body: Readable.toWeb(createReadStream(file)) as ReadableStream,
          duplex: 'half',
          signal: AbortSignal.timeout(timeoutMs),
        } as RequestInit);
      } catch (error) {
        throw new ScannerUnavailableError(`the scan endpoint could not be reached: ${(error as Error).message}`);
      }
      const text = await answer.text().catch(() => '');
      if (answer.ok) return;
      if (answer.status === 403 || answer.status === 422) throw new AttachmentRefusedError(lastLine(text));
      throw new ScannerUnavailableError(`the scan endpoint answered ${answer.status}`);
    },
  };
}

/** What a scanner said last, short: ClamAV prints `<file>: <signature> FOUND`. */
function lastLine(text: string): string | undefined {
  const line = text.trim().split('\n').pop()?.trim();
  return line ? line.slice(0, 200) : undefined;
}

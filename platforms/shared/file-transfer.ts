/**
 * Moving a file's bytes to and from a platform's storage without holding them whole in memory:
 * a streamed GET of a file the agent sent, a streamed PUT to a presigned upload URL. Failures are
 * sorted like `callHttp`'s: network errors, 408, 429 and 5xx are plain Errors (Temporal retries),
 * any other 4xx is `PlatformRejected`.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { platformRejected } from '../../lib/failures';

export interface DownloadedFile {
  body: Readable;
  /** The `Content-Type` the server answered with, without parameters; absent when it gave none. */
  contentType?: string;
}

function sortStatus(status: number, what: string, detail = ''): Error {
  const summary = `${what}: HTTP ${status} ${detail.slice(0, 300)}`.trim();
  return status === 408 || status === 429 || status >= 500 ? new Error(summary) : platformRejected(summary, { status });
}

function httpUrl(url: string, what: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw platformRejected(`${what}: not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw platformRejected(`${what}: only http(s) URLs are fetched`);
  return parsed;
}

/** A streamed GET; the body is handed over unread, for the attachment store to consume. */
export async function downloadFile(url: string, what: string, headers: Record<string, string> = {}): Promise<DownloadedFile> {
  httpUrl(url, what);
  let response: Response;
  try {
    // A redirect could carry the credentials elsewhere: the platforms' file URLs answer directly.
    response = await fetch(url, { headers, redirect: 'error', signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    throw new Error(`${what}: ${new URL(url).host} unreachable (${(error as Error).message})`, { cause: error });
  }
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    throw sortStatus(response.status, what, text);
  }
  const contentType = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  return { body: Readable.fromWeb(response.body as WebReadableStream), ...(contentType && { contentType }) };
}

/**
 * PUTs `size` bytes from `body` to a presigned URL with exactly `headers` (what the platform said
 * to include) and a `Content-Length`: S3-style presigned uploads refuse chunked bodies.
 */
export async function uploadFile(url: string, headers: Record<string, string>, body: Readable, size: number, what: string): Promise<void> {
  const target = httpUrl(url, what);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = send(target, { method: 'PUT', headers: { ...headers, 'content-length': String(size) }, timeout: 120_000 }, resolve);
    req.on('timeout', () => req.destroy(new Error('timed out')));
    pipeline(body, req).catch(reject);
  }).catch((error: Error) => {
    throw new Error(`${what}: ${target.host} unreachable (${error.message})`, { cause: error });
  });
  let text = '';
  for await (const chunk of response) if (text.length < 1_000) text += String(chunk);
  if (response.statusCode === undefined || response.statusCode < 200 || response.statusCode >= 300) throw sortStatus(response.statusCode ?? 0, what, text);
}

import { Readable, Transform } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import type { AgentAttachmentSource, AttachmentRef } from '../contracts/attachment';
import type { PlatformSession } from '../contracts/platform-session';
import { platformRejected } from '../lib/failures';
import type { FetchedAttachment } from '../platforms/connector';
import { connectorFor, profileOf, type ActivityDeps } from './deps';

export interface AgentAttachmentInput {
  handoffId: string;
  profile: string;
  session: PlatformSession;
  source: AgentAttachmentSource;
}

/** The largest agent file taken when the profile sets no `attachments.maxBytes`. @default 10 MB */
export const DEFAULT_AGENT_FILE_MAX_BYTES = 10 * 1024 * 1024;

const FETCH_TIMEOUT_MS = 90_000;

export function createAttachmentActivities(deps: ActivityDeps) {
  return {
    /**
     * Fetches a file an agent sent into the attachment store and answers its reference (the
     * workflow never sees the bytes). The connector's `fetchAgentAttachment` fetches it where the
     * platform needs a call of its own; otherwise `source.url` is fetched with a plain GET. A file
     * larger than the profile allows, or a 4xx, fails for good; anything else is retried, and a
     * retry stores the same file under the same key.
     */
    async importAgentAttachment({ profile: name, ...input }: AgentAttachmentInput): Promise<AttachmentRef> {
      const profile = profileOf(deps, name);
      const connector = connectorFor(deps, profile, 'broker');
      const context = { ...input, profileName: name, options: profile.platformOptions, timeouts: profile.timeouts, attachments: deps.attachments };
      const maxBytes = maxBytesOf(profile);
      if (input.source.size !== undefined && input.source.size > maxBytes) throw tooLarge(input.source.name, maxBytes);
      const fetched = connector.fetchAgentAttachment ? await connector.fetchAgentAttachment(context, input.source) : await fetchByUrl(input.source);
      return deps.attachments.put(fetched.body.pipe(byteLimit(maxBytes, input.source.name)), {
        name: input.source.name,
        declaredType: input.source.contentType ?? fetched.contentType,
      });
    },
  };
}

async function fetchByUrl(source: AgentAttachmentSource): Promise<FetchedAttachment> {
  if (source.url === undefined) throw platformRejected(`the agent's file "${source.name}" names neither a URL nor a connector call to fetch it`);
  const url = new URL(source.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw platformRejected(`the agent's file URL must be http(s), not ${url.protocol}`);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch (error) {
    throw new Error(`agent file: ${url.host} unreachable (${(error as Error).message})`, { cause: error });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    const summary = `agent file: ${url.host} answered HTTP ${response.status}`;
    if (response.status === 408 || response.status === 429 || response.status >= 500) throw new Error(summary);
    throw platformRejected(summary, { status: response.status });
  }
  return {
    body: Readable.fromWeb(response.body as ReadableStream<Uint8Array>),
    name: source.name,
    contentType: response.headers.get('content-type')?.split(';')[0]?.trim() || 'application/octet-stream',
  };
}

function maxBytesOf(profile: object): number {
  const limits = (profile as { attachments?: { maxBytes?: number } }).attachments;
  return limits?.maxBytes ?? DEFAULT_AGENT_FILE_MAX_BYTES;
}

function tooLarge(name: string, maxBytes: number) {
  return platformRejected(`the agent's file "${name}" is larger than the profile's ${maxBytes} bytes`);
}

/** Passes bytes through until `maxBytes`, then fails the stream for good (the store keeps nothing of it). */
function byteLimit(maxBytes: number, name: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(tooLarge(name, maxBytes));
      else done(null, chunk);
    },
  });
}

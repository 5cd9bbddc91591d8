import { Transform } from 'node:stream';
import type { AgentAttachmentSource, AttachmentRef } from '../contracts/attachment';
import type { PlatformSession } from '../contracts/platform-session';
import { platformRejected } from '../lib/failures';
import { connectorFor, profileOf, type ActivityDeps } from './deps';

export interface AgentAttachmentInput {
  handoffId: string;
  profile: string;
  session: PlatformSession;
  source: AgentAttachmentSource;
}

/** The largest agent file taken when the profile sets no `attachments.maxBytes`. @default 10 MB */
export const DEFAULT_AGENT_FILE_MAX_BYTES = 10 * 1024 * 1024;

export function createAttachmentActivities(deps: ActivityDeps) {
  return {
    /**
     * Fetches a file an agent sent into the attachment store and answers its reference (the
     * workflow never sees the bytes), through the connector's `fetchAgentAttachment`, which
     * fetches only from where its platform keeps files. A file
     * larger than the profile allows, or a 4xx, fails for good; anything else is retried, and a
     * retry stores the same file under the same key.
     */
    async importAgentAttachment({ profile: name, ...input }: AgentAttachmentInput): Promise<AttachmentRef> {
      const profile = profileOf(deps, name);
      const connector = connectorFor(deps, profile, 'broker');
      const context = { ...input, profileName: name, options: profile.platformOptions, timeouts: profile.timeouts, attachments: deps.attachments };
      const maxBytes = maxBytesOf(profile);
      if (input.source.size !== undefined && input.source.size > maxBytes) throw tooLarge(input.source.name, maxBytes);
      // Only the platform's connector knows where its files may come from; the worker fetches no URL a webhook merely names.
      if (!connector.fetchAgentAttachment) throw platformRejected(`platform ${profile.platform} cannot fetch an agent's file ("${input.source.name}")`);
      const fetched = await connector.fetchAgentAttachment(context, input.source);
      return deps.attachments.put(fetched.body.pipe(byteLimit(maxBytes, input.source.name)), {
        name: input.source.name,
        declaredType: input.source.contentType ?? fetched.contentType,
      });
    },
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

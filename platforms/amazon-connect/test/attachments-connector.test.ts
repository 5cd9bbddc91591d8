/**
 * Amazon Connect's three-step attachment upload and GetAttachment, by the connector against the
 * simulator, which checks them as documented (ClientToken idempotency, the presigned PUT's signed
 * headers and declared size, CompleteAttachmentUpload only after the upload).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../contracts/agent-event';
import type { AttachmentRef } from '../../../contracts/attachment';
import type { PlatformOutboundAttachment } from '../../../contracts/platform-session';
import type { AttachmentAccess, HandoffContext, SessionContext } from '../../connector';
import { amazonConnectConnector } from '../connector';
import { toAgentEvents, TranscriptItemSchema } from '../events';
import { AmazonConnectOptionsSchema, type AmazonConnectOptions } from '../options';
import { AmazonConnectSimulator } from './simulator';

const INSTANCE = 'a1b2c3d4-0000-4000-8000-000000000002';
const ACCESS_KEY = 'AKIASIMULATOR0000002';
const connect = new AmazonConnectSimulator({ instanceId: INSTANCE, accessKeyId: ACCESS_KEY, region: 'eu-west-2' });
const savedEnv = { ...process.env };
let options: AmazonConnectOptions;

/** An attachment store in memory, with links that name the file. */
class MemoryAttachments implements AttachmentAccess {
  readonly files = new Map<string, Buffer>();
  opened = 0;
  add(name: string, contentType: string, bytes: Buffer): AttachmentRef {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.files.set(sha256, bytes);
    return { attachmentId: sha256, sha256, name, contentType, size: bytes.length };
  }
  async open(ref: AttachmentRef): Promise<Readable> {
    this.opened++;
    return Readable.from([this.files.get(ref.attachmentId)!]);
  }
  downloadUrl(ref: AttachmentRef, ttlMs = 0): string {
    return `https://handoff.example/v1/attachments/${ref.attachmentId}?ttl=${ttlMs}&token=t`;
  }
  async put(bytes: Readable, meta: { name: string; declaredType?: string }): Promise<AttachmentRef> {
    const chunks: Buffer[] = [];
    for await (const chunk of bytes) chunks.push(chunk as Buffer);
    return this.add(meta.name, meta.declaredType ?? 'application/octet-stream', Buffer.concat(chunks));
  }
}

beforeAll(async () => {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: 'simulator-secret-key', AWS_EC2_METADATA_DISABLED: 'true' });
  const url = await connect.start();
  options = AmazonConnectOptionsSchema.parse({
    region: 'eu-west-2',
    instanceId: INSTANCE,
    contactFlowId: 'flow-chat-inbound',
    streamingTopicArn: 'arn:aws:sns:eu-west-2:123456789012:handoff-attachments',
    endpoints: { connect: url, participant: url },
  });
});
afterAll(async () => {
  await connect.stop();
  process.env = savedEnv;
});

let chains = 0;
async function openChat(attachments = new MemoryAttachments()) {
  const connector = amazonConnectConnector().broker;
  const timeouts = { agentAccept: 600_000, inactivity: 600_000, maxDuration: 7_200_000 };
  const handoff: HandoffContext<AmazonConnectOptions> = {
    handoffId: `handoff-${++chains}`,
    chainId: `chain-attachments-${chains}-${Date.now()}`,
    profileName: 'connect',
    options,
    timeouts,
    request: {
      conversationId: 'conversation-1',
      profile: 'connect',
      user: { id: 'user-1', name: 'Ada Lovelace' },
      issue: { lastUtterance: 'My VPN keeps dropping' },
      transcript: [],
      resultsPresented: [],
    } as unknown as HandoffContext<AmazonConnectOptions>['request'],
  };
  const { session } = await connector.openSession(handoff);
  const context: SessionContext<AmazonConnectOptions> = { handoffId: handoff.handoffId, profileName: 'connect', session, options, timeouts, attachments };
  return { connector, context, attachments, session };
}

const item = (ref: AttachmentRef, seq = 1): PlatformOutboundAttachment => ({ seq, kind: 'attachment', messageId: `attachment:${ref.sha256}`, attachment: ref });
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('MARKER-screenshot '.repeat(500))]);
const lastCalls = (since: number) => connect.calls.slice(since).filter((c) => c.operation.includes('Attachment') || c.operation === 'SendMessage');

describe('Amazon Connect attachments, user to agent', () => {
  it('uploads a file in the three documented steps and the agent sees the same bytes once', async () => {
    const { connector, context, attachments, session } = await openChat();
    const ref = attachments.add('screenshot.png', 'image/png', png);
    const before = connect.calls.length;
    await connector.deliver(context, [item(ref)]);
    expect(lastCalls(before).map((c) => `${c.operation}:${c.status}`)).toEqual(['StartAttachmentUpload:200', 'CompleteAttachmentUpload:200']);
    const [file, ...others] = connect.customerFiles(session.key);
    expect(others).toEqual([]);
    expect(file).toMatchObject({ name: 'screenshot.png', contentType: 'image/png', size: png.length, status: 'APPROVED', sha256: ref.sha256 });
    expect(connect.uploads.at(-1)).toEqual({ attachmentId: file!.attachmentId, status: 200 });

    // A repeated delivery (a retry, another worker) is the same upload: still one file for the agent.
    await connector.deliver(context, [item(ref)]);
    expect(connect.customerFiles(session.key)).toHaveLength(1);
    expect(connect.attachments.filter((a) => a.contactId === session.key && a.from === 'CUSTOMER')).toHaveLength(1);
  });

  it('completes the upload once when the answer of CompleteAttachmentUpload is lost', async () => {
    const { connector, context, attachments, session } = await openChat();
    const ref = attachments.add('guide.pdf', 'application/pdf', Buffer.from('%PDF-1.4 MARKER-pdf\n%%EOF\n'));
    connect.loseResponses('CompleteAttachmentUpload', 1);
    await expect(connector.deliver(context, [item(ref)])).rejects.toThrow(/CompleteAttachmentUpload/);
    expect(connect.customerFiles(session.key)).toHaveLength(1);
    await connector.deliver(context, [item(ref)]);
    expect(connect.customerFiles(session.key).map((f) => f.name)).toEqual(['guide.pdf']);
  });

  it('retries a refused step as Temporal would and sorts refusals', async () => {
    const { connector, context, attachments, session } = await openChat();
    const ref = attachments.add('notes.txt', 'text/plain', Buffer.from('MARKER-text'));
    connect.failNext('StartAttachmentUpload', 1, 503);
    const transient = await connector.deliver(context, [item(ref)]).catch((error: unknown) => error);
    expect(transient).toBeInstanceOf(Error);
    expect(transient).not.toBeInstanceOf(ApplicationFailure);
    connect.failNext('StartAttachmentUpload', 1, 400, 'ValidationException');
    const refused = await connector.deliver(context, [item(ref)]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect((refused as ApplicationFailure).nonRetryable).toBe(true);
    await connector.deliver(context, [item(ref)]);
    expect(connect.customerFiles(session.key).map((f) => f.name)).toEqual(['notes.txt']);
  });

  it('sends a type Connect does not take as a message with the signed link (valid 7 days)', async () => {
    const { connector, context, attachments, session } = await openChat();
    const ref = attachments.add('animation.webp', 'image/webp', Buffer.from('RIFF....WEBPVP8 MARKER'));
    await connector.deliver(context, [item(ref)]);
    expect(connect.customerFiles(session.key)).toEqual([]);
    const [message] = connect.customerMessages(session.key);
    expect(message).toContain('animation.webp');
    expect(message).toContain(`https://handoff.example/v1/attachments/${ref.attachmentId}?ttl=${7 * 24 * 3_600_000}`);
    expect(attachments.opened).toBe(0);
    // The same item again is the same message (its ClientToken), not a second one.
    await connector.deliver(context, [item(ref)]);
    expect(connect.customerMessages(session.key)).toHaveLength(1);
  });
});

describe('Amazon Connect attachments, agent to user', () => {
  it('fetches an agent file through GetAttachment and its presigned URL', async () => {
    const { connector, context, session } = await openChat();
    const pdf = Buffer.from('%PDF-1.4 MARKER-agent-guide\n%%EOF\n');
    connect.agentSendsFile(session.key, { name: 'vpn-guide.pdf', contentType: 'application/pdf', bytes: pdf }, 'Grace');
    const item = connect.contact(session.key).transcript.at(-1)!;
    const [event] = toAgentEvents(TranscriptItemSchema.parse(item), {}, { eventId: item.Id, sessionKey: session.key, at: item.AbsoluteTime }) as AgentEvent[];
    if (event?.type !== 'agent.attachment') throw new Error(`not an attachment event: ${JSON.stringify(event)}`);
    expect(event.source).toEqual({ name: 'vpn-guide.pdf', contentType: 'application/pdf', platformAttachmentId: expect.stringMatching(/^att-/) });
    const fetched = await connector.fetchAgentAttachment!(context, event.source);
    const chunks: Buffer[] = [];
    for await (const chunk of fetched.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(pdf)).toBe(true);
    expect(fetched).toMatchObject({ name: 'vpn-guide.pdf', contentType: 'application/pdf' });
    await expect(connector.fetchAgentAttachment!(context, { name: 'x.pdf', platformAttachmentId: 'att-unknown' })).rejects.toMatchObject({
      nonRetryable: true,
    });
  });
});

describe('the simulated attachment bucket', () => {
  it('refuses an upload without the signed headers, with another size, or after CompleteAttachmentUpload was refused', async () => {
    const { context, session } = await openChat();
    const connection = await fetch(`${connect.url}/participant/connection`, {
      method: 'POST',
      headers: { 'x-amz-bearer': connect.contact(session.key).customer.participantToken, 'content-type': 'application/json' },
      body: JSON.stringify({ Type: ['CONNECTION_CREDENTIALS'] }),
    });
    const token = ((await connection.json()) as { ConnectionCredentials: { ConnectionToken: string } }).ConnectionCredentials.ConnectionToken;
    const call = (path: string, body: object) =>
      fetch(`${connect.url}/participant/${path}`, {
        method: 'POST',
        headers: { 'x-amz-bearer': token, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const started = (await (
      await call('start-attachment-upload', { ContentType: 'image/png', AttachmentSizeInBytes: 4, AttachmentName: 'a.png', ClientToken: 'ct-1' })
    ).json()) as { AttachmentId: string; UploadMetadata: { Url: string; HeadersToInclude: Record<string, string> } };
    expect((await call('complete-attachment-upload', { AttachmentIds: [started.AttachmentId], ClientToken: 'ct-2' })).status).toBe(409);
    expect((await fetch(started.UploadMetadata.Url, { method: 'PUT', body: 'abcd' })).status).toBe(403);
    const headers = started.UploadMetadata.HeadersToInclude;
    expect((await fetch(started.UploadMetadata.Url, { method: 'PUT', headers, body: 'abcde' })).status).toBe(400);
    expect((await fetch(started.UploadMetadata.Url, { method: 'PUT', headers, body: 'abcd' })).status).toBe(200);
    expect((await call('complete-attachment-upload', { AttachmentIds: [started.AttachmentId], ClientToken: 'ct-2' })).status).toBe(200);
    expect(
      (await call('start-attachment-upload', { ContentType: 'image/gif', AttachmentSizeInBytes: 4, AttachmentName: 'a.gif', ClientToken: 'ct-3' })).status,
    ).toBe(400);
    expect(context.session.key).toBe(session.key);
  });
});

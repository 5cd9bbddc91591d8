/**
 * ServiceNow's Virtual Agent Bot Integration API and files, by the connector against the
 * simulator: a user's file goes by URL (`message.attachment`) when its type is documented, else as
 * a message with the link; an agent's file is fetched from the instance with the integration's
 * credentials, and from anywhere else without them.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentRef } from '../../../contracts/attachment';
import type { PlatformOutboundAttachment } from '../../../contracts/platform-session';
import type { AttachmentAccess, HandoffContext, SessionContext } from '../../connector';
import { SERVICENOW_ATTACHMENT_URL_TTL_MS, serviceNowVaConnector } from '../bot-integration';
import { ServiceNowOptionsSchema, type ServiceNowOptions } from '../options';
import { ServiceNowVaSimulator } from './bot-integration-simulator';

const env = { SN_VA_USER: 'va.user', SN_VA_PASSWORD: 'va-password', SN_VA_TOKEN: 'va-token', SN_HOOK_USER: 'hook', SN_HOOK_PASSWORD: 'hook-password' };
const va = new ServiceNowVaSimulator({
  username: env.SN_VA_USER,
  password: env.SN_VA_PASSWORD,
  token: env.SN_VA_TOKEN,
  responseAuth: { username: 'hook', password: 'hook-password', tokenHeader: 'x-sn-token', token: 't' },
});
const files = new Map<string, { contentType: string; bytes: Buffer }>();
/** Handoff's download endpoint, as far as ServiceNow sees it; it records who asked with which credentials. */
const requests: Array<{ path: string; authorization?: string }> = [];
let fileServer: Server;
let fileServerUrl = '';
let options: ServiceNowOptions;

class MemoryAttachments implements AttachmentAccess {
  add(name: string, contentType: string, bytes: Buffer): AttachmentRef {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    files.set(sha256, { contentType, bytes });
    return { attachmentId: sha256, sha256, name, contentType, size: bytes.length };
  }
  async open(ref: AttachmentRef): Promise<Readable> {
    return Readable.from([files.get(ref.attachmentId)!.bytes]);
  }
  downloadUrl(ref: AttachmentRef, ttlMs = 0): string {
    return `${fileServerUrl}/v1/attachments/${ref.attachmentId}?ttl=${ttlMs}&token=signed`;
  }
  async put(): Promise<AttachmentRef> {
    throw new Error('not used');
  }
}

beforeAll(async () => {
  const vaUrl = await va.start();
  fileServer = createServer((req, res) => {
    requests.push({ path: req.url ?? '', ...(req.headers.authorization && { authorization: req.headers.authorization }) });
    const id = /\/(?:v1\/attachments|public)\/([0-9a-f]{64})/.exec(req.url ?? '')?.[1];
    const file = id ? files.get(id) : undefined;
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.contentType }).end(file.bytes);
  });
  await new Promise<void>((resolve) => fileServer.listen(0, '127.0.0.1', resolve));
  fileServerUrl = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}`;
  options = ServiceNowOptionsSchema.parse({
    instanceUrl: vaUrl,
    botIntegration: {
      auth: { type: 'basic', username: '${SN_VA_USER}', password: '${SN_VA_PASSWORD}' },
      token: '${SN_VA_TOKEN}',
      webhook: { basic: { username: '${SN_HOOK_USER}', password: '${SN_HOOK_PASSWORD}' } },
    },
  });
});
afterAll(async () => {
  await va.stop();
  await new Promise((resolve) => fileServer.close(resolve));
});

let chats = 0;
async function openChat() {
  const connector = serviceNowVaConnector(env);
  const timeouts = { agentAccept: 600_000, inactivity: 600_000, maxDuration: 7_200_000 };
  const handoffId = `handoff/sn/files-${++chats}`;
  const handoff = {
    handoffId,
    chainId: `chain-files-${chats}-${Date.now()}`,
    profileName: 'sn',
    options,
    timeouts,
    request: {
      conversationId: 'c-1',
      profile: 'sn',
      user: { id: 'user-1', name: 'Ada' },
      issue: { lastUtterance: 'VPN' },
      transcript: [],
      resultsPresented: [],
    },
  } as unknown as HandoffContext<ServiceNowOptions>;
  const { session } = await connector.openSession(handoff);
  const attachments = new MemoryAttachments();
  const context: SessionContext<ServiceNowOptions> = { handoffId, profileName: 'sn', session, options, timeouts, attachments };
  return { connector, context, attachments, conversation: va.conversationOf(handoffId)! };
}

const item = (ref: AttachmentRef, seq = 2): PlatformOutboundAttachment => ({ seq, kind: 'attachment', messageId: `attachment:${ref.sha256}`, attachment: ref });

describe('ServiceNow attachments, user to agent', () => {
  it('sends a documented type by its signed URL, which the instance fetches: the same bytes', async () => {
    const { connector, context, attachments, conversation } = await openChat();
    const pdf = Buffer.from('%PDF-1.4 MARKER-user-pdf\n%%EOF\n');
    const ref = attachments.add('error-report.pdf', 'application/pdf', pdf);
    await connector.deliver(context, [item(ref)]);
    await va.filesFetched();
    const request = va.requests.at(-1)!;
    expect(request.message).toMatchObject({
      text: '',
      typed: true,
      attachment: [
        {
          clientAttachmentId: ref.attachmentId,
          contentType: 'application/pdf',
          fileName: 'error-report.pdf',
          url: expect.stringContaining(`ttl=${SERVICENOW_ATTACHMENT_URL_TTL_MS}`),
        },
      ],
    });
    expect(conversation.userFiles).toHaveLength(1);
    expect(conversation.userFiles[0]!.bytes?.equals(pdf)).toBe(true);
    expect(conversation.userActivity.at(-1)).toBe('file:error-report.pdf');
    expect(conversation.userMessages.map((m) => m.text)).not.toContain('');
  });

  it('sends an undocumented type as a message with the link (valid 7 days)', async () => {
    const { connector, context, attachments, conversation } = await openChat();
    const ref = attachments.add('anim.gif', 'image/gif', Buffer.from('GIF89a MARKER'));
    await connector.deliver(context, [item(ref)]);
    expect(va.requests.at(-1)!.message.attachment).toBeUndefined();
    expect(conversation.userFiles).toEqual([]);
    expect(conversation.userMessages.at(-1)!.text).toContain('anim.gif');
    expect(conversation.userMessages.at(-1)!.text).toContain(`ttl=${7 * 24 * 3_600_000}`);
  });

  it('keeps the requestId of a file across retries', async () => {
    const { connector, context, attachments } = await openChat();
    const ref = attachments.add('notes.txt', 'text/plain', Buffer.from('MARKER-notes'));
    va.loseResponses = 1;
    await expect(connector.deliver(context, [item(ref)])).rejects.toThrow();
    await connector.deliver(context, [item(ref)]);
    expect(va.repeatedRequestIds).toContain(va.requests.at(-1)!.requestId);
  });
});

describe('ServiceNow attachments, agent to user', () => {
  it("fetches an agent's file from the instance with the integration's credentials", async () => {
    const { connector, context } = await openChat();
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x4d]);
    const url = va.hostFile('image/png', png);
    const fetched = await connector.fetchAgentAttachment!(context, { name: 'shot.png', url });
    const chunks: Buffer[] = [];
    for await (const chunk of fetched.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(png)).toBe(true);
    expect(fetched).toMatchObject({ name: 'shot.png', contentType: 'image/png' });
  });

  it('fetches nothing from another host: neither the credentials nor the worker go where a webhook points', async () => {
    const { connector, context, attachments } = await openChat();
    const ref = attachments.add('elsewhere.txt', 'text/plain', Buffer.from('MARKER-elsewhere'));
    const before = requests.length;
    const instance = new URL(context.options.instanceUrl);
    const withUser = `${instance.protocol}//va.user:va-password@${instance.host}/api/now/attachment/1/file`;
    for (const url of [`${fileServerUrl}/public/${ref.attachmentId}`, 'http://169.254.169.254/latest/meta-data', withUser]) {
      await expect(connector.fetchAgentAttachment!(context, { name: 'elsewhere.txt', url }), url).rejects.toMatchObject({
        nonRetryable: true,
        message: expect.stringContaining('not on the instance'),
      });
    }
    expect(requests.length).toBe(before);
  });
});

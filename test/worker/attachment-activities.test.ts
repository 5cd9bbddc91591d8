import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttachmentActivities } from '../../activities/attachments';
import type { ActivityDeps } from '../../activities/deps';
import { createPlatformActivities } from '../../activities/platform';
import type { AttachmentRef } from '../../contracts/attachment';
import type { PlatformOutbound } from '../../contracts/platform-session';
import type { AttachmentAccess, BrokerConnector } from '../../platforms/connector';
import { localDeskConnector } from '../../platforms/local-desk/connector';

const TIMEOUTS = { agentAccept: 60_000, inactivity: 60_000, maxDuration: 3_600_000 };
const SESSION = { key: 'chat-1', data: {} };
const REF: AttachmentRef = { attachmentId: 'f'.repeat(64), sha256: 'f'.repeat(64), name: 'screen.png', contentType: 'image/png', size: 2_048 };

let server: Server;
let baseUrl = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/desk/files/guide.pdf') {
      res.setHeader('content-type', 'application/pdf');
      return res.end('%PDF-1.4 guide');
    }
    if (req.url === '/desk/files/big') return res.end(Buffer.alloc(2_000, 1));
    if (req.url === '/desk/files/busy') return res.writeHead(503).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A store that keeps what it is given in memory, and signs links as `signed:<id>:<ttl>`. */
function memoryAccess() {
  const stored: Array<{ name: string; declaredType?: string; body: string }> = [];
  const access: AttachmentAccess = {
    open: async () => Readable.from([]),
    downloadUrl: (ref, ttlMs) => `https://handoff.example/v1/attachments/${ref.attachmentId}?ttl=${ttlMs}`,
    async put(bytes, meta) {
      const body = await text(bytes);
      stored.push({ ...meta, body });
      return { ...REF, name: meta.name, contentType: meta.declaredType ?? 'application/octet-stream', size: body.length };
    },
  };
  return { access, stored };
}

function depsFor(platform: string, broker: Partial<BrokerConnector<unknown>>, attachments: AttachmentAccess, profileExtras: object = {}): ActivityDeps {
  const profile = { name: 'p', platform, mode: 'broker', platformOptions: {}, timeouts: TIMEOUTS, ...profileExtras };
  return {
    config: { profiles: new Map([['p', profile]]) },
    connectors: new Map([[platform, { broker }]]),
    attachments,
  } as unknown as ActivityDeps;
}

describe('importAgentAttachment', () => {
  const input = (source: object) => ({ handoffId: 'h1', profile: 'p', session: SESSION, source: { name: 'guide.pdf', ...source } });

  const desk = () => localDeskConnector({ deskUrl: `${baseUrl}/desk`, secret: 'desk-secret-for-the-tests' }).broker as Partial<BrokerConnector<unknown>>;

  it("fetches a desk file link through the local desk's connector into the store and answers the reference", async () => {
    const { access, stored } = memoryAccess();
    const { importAgentAttachment } = createAttachmentActivities(depsFor('local-desk', desk(), access));
    const ref = await importAgentAttachment(input({ url: `${baseUrl}/desk/files/guide.pdf` }));
    expect(stored).toEqual([{ name: 'guide.pdf', declaredType: 'application/pdf', body: '%PDF-1.4 guide' }]);
    expect(ref.name).toBe('guide.pdf');
  });

  it("uses the connector's own fetch where the platform has one", async () => {
    const { access, stored } = memoryAccess();
    const broker = {
      fetchAgentAttachment: async (_context: unknown, source: { platformAttachmentId?: string }) => ({
        body: Readable.from([Buffer.from(`bytes of ${source.platformAttachmentId}`)]),
        name: 'x',
        contentType: 'text/plain',
      }),
    };
    const { importAgentAttachment } = createAttachmentActivities(depsFor('amazon-connect', broker, access));
    await importAgentAttachment(input({ platformAttachmentId: 'att-1' }));
    expect(stored).toEqual([{ name: 'guide.pdf', declaredType: 'text/plain', body: 'bytes of att-1' }]);
  });

  it("fetches nothing a webhook merely names: a URL outside the desk's files, or a platform without a fetch of its own", async () => {
    const { access, stored } = memoryAccess();
    const fromDesk = createAttachmentActivities(depsFor('local-desk', desk(), access));
    for (const url of ['http://169.254.169.254/latest/meta-data', `${baseUrl}/desk/api/queue`, `${baseUrl}/desk/filesystem`]) {
      await expect(fromDesk.importAgentAttachment(input({ url })), url).rejects.toMatchObject({ type: 'PlatformRejected', nonRetryable: true });
    }
    const noFetch = createAttachmentActivities(depsFor('generic-api', {}, access));
    await expect(noFetch.importAgentAttachment(input({ url: `${baseUrl}/desk/files/guide.pdf` }))).rejects.toMatchObject({
      type: 'PlatformRejected',
      message: expect.stringContaining('cannot fetch'),
    });
    expect(stored).toEqual([]);
  });

  it('fails for good on a 4xx, a file over the limit or no way to fetch it; retries a 5xx', async () => {
    const { access, stored } = memoryAccess();
    const { importAgentAttachment } = createAttachmentActivities(depsFor('local-desk', desk(), access, { attachments: { maxBytes: 1_000 } }));
    await expect(importAgentAttachment(input({ url: `${baseUrl}/desk/files/gone` }))).rejects.toMatchObject({ type: 'PlatformRejected', nonRetryable: true });
    await expect(importAgentAttachment(input({ url: `${baseUrl}/desk/files/big` }))).rejects.toMatchObject({
      type: 'PlatformRejected',
      message: expect.stringContaining('1000 bytes'),
    });
    await expect(importAgentAttachment(input({ url: `${baseUrl}/desk/files/guide.pdf`, size: 5_000 }))).rejects.toMatchObject({ type: 'PlatformRejected' });
    await expect(importAgentAttachment(input({}))).rejects.toMatchObject({ type: 'PlatformRejected' });
    const busy = await importAgentAttachment(input({ url: `${baseUrl}/desk/files/busy` })).catch((error: Error) => error);
    expect(busy).toBeInstanceOf(Error);
    expect(busy).not.toHaveProperty('nonRetryable');
    expect(stored).toEqual([]);
  });
});

describe('deliverToPlatform with files', () => {
  const item: PlatformOutbound = { seq: 3, kind: 'attachment', messageId: `attachment:${REF.sha256}`, attachment: REF, at: new Date().toISOString() };

  async function delivered(platform: string): Promise<PlatformOutbound[]> {
    const got: PlatformOutbound[] = [];
    const broker = { deliver: async (_context: unknown, items: PlatformOutbound[]) => void got.push(...items) };
    const { access } = memoryAccess();
    await createPlatformActivities(depsFor(platform, broker, access)).deliverToPlatform({ handoffId: 'h1', profile: 'p', session: SESSION, items: [item] });
    return got;
  }

  it('hands the file itself to a platform that declares the attachments capability', async () => {
    expect(await delivered('local-desk')).toEqual([item]);
  });

  it('sends a platform without a file API a message with the name, size and a 7-day link, under the same messageId', async () => {
    const [message] = await delivered('8x8');
    expect(message).toMatchObject({ seq: 3, kind: 'message', messageId: item.messageId });
    const words = (message as { text: string }).text;
    expect(words).toContain('screen.png');
    expect(words).toContain('2.0 KB');
    expect(words).toContain(`https://handoff.example/v1/attachments/${REF.attachmentId}?ttl=${7 * 24 * 3_600_000}`);
  });
});

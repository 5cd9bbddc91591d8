/**
 * The S3 attachment store against moto's S3-compatible server (PyPI `moto[server]`, installed into
 * .tools/moto by tools/scripts/ensure-setup.mjs), through the AWS SDK with an endpoint override.
 */
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentNotFoundError } from '../../attachments/errors';
import { S3AttachmentStore } from '../../attachments/s3-store';
import { createAttachmentStore } from '../../attachments';
import { PROJECT_ROOT } from '../../config/settings';
import { guidePdf, screenshotPng } from './sample-files';

const MOTO_SERVER = path.join(PROJECT_ROOT, '.tools', 'moto', 'bin', 'moto_server');
const BUCKET = 'handoff-attachments';
let moto: ChildProcess;
let endpoint = '';
let dataDir = '';
let client: S3Client;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  if (!existsSync(MOTO_SERVER)) throw new Error(`${MOTO_SERVER} is missing: run \`npm test\` once (tools/scripts/ensure-setup.mjs installs moto[server])`);
  // The SDK's default credential chain: moto takes any key.
  process.env.AWS_ACCESS_KEY_ID = 'testing';
  process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  moto = spawn(MOTO_SERVER, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true });
  for (let attempt = 0; ; attempt++) {
    try {
      await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
      break;
    } catch (error) {
      if (attempt > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-s3-'));
});
afterAll(() => {
  moto?.kill();
  client?.destroy();
  rmSync(dataDir, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the S3 attachment store', () => {
  it('puts a file under its hash, reads the same bytes back and deletes it', async () => {
    const store = createAttachmentStore({ store: 's3', s3: { bucket: BUCKET, endpoint, prefix: 'files/' }, retentionMs: 86_400_000 }, dataDir);
    const png = screenshotPng('MARKER-s3');
    const ref = await store.put(Readable.from([png.bytes]), { name: 'screen.png' });
    expect(ref).toEqual({ attachmentId: sha256(png.bytes), sha256: sha256(png.bytes), name: 'screen.png', contentType: 'image/png', size: png.bytes.length });
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `files/${ref.attachmentId}` }));
    expect(Buffer.from(await object.Body!.transformToByteArray())).toEqual(png.bytes);
    expect(Buffer.concat(await (await store.open(ref.attachmentId)).toArray())).toEqual(png.bytes);
    expect(await store.has(ref.attachmentId)).toBe(true);
    await store.delete(ref.attachmentId);
    expect(await store.has(ref.attachmentId)).toBe(false);
    await expect(store.open(ref.attachmentId)).rejects.toBeInstanceOf(AttachmentNotFoundError);
    // Nothing is left in the local spool.
    expect(readdirSync(path.join(dataDir, 'attachments', '.incoming'))).toEqual([]);
  });

  it('keeps one object for the same bytes, and keeps nothing of a stream that fails', async () => {
    const store = new S3AttachmentStore({ bucket: BUCKET, endpoint, prefix: 'once/', spoolFolder: path.join(dataDir, 'spool') });
    const pdf = guidePdf('MARKER-s3-once');
    await store.put(Readable.from([pdf.bytes]), { name: 'a.pdf' });
    await store.put(Readable.from([pdf.bytes]), { name: 'b.pdf' });
    const failing = new Readable({ read() {} });
    failing.push(Buffer.alloc(5_000, 2));
    setImmediate(() => failing.destroy(new Error('cut')));
    await expect(store.put(failing, { name: 'cut.bin' })).rejects.toThrow('cut');
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'once/' }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual([`once/${sha256(pdf.bytes)}`]);
  });

  it('deletes objects past the retention period', async () => {
    const store = new S3AttachmentStore({ bucket: BUCKET, endpoint, prefix: 'sweep/', spoolFolder: path.join(dataDir, 'spool') });
    const ref = await store.put(Readable.from([Buffer.from('to be swept')]), { name: 'a.txt' });
    expect(await store.deleteStoredBefore(new Date(Date.now() - 60_000))).toBe(0);
    expect(await store.deleteStoredBefore(new Date(Date.now() + 60_000))).toBe(1);
    expect(await store.has(ref.attachmentId)).toBe(false);
  });
});

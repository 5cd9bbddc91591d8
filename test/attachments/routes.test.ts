/** The upload and download routes over real HTTP, with the store on disk and a stand-in handoff service. */
import express from 'express';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadSecretOf, signDownloadUrl } from '../../attachments/download-links';
import { FsAttachmentStore } from '../../attachments/fs-store';
import { createScanner } from '../../attachments/scanner';
import type { AttachmentRef } from '../../contracts/attachment';
import { handoffIdOf } from '../../contracts/handoff-id';
import { parseConfig } from '../../config/load';
import { errorHandler } from '../../api/error-handler';
import { mountRoutes } from '../../api/route-table/mount-routes';
import { attachmentRoutes } from '../../api/routes/attachments';
import { HANDOFFS_PATH } from '../../api/routes/handoffs';
import { EICAR, EICAR_SCANNER } from './eicar';
import { guidePdf, screenshotPng } from './sample-files';

const config = parseConfig(`
profiles:
  default: { mode: broker, platform: local-desk }
  small:
    mode: broker
    platform: local-desk
    attachments: { maxBytes: 2000, types: [image/png] }
`);
const secret = downloadSecretOf('callback-secret-for-routes');
const received: Array<{ handoffId: string; ref: AttachmentRef }> = [];
let dataDir: string;
let attachmentsDir: string;
let base = '';
let server: Server;
let scanning = false;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-attachment-routes-'));
  attachmentsDir = path.join(dataDir, 'attachments');
  const store = new FsAttachmentStore(attachmentsDir);
  const scanner = createScanner({ command: `${process.execPath} ${EICAR_SCANNER}` })!;
  const app = express();
  // No bot token asked for here: the app's guard is tested with the app.
  const routes = (withScanner: boolean) =>
    mountRoutes(
      attachmentRoutes({
        store,
        ...(withScanner && { scanner }),
        spoolFolder: path.join(attachmentsDir, '.incoming'),
        config,
        downloadSecret: secret,
        service: {
          userAttachment: async (handoffId, ref) => {
            received.push({ handoffId, ref });
            return { attachment: ref, seq: received.length };
          },
        },
      }),
      { path: HANDOFFS_PATH, guards: [] },
    );
  const plain = routes(false);
  const scanned = routes(true);
  app.use((req, res, next) => (scanning ? scanned : plain)(req, res, next));
  app.use(errorHandler(() => undefined));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  received.length = 0;
  scanning = false;
  rmSync(attachmentsDir, { recursive: true, force: true });
});

const storedFiles = () => {
  try {
    return readdirSync(attachmentsDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  } catch {
    return [];
  }
};

async function upload(bytes: Buffer, name: string, type?: string, profile = 'default') {
  const form = new FormData();
  form.append('file', new Blob([bytes], type ? { type } : {}), name);
  const answer = await fetch(`${base}/v1/handoffs/${encodeURIComponent(handoffIdOf(profile, 'conv-1'))}/attachments`, { method: 'POST', body: form });
  return { status: answer.status, body: (await answer.json()) as any };
}

/** A multipart upload streamed without a Content-Length, as a bot piping a file would send it; the answer is read while it sends. */
function chunkedUpload(profile: string, type: string, chunks: Buffer[]): Promise<{ status: number; body: any }> {
  const boundary = 'chunked-upload-boundary';
  return new Promise((resolve, reject) => {
    const req = request(`${base}/v1/handoffs/${encodeURIComponent(handoffIdOf(profile, 'conv-1'))}/attachments`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (text += part));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    // Once the answer is in, the server may cut the rest of the body off: that is not the client's failure.
    req.on('error', (error) => (answered ? undefined : reject(error)));
    req.write(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="f.png"\r\ncontent-type: ${type}\r\n\r\n`);
    const next = (i: number): void => {
      if (i === chunks.length) return void req.end(`\r\n--${boundary}--\r\n`);
      if (req.destroyed) return;
      if (req.write(chunks[i]!)) next(i + 1);
      else req.once('drain', () => next(i + 1));
    };
    next(0);
  });
}

describe('POST /v1/handoffs/{id}/attachments', () => {
  it('stores the file, hands its reference to the handoff and answers 202 with it and its seq', async () => {
    const png = screenshotPng('MARKER-route');
    const answer = await upload(png.bytes, 'screenshot.png', 'image/png');
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({
      attachment: {
        attachmentId: expect.stringMatching(/^[0-9a-f]{64}$/),
        sha256: answer.body.attachment.attachmentId,
        name: 'screenshot.png',
        contentType: 'image/png',
        size: png.bytes.length,
      },
      seq: 1,
    });
    expect(received).toEqual([{ handoffId: handoffIdOf('default', 'conv-1'), ref: answer.body.attachment }]);
    expect(storedFiles().map((f) => f.name)).toEqual([answer.body.attachment.attachmentId]);
  });

  it('refuses a file over the profile limit with 413, storing and signalling nothing', async () => {
    const png = screenshotPng('MARKER-big', 'big.png', 400, 300);
    expect(png.bytes.length).toBeGreaterThan(2000);
    const answer = await upload(png.bytes, 'big.png', 'image/png', 'small');
    expect(answer).toEqual({ status: 413, body: { error: { code: 'attachment_too_large', message: expect.any(String), details: { maxBytes: 2000 } } } });
    expect(received).toEqual([]);
    expect(storedFiles()).toEqual([]);
  });

  it('refuses a body whose Content-Length alone is over the limit before reading it', async () => {
    const answer = await upload(Buffer.alloc(200_000, 7), 'huge.png', 'image/png', 'small');
    expect(answer.status).toBe(413);
    expect(storedFiles()).toEqual([]);
  });

  it('answers a streamed (chunked) upload that goes on far past the limit before cutting it off, with the first refusal', async () => {
    const png = screenshotPng('MARKER-stream').bytes;
    // 3 MB after a real PNG head, with no Content-Length: read to 2,000 bytes, drained to about 1 MB more, then cut.
    const tooLarge = await chunkedUpload('small', 'image/png', [png, ...Array.from({ length: 48 }, () => Buffer.alloc(64 * 1024, 7))]);
    expect(tooLarge).toEqual({ status: 413, body: { error: expect.objectContaining({ code: 'attachment_too_large' }) } });
    // Refused at its first bytes (an executable declared a PNG), then 12 MB more: the answer says why, not "too large".
    const exe = Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1');
    const mismatch = await chunkedUpload('default', 'image/png', [exe, ...Array.from({ length: 192 }, () => Buffer.alloc(64 * 1024, 7))]);
    expect(mismatch).toEqual({ status: 415, body: { error: expect.objectContaining({ code: 'attachment_type_mismatch' }) } });
    expect(received).toEqual([]);
    expect(storedFiles()).toEqual([]);
  });

  it('refuses with 415 a type the profile does not take, and a declared type the bytes contradict', async () => {
    const pdf = guidePdf('MARKER-pdf');
    const notAllowed = await upload(pdf.bytes, 'guide.pdf', 'application/pdf', 'small');
    expect(notAllowed.status).toBe(415);
    expect(notAllowed.body.error.code).toBe('attachment_type_not_allowed');
    const mismatch = await upload(screenshotPng('MARKER-lie').bytes, 'invoice.pdf', 'application/pdf');
    expect(mismatch.status).toBe(415);
    expect(mismatch.body.error).toMatchObject({ code: 'attachment_type_mismatch', details: { declared: 'application/pdf', sniffed: 'image/png' } });
    const exe = await upload(Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), 'tool.exe');
    expect(exe.status).toBe(415);
    expect(received).toEqual([]);
    expect(storedFiles()).toEqual([]);
  });

  it('refuses an empty file with 400, storing and signalling nothing', async () => {
    for (const type of ['text/plain', 'image/png', undefined]) {
      const empty = await upload(Buffer.alloc(0), 'empty.txt', type);
      expect(empty).toEqual({ status: 400, body: { error: { code: 'attachment_empty', message: 'the file is empty' } } });
    }
    expect(received).toEqual([]);
    expect(storedFiles()).toEqual([]);
  });

  it('answers the same reference for the same file sent twice, stored once', async () => {
    const png = screenshotPng('MARKER-twice');
    const first = await upload(png.bytes, 'a.png', 'image/png');
    const second = await upload(png.bytes, 'a.png', 'image/png');
    expect(second.body.attachment).toEqual(first.body.attachment);
    expect(storedFiles()).toHaveLength(1);
  });

  it('lets the scanner refuse a file (422), storing and signalling nothing', async () => {
    scanning = true;
    const refused = await upload(Buffer.from(EICAR), 'eicar.txt', 'text/plain');
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'attachment_refused', details: { reason: expect.stringContaining('FOUND') } });
    expect(storedFiles()).toEqual([]);
    expect(received).toEqual([]);
    const clean = await upload(Buffer.from('the error says 0x80070005\n'), 'notes.txt', 'text/plain');
    expect(clean.status).toBe(202);
  });

  it('answers 415 to a body that is not multipart and 400 to one without a file part', async () => {
    const url = `${base}/v1/handoffs/${encodeURIComponent(handoffIdOf('default', 'conv-1'))}/attachments`;
    const json = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect([json.status, ((await json.json()) as any).error.code]).toEqual([415, 'unsupported_media_type']);
    const form = new FormData();
    form.append('note', 'no file here');
    const noFile = await fetch(url, { method: 'POST', body: form });
    expect([noFile.status, ((await noFile.json()) as any).error.code]).toEqual([400, 'invalid_request']);
    const broken = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello',
    });
    expect(broken.status).toBe(400);
  });

  it('answers 404 for a handoff of a profile it does not know', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('x')]), 'x.txt');
    const answer = await fetch(`${base}/v1/handoffs/${encodeURIComponent(handoffIdOf('nope', 'c'))}/attachments`, { method: 'POST', body: form });
    expect(answer.status).toBe(404);
  });
});

describe('GET /v1/attachments/{id}', () => {
  async function stored(bytes: Buffer, name: string, type: string): Promise<AttachmentRef> {
    return (await upload(bytes, name, type)).body.attachment as AttachmentRef;
  }

  it('streams the file to a signed link: an image inline, a PDF as a download, never sniffed', async () => {
    const png = screenshotPng('MARKER-get');
    const image = await fetch(signDownloadUrl(base, secret, await stored(png.bytes, 'screen.png', 'image/png'), 60_000));
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(png.bytes);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('content-disposition')).toBe(`inline; filename="screen.png"; filename*=UTF-8''screen.png`);
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    const pdf = guidePdf('MARKER-get');
    const document = await fetch(signDownloadUrl(base, secret, await stored(pdf.bytes, 'Guide é.pdf', 'application/pdf'), 60_000));
    expect(document.headers.get('content-disposition')).toBe(`attachment; filename="Guide _.pdf"; filename*=UTF-8''Guide%20%C3%A9.pdf`);
    expect(Buffer.from(await document.arrayBuffer())).toEqual(pdf.bytes);
  });

  it('answers 401 to a wrong token and 410 to an expired link', async () => {
    const ref = await stored(Buffer.from('secret notes\n'), 'notes.txt', 'text/plain');
    const good = new URL(signDownloadUrl(base, secret, ref, 60_000));
    good.searchParams.set('token', 'A'.repeat(43));
    const wrong = await fetch(good);
    expect([wrong.status, ((await wrong.json()) as any).error.code]).toEqual([401, 'unauthorized']);
    const forged = await fetch(signDownloadUrl(base, downloadSecretOf('someone-elses-secret'), ref, 60_000));
    expect(forged.status).toBe(401);
    const expired = await fetch(signDownloadUrl(base, secret, ref, 1, Date.now() - 60_000));
    expect([expired.status, ((await expired.json()) as any).error.code]).toEqual([410, 'link_expired']);
    const bare = await fetch(`${base}/v1/attachments/${ref.attachmentId}`);
    expect(bare.status).toBe(400);
  });

  it('answers 404 once the file is gone (retention)', async () => {
    const ref = await stored(Buffer.from('short-lived\n'), 'gone.txt', 'text/plain');
    rmSync(attachmentsDir, { recursive: true, force: true });
    const answer = await fetch(signDownloadUrl(base, secret, ref, 60_000));
    expect([answer.status, ((await answer.json()) as any).error.code]).toEqual([404, 'attachment_not_found']);
  });
});

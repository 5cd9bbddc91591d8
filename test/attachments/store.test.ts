import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAttachmentAccess } from '../../attachments/access';
import { checkedType, takeUpload } from '../../attachments/intake';
import { DEFAULT_LINK_TTL_MS, downloadSecretOf, signDownloadUrl, verifyDownloadToken } from '../../attachments/download-links';
import { AttachmentNotFoundError, AttachmentRefusedError, AttachmentTypeError, ScannerUnavailableError } from '../../attachments/errors';
import { FsAttachmentStore } from '../../attachments/fs-store';
import { startRetentionSweeper } from '../../attachments/retention';
import { createScanner } from '../../attachments/scanner';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../config/schema';
import { EICAR, EICAR_SCANNER } from './eicar';
import { guidePdf, screenshotPng } from './sample-files';

let folder: string;
let store: FsAttachmentStore;
beforeEach(() => {
  folder = path.join(mkdtempSync(path.join(tmpdir(), 'handoff-attachments-')), 'attachments');
  store = new FsAttachmentStore(folder);
});
afterEach(() => rmSync(path.dirname(folder), { recursive: true, force: true }));

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const storedFiles = () => readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());

describe('the folder attachment store', () => {
  it('keeps a file under its SHA-256, 0600 in a 0700 folder, and gives back the same bytes', async () => {
    const png = screenshotPng('MARKER-store');
    const ref = await store.put(Readable.from([png.bytes]), { name: 'screen shot.png' });
    expect(ref).toEqual({
      attachmentId: sha256(png.bytes),
      sha256: sha256(png.bytes),
      name: 'screen shot.png',
      contentType: 'image/png',
      size: png.bytes.length,
    });
    const [file] = storedFiles();
    expect(file?.name).toBe(ref.attachmentId);
    expect(statSync(path.join(file!.parentPath, file!.name)).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(Buffer.concat(await (await store.open(ref.attachmentId)).toArray())).toEqual(png.bytes);
    expect(await store.has(ref.attachmentId)).toBe(true);
  });

  it('stores the same bytes once however often they come, under any name', async () => {
    const pdf = guidePdf('MARKER-twice');
    const first = await store.put(Readable.from([pdf.bytes]), { name: 'a.pdf' });
    const second = await store.put(Readable.from([pdf.bytes.subarray(0, 10), pdf.bytes.subarray(10)]), { name: 'b.pdf' });
    expect(second.attachmentId).toBe(first.attachmentId);
    expect([first.name, second.name, second.contentType]).toEqual(['a.pdf', 'b.pdf', 'application/pdf']);
    expect(storedFiles()).toHaveLength(1);
  });

  it('takes a type its bytes cannot tell from the sender, and keeps names to their last path segment', async () => {
    const ref = await store.put(Readable.from([Buffer.from('plain notes\n')]), { name: '../../etc/notes\u0007.txt', declaredType: 'text/markdown' });
    expect(ref.name).toBe('notes.txt');
    expect(ref.contentType).toBe('text/markdown');
    const binary = await store.put(Readable.from([Buffer.from([0, 1, 2, 3])]), { name: 'blob' });
    expect(binary.contentType).toBe('application/octet-stream');
  });

  it('drops control characters and bidirectional overrides from names, and keeps them to 200 characters', async () => {
    const ref = await store.put(Readable.from([Buffer.from('notes\n')]), { name: 'C:\\temp\\in\u0085voice\u202Egnp.exe\u2066\u200f' });
    expect(ref.name).toBe('invoicegnp.exe');
    const long = await store.put(Readable.from([Buffer.from('notes\n')]), { name: `${'n'.repeat(300)}.txt` });
    expect([...long.name]).toHaveLength(200);
    const onlyControls = await store.put(Readable.from([Buffer.from('notes\n')]), { name: '\u202E\u0007' });
    expect(onlyControls.name).toBe('attachment');
  });

  it('keeps nothing of a stream that fails half-way', async () => {
    const failing = new Readable({ read() {} });
    failing.push(Buffer.alloc(10_000, 1));
    setImmediate(() => failing.destroy(new Error('connection lost')));
    await expect(store.put(failing, { name: 'cut.bin' })).rejects.toThrow('connection lost');
    expect(storedFiles()).toEqual([]);
  });

  it('answers AttachmentNotFoundError for an id it does not hold, and refuses ids that are not hashes', async () => {
    await expect(store.open('a'.repeat(64))).rejects.toBeInstanceOf(AttachmentNotFoundError);
    await expect(store.has('../../secrets')).rejects.toThrow('invalid attachment id');
    expect(await store.has('b'.repeat(64))).toBe(false);
    await store.delete('b'.repeat(64));
  });

  it('deletes files nobody stored again within the retention period, and stray parts of crashed uploads', async () => {
    const old = await store.put(Readable.from([Buffer.from('old file')]), { name: 'old.txt' });
    const fresh = await store.put(Readable.from([Buffer.from('fresh file')]), { name: 'fresh.txt' });
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    utimesSync(path.join(folder, old.attachmentId.slice(0, 2), old.attachmentId), longAgo, longAgo);
    const sweeper = startRetentionSweeper(store, { retentionMs: 30 * 86_400_000, intervalMs: 3_600_000 });
    try {
      await sweeper.sweep();
    } finally {
      sweeper.stop();
    }
    expect(await store.has(old.attachmentId)).toBe(false);
    expect(await store.has(fresh.attachmentId)).toBe(true);
  });

  it('starts the retention period over when a file is stored again', async () => {
    const ref = await store.put(Readable.from([Buffer.from('again')]), { name: 'a.txt' });
    const file = path.join(folder, ref.attachmentId.slice(0, 2), ref.attachmentId);
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    utimesSync(file, longAgo, longAgo);
    await store.put(Readable.from([Buffer.from('again')]), { name: 'a.txt' });
    expect(await store.deleteStoredBefore(new Date(Date.now() - 30 * 86_400_000))).toBe(0);
  });
});

describe('download links', () => {
  const secret = downloadSecretOf('callback-secret-0123456789');
  const ref = { attachmentId: 'c'.repeat(64), sha256: 'c'.repeat(64), name: 'guide ü.pdf', contentType: 'application/pdf', size: 10 };
  const partsOf = (url: string) => {
    const link = new URL(url);
    const q = link.searchParams;
    return {
      parts: { attachmentId: link.pathname.split('/').pop()!, name: q.get('name')!, type: q.get('type')!, exp: Number(q.get('exp')) },
      token: q.get('token')!,
    };
  };

  it('signs a link on the public URL that verifies until it expires', () => {
    const url = signDownloadUrl('https://handoff.example/', secret, ref, 60_000, 1_000);
    expect(url.startsWith(`https://handoff.example/v1/attachments/${ref.attachmentId}?name=guide+%C3%BC.pdf&type=application%2Fpdf&exp=61000&token=`)).toBe(
      true,
    );
    const { parts, token } = partsOf(url);
    expect(verifyDownloadToken(secret, parts, token, 60_999)).toBe('valid');
    expect(verifyDownloadToken(secret, parts, token, 61_000)).toBe('expired');
  });

  it('refuses a link whose name, type, expiry or key was changed', () => {
    const { parts, token } = partsOf(signDownloadUrl('https://h.example', secret, ref, DEFAULT_LINK_TTL_MS));
    expect(verifyDownloadToken(secret, { ...parts, exp: parts.exp + 1 }, token)).toBe('invalid');
    expect(verifyDownloadToken(secret, { ...parts, type: 'text/html' }, token)).toBe('invalid');
    expect(verifyDownloadToken(secret, { ...parts, name: 'x.pdf' }, token)).toBe('invalid');
    expect(verifyDownloadToken(downloadSecretOf('another-callback-secret'), parts, token)).toBe('invalid');
    expect(verifyDownloadToken(secret, parts, `${token}x`)).toBe('invalid');
  });

  it('derives a key of its own from the callback secret, so API and worker agree', () => {
    expect(downloadSecretOf('callback-secret-0123456789')).toEqual(secret);
    expect(secret.equals(Buffer.from('callback-secret-0123456789'))).toBe(false);
  });

  it('gives activities the bytes by reference and links good for 24 hours unless told', async () => {
    const access = createAttachmentAccess(store, 'https://h.example', secret, () => 0);
    const stored = await access.put(Readable.from([Buffer.from('hello')]), { name: 'hello.txt' });
    expect(await text(await access.open(stored))).toBe('hello');
    expect(partsOf(access.downloadUrl(stored)).parts.exp).toBe(24 * 3_600_000);
    expect(partsOf(access.downloadUrl(stored, 7 * 86_400_000)).parts.exp).toBe(7 * 86_400_000);
  });
});

describe('the type check of an upload', () => {
  const types = DEFAULT_ATTACHMENT_LIMITS.types;
  it('takes the type the bytes say when the declared one agrees or says nothing', async () => {
    const png = screenshotPng('MARKER-type').bytes;
    expect(await checkedType(png, 'image/png', types)).toBe('image/png');
    expect(await checkedType(png, undefined, types)).toBe('image/png');
    expect(await checkedType(png, 'application/octet-stream', types)).toBe('image/png');
    expect(await checkedType(Buffer.from('a log line\n'), 'text/plain; charset=utf-8', types)).toBe('text/plain');
  });

  it('refuses a declared type the bytes contradict, and a type the profile does not take', async () => {
    const png = screenshotPng('MARKER-type').bytes;
    await expect(checkedType(png, 'application/pdf', types)).rejects.toMatchObject({
      name: 'AttachmentTypeError',
      code: 'attachment_type_mismatch',
      status: 415,
    });
    await expect(checkedType(Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), undefined, types)).rejects.toBeInstanceOf(
      AttachmentTypeError,
    );
    await expect(checkedType(png, undefined, ['application/pdf'])).rejects.toMatchObject({ code: 'attachment_type_not_allowed' });
  });

  it('leaves no part file behind when it refuses a file before the store has opened one', async () => {
    const png = screenshotPng('MARKER-race').bytes;
    const limits = { maxBytes: 1_000_000, types };
    for (let i = 0; i < 100; i++) {
      await expect(
        takeUpload(Readable.from([png]), { name: 'a.pdf', declaredType: 'application/pdf' }, limits, { store, spoolFolder: path.join(folder, '.incoming') }),
      ).rejects.toBeInstanceOf(AttachmentTypeError);
    }
    expect(storedFiles()).toEqual([]);
  });

  it('refuses an empty file, which would otherwise pass for empty text', async () => {
    for (const declared of [undefined, 'text/plain', 'image/png']) {
      await expect(checkedType(Buffer.alloc(0), declared, types)).rejects.toMatchObject({
        name: 'AttachmentEmptyError',
        code: 'attachment_empty',
        status: 400,
      });
    }
  });
});

describe('the scanning hook', () => {
  it('runs a command on the file and refuses what it finds (exit 1), as clamdscan does', async () => {
    const scanner = createScanner({ command: `${process.execPath} ${EICAR_SCANNER}` })!;
    const dir = path.dirname(folder);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'eicar.txt'), EICAR);
    writeFileSync(path.join(dir, 'clean.txt'), 'clean');
    await expect(scanner.scan(path.join(dir, 'eicar.txt'))).rejects.toMatchObject({
      name: 'AttachmentRefusedError',
      details: { reason: expect.stringContaining('Eicar-Test-Signature FOUND') },
    });
    await expect(scanner.scan(path.join(dir, 'clean.txt'))).resolves.toBeUndefined();
    await expect(createScanner({ command: '/no/such/scanner' })!.scan(path.join(dir, 'clean.txt'))).rejects.toBeInstanceOf(ScannerUnavailableError);
  });

  it('POSTs the bytes to an endpoint: 2xx clean, 422 refused, anything else no verdict', async () => {
    const server = createServer((req, res) => {
      void text(req).then((body) => {
        if (body.includes('EICAR')) res.writeHead(422).end('Eicar-Test-Signature FOUND');
        else if (body.includes('broken')) res.writeHead(500).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const scanner = createScanner({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scan` })!;
      const { writeFileSync } = await import('node:fs');
      const file = (name: string, content: string) => {
        const at = path.join(path.dirname(folder), name);
        writeFileSync(at, content);
        return at;
      };
      await expect(scanner.scan(file('e', EICAR))).rejects.toBeInstanceOf(AttachmentRefusedError);
      await expect(scanner.scan(file('c', 'clean'))).resolves.toBeUndefined();
      await expect(scanner.scan(file('b', 'broken'))).rejects.toMatchObject({ name: 'ScannerUnavailableError', status: 503 });
    } finally {
      server.close();
    }
  });
});

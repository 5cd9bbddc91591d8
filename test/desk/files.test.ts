import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Request } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskFileLinkError, DeskFiles, withFileLinks } from '../../apps/desk/files';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const FILE = { fileId: 'a'.repeat(64), name: 'guide.pdf', contentType: 'application/pdf', size: 10 };

function filesAt(now: { ms: number }) {
  const folder = mkdtempSync(path.join(tmpdir(), 'desk-files-'));
  folders.push(folder);
  return new DeskFiles(folder, 'desk-secret-0123456789', () => now.ms);
}

function linkParts(url: string) {
  const parsed = new URL(url);
  const q = parsed.searchParams;
  return { fileId: parsed.pathname.split('/').pop()!, link: { name: q.get('name')!, type: q.get('type')!, exp: Number(q.get('exp')) }, token: q.get('token')! };
}

describe('desk file links', () => {
  it('accept their own token until they expire, then refuse as expired', () => {
    const now = { ms: 1_000_000 };
    const files = filesAt(now);
    const { fileId, link, token } = linkParts(files.link('http://127.0.0.1:3000/desk', FILE, 60_000));
    expect(() => files.verify(fileId, link, token)).not.toThrow();
    now.ms += 60_001;
    expect(() => files.verify(fileId, link, token)).toThrow(expect.objectContaining({ name: 'DeskFileLinkError', reason: 'expired' }));
  });

  it('refuse a changed name, type, expiry or file, and another secret', () => {
    const now = { ms: 1_000_000 };
    const files = filesAt(now);
    const { fileId, link, token } = linkParts(files.link('http://desk', FILE));
    const refused = (f: () => void) => expect(f).toThrow(new DeskFileLinkError('invalid'));
    refused(() => files.verify(fileId, { ...link, name: 'other.pdf' }, token));
    refused(() => files.verify(fileId, { ...link, type: 'text/html' }, token));
    refused(() => files.verify(fileId, { ...link, exp: link.exp + 1 }, token));
    refused(() => files.verify('b'.repeat(64), link, token));
    refused(() => files.verify('../etc/passwd', link, token));
    const other = new DeskFiles(mkdtempSync(path.join(tmpdir(), 'desk-files-')), 'another-secret-0123456789', () => now.ms);
    refused(() => other.verify(fileId, link, token));
  });

  it("give the agent's files a link in place of their id, and leave the user's as they are", () => {
    const files = filesAt({ ms: 0 });
    const shown = withFileLinks(
      [
        { from: 'agent', text: 'guide.pdf', attachment: { ...FILE } },
        { from: 'user', text: 'a.png', attachment: { name: 'a.png', contentType: 'image/png', size: 3, url: 'https://handoff/v1/attachments/x' } },
        { from: 'user', text: 'hello' },
      ],
      files,
      'http://desk',
    );
    expect(shown[0]!.attachment).not.toHaveProperty('fileId');
    expect(shown[0]!.attachment!.url).toMatch(new RegExp(`^http://desk/files/${FILE.fileId}\\?name=guide.pdf&type=application%2Fpdf&exp=\\d+&token=`));
    expect(shown[1]!.attachment!.url).toBe('https://handoff/v1/attachments/x');
    expect(shown[2]).toEqual({ from: 'user', text: 'hello' });
  });

  it('opening a file the folder does not hold answers not found', async () => {
    const files = filesAt({ ms: 0 });
    const { fileId, link, token } = linkParts(files.link('http://desk', FILE));
    await expect(files.open(fileId, link, token)).rejects.toMatchObject({ status: 404, code: 'file_not_found' });
  });
});

describe("the agent's upload", () => {
  /** Sends one multipart file to `files.receive` over real HTTP; the answer is what it resolved or threw. */
  async function uploadTo(files: DeskFiles, bytes: Buffer, name: string, maxBytes: number, declaredType = 'application/octet-stream') {
    const server = createServer((req: IncomingMessage, res) => {
      files.receive(req as Request, { maxBytes, types: ['text/plain', 'image/png'] }).then(
        (file) => res.writeHead(201).end(JSON.stringify(file)),
        (error: { status?: number; code?: string }) => res.writeHead(error.status ?? 500).end(JSON.stringify({ code: error.code })),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const form = new FormData();
      form.append('file', new Blob([bytes], { type: declaredType }), name);
      const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
        method: 'POST',
        body: form,
        signal: AbortSignal.timeout(10_000),
      });
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    } finally {
      server.close();
    }
  }

  it('answers 413 to a file far over the limit (instead of hanging), 400 to an empty one, and keeps nothing of either', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'desk-files-'));
    folders.push(folder);
    const files = new DeskFiles(folder, 'desk-secret-0123456789');
    expect(await uploadTo(files, Buffer.alloc(3_000_000, 7), 'big.png', 1_000)).toEqual({ status: 413, body: { code: 'attachment_too_large' } });
    expect(await uploadTo(files, Buffer.alloc(0), 'empty.png', 1_000)).toEqual({ status: 400, body: { code: 'attachment_empty' } });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('answers 415 to a large file refused by its first bytes (instead of hanging on the rest), and keeps nothing of it', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'desk-files-'));
    folders.push(folder);
    const files = new DeskFiles(folder, 'desk-secret-0123456789');
    const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(3_000_000, 0)]);
    expect(await uploadTo(files, program, 'fix.png', 10_000_000)).toEqual({ status: 415, body: { code: 'attachment_type_not_allowed' } });
    expect(await uploadTo(files, Buffer.from('plain words'), 'fix.png', 1_000, 'image/png')).toEqual({
      status: 415,
      body: { code: 'attachment_type_mismatch' },
    });
    expect(readdirSync(folder)).toEqual([]);
  });

  it('reads a name as the UTF-8 a browser sends, and keeps it to its last segment, without bidirectional overrides', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'desk-files-'));
    folders.push(folder);
    const files = new DeskFiles(folder, 'desk-secret-0123456789');
    const answer = await uploadTo(files, Buffer.from('hello'), '..\\x/Anleitung für \u202Egnp.exe', 1_000);
    expect(answer).toMatchObject({ status: 201, body: { name: 'Anleitung für gnp.exe', size: 5 } });
  });
});

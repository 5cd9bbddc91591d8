import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeskFileLinkError, DeskFiles, withFileLinks } from '../../desk/files';

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

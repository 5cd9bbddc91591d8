import { mkdtempSync, readFileSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ArchiveRecordMissingError, HandoffArchive } from '../../archive/handoff-archive';
import { FsRecordStore } from '../../archive/record-store';
import { generateEncryptionKeys, parseEncryptionKeys } from '../../codec/encryption-keys';
import type { TranscriptEntry } from '../../contracts/transcript';

const entry = (seq: number, text: string): TranscriptEntry => ({ id: `user:m${seq}`, seq, from: 'user', text, at: new Date(seq * 1_000).toISOString() });

function archiveIn(folder = mkdtempSync(path.join(tmpdir(), 'handoff-archive-')), keys = generateEncryptionKeys()) {
  return { folder, keys, archive: new HandoffArchive(new FsRecordStore(folder), parseEncryptionKeys(keys)) };
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(path.join(folder, name)).isFile());
}

describe('the archive', () => {
  it('keeps transcript segments and the request encrypted, in private files, and reads them back', async () => {
    const { folder, archive } = archiveIn();
    await archive.writeSegment('chain-1', 0, [entry(1, 'my card is 4111 1111'), entry(3, 'thanks')]);
    await archive.keepRequest('chain-1', {
      conversationId: 'c1',
      profile: 'default',
      user: { id: 'u1', email: 'ada@example.com' },
      issue: { lastUtterance: 'help' },
      transcript: [],
      resultsPresented: [],
    });
    expect((await archive.segment('chain-1', 0)).map((e) => e.text)).toEqual(['my card is 4111 1111', 'thanks']);
    expect((await archive.request('chain-1')).user.email).toBe('ada@example.com');
    for (const file of filesUnder(folder)) {
      const bytes = readFileSync(path.join(folder, file));
      expect(bytes.includes('4111'), file).toBe(false);
      expect(bytes.includes('ada@example.com'), file).toBe(false);
      expect(statSync(path.join(folder, file)).mode & 0o777, file).toBe(0o600);
    }
  });

  it("records each segment's seq range, written again after a reset", async () => {
    const { archive } = archiveIn();
    await archive.writeSegment('chain-1', 0, [entry(1, 'a'), entry(4, 'b')]);
    await archive.writeSegment('chain-1', 1, [entry(9, 'c'), entry(6, 'd')]);
    expect(await archive.segmentRanges('chain-1')).toEqual([
      { first: 1, last: 4 },
      { first: 6, last: 9 },
    ]);
    await archive.writeSegment('chain-1', 1, [entry(5, 'again')]);
    expect((await archive.segmentRanges('chain-1'))[1]).toEqual({ first: 5, last: 5 });
    expect(await archive.segmentRanges('chain-unknown')).toEqual([]);
  });

  it('says which record is missing, and reads with an older key after a rotation', async () => {
    const { folder, keys, archive } = archiveIn();
    await expect(archive.segment('chain-1', 0)).rejects.toBeInstanceOf(ArchiveRecordMissingError);
    await archive.writeSegment('chain-1', 0, [entry(1, 'before the rotation')]);
    const rotated = new HandoffArchive(new FsRecordStore(folder), parseEncryptionKeys(`${generateEncryptionKeys('k2')},${keys}`));
    expect((await rotated.segment('chain-1', 0))[0]!.text).toBe('before the rotation');
  });

  it('refuses a key that could leave its folder', async () => {
    const { archive } = archiveIn();
    for (const chain of ['../escape', 'a/../../b', '', 'x y']) await expect(archive.segment(chain, 0)).rejects.toThrow(/invalid archive key/);
  });

  it('forgets records past their retention', async () => {
    const { folder } = archiveIn();
    const store = new FsRecordStore(folder);
    await store.put('old/transcript/0', Buffer.from('x'));
    await store.put('new/transcript/0', Buffer.from('y'));
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    utimesSync(path.join(folder, 'old/transcript/0'), longAgo, longAgo);
    expect(await store.deleteStoredBefore(new Date(Date.now() - 30 * 86_400_000))).toBe(1);
    expect(await store.get('old/transcript/0')).toBeUndefined();
    expect((await store.get('new/transcript/0'))?.toString()).toBe('y');
  });
});

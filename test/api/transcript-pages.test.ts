import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HandoffArchive } from '../../archive/handoff-archive';
import { FsRecordStore } from '../../archive/record-store';
import { generateEncryptionKeys, parseEncryptionKeys } from '../../codec/encryption-keys';
import type { TranscriptEntry } from '../../contracts/transcript';
import { transcriptPage } from '../../api/transcript-pages';

const entry = (seq: number): TranscriptEntry => ({ id: `e${seq}`, seq, from: 'user', text: `message ${seq}`, at: new Date(seq * 1_000).toISOString() });

async function chat(segments: number[][], current: number[]) {
  const archive = new HandoffArchive(new FsRecordStore(mkdtempSync(path.join(tmpdir(), 'handoff-pages-'))), parseEncryptionKeys(generateEncryptionKeys()));
  for (const [index, seqs] of segments.entries()) await archive.writeSegment('chain', index, seqs.map(entry));
  return { archive, part: { chainId: 'chain', archivedSegments: segments.length, entries: current.map(entry) } };
}

/** Every page from `after` on, following `next`. */
async function allPages(archive: HandoffArchive, part: Awaited<ReturnType<typeof chat>>['part'], limit: number, after = 0) {
  const pages: number[][] = [];
  for (let cursor: number | undefined = after; cursor !== undefined;) {
    const page = await transcriptPage({ ...part, entries: part.entries.filter((e) => e.seq > cursor!) }, archive, cursor, limit);
    pages.push(page.messages.map((message) => message.seq));
    cursor = page.next;
  }
  return pages;
}

describe('transcript pages', () => {
  it('serve the archived runs, then the current one, a page at a time, every message once', async () => {
    const { archive, part } = await chat(
      [
        [1, 2, 3],
        [5, 6],
      ],
      [8, 9],
    );
    expect(await allPages(archive, part, 3)).toEqual([[1, 2, 3], [5, 6, 8], [9]]);
    expect(await allPages(archive, part, 1_000)).toEqual([[1, 2, 3, 5, 6, 8, 9]]);
    expect(await allPages(archive, part, 2, 5)).toEqual([[6, 8], [9]]);
  });

  it('cut pages by seq, so a message a reset put out of seq order is neither skipped nor repeated', async () => {
    // After a reset the run re-applied 7 before 4 (by `at`): the transcript order is 1, 2, 7, 4, 8.
    const { archive, part } = await chat([[1, 2]], [7, 4, 8]);
    const pages = await allPages(archive, part, 3);
    expect(pages.flat().sort((a, b) => a - b)).toEqual([1, 2, 4, 7, 8]);
    expect(pages).toEqual([
      [1, 2, 4],
      [7, 8],
    ]);
  });

  it('read no archived segment that the page does not reach', async () => {
    const { archive, part } = await chat(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [7],
    );
    let reads = 0;
    const counting = Object.assign(Object.create(archive) as HandoffArchive, {
      segment: (chainId: string, segment: number) => (reads++, archive.segment(chainId, segment)),
    });
    await transcriptPage({ ...part, entries: [] }, counting, 4, 10);
    expect(reads).toBe(1);
    reads = 0;
    await transcriptPage(part, counting, 0, 2);
    expect(reads).toBe(1);
  });
});

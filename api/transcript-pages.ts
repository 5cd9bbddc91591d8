/**
 * `GET /v1/handoffs/{id}/transcript` as pages: the run's own messages (its query) after the
 * archived segments of the runs before it (archive/), so no answer grows with the chat. A page is a
 * window of `seq`s: the messages with `after < seq <= next`, in transcript order, at most `limit`
 * of them. Cut by `seq`, not by position, no message is skipped or repeated between pages even where
 * an operator's reset put a message with a later `seq` before one with an earlier.
 */
import type { TranscriptEntry, TranscriptPage } from '../contracts/transcript';
import { ArchiveRecordMissingError, type HandoffArchive } from '../archive/handoff-archive';
import type { TranscriptPart } from '../workflows/definitions';

export async function transcriptPage(
  part: TranscriptPart,
  archive: HandoffArchive,
  after: number,
  limit: number,
  log?: (message: string, context: object) => void,
): Promise<Omit<TranscriptPage, 'handoffId'>> {
  const candidates: TranscriptEntry[] = [];
  const ranges = part.archivedSegments > 0 ? await archive.segmentRanges(part.chainId) : [];
  for (let segment = 0; segment < part.archivedSegments; segment++) {
    const range = ranges[segment];
    if (range && range.last <= after) continue;
    // Enough already, and none of this segment's messages comes before the page's last.
    if (range && candidates.length >= limit && range.first > limitthSeq(candidates, limit)) continue;
    try {
      for (const entry of await archive.segment(part.chainId, segment)) if (entry.seq > after) candidates.push(entry);
    } catch (error) {
      if (!(error instanceof ArchiveRecordMissingError)) throw error;
      log?.('a transcript segment is no longer in the archive', { chainId: part.chainId, segment });
    }
  }
  candidates.push(...part.entries);
  if (candidates.length <= limit) return { messages: candidates };
  const next = limitthSeq(candidates, limit);
  return { messages: candidates.filter((entry) => entry.seq <= next), next };
}

/** The `limit`-th smallest `seq` among `entries`: the last of a page of `limit`. */
function limitthSeq(entries: readonly TranscriptEntry[], limit: number): number {
  const seqs = entries.map((entry) => entry.seq).sort((a, b) => a - b);
  return seqs[limit - 1]!;
}

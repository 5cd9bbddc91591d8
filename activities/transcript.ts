/**
 * The transcript's way through the archive (archive/handoff-archive.ts): a run's segment stored
 * before it hands over to the next, a repeated `messageId` looked up in the segments that may hold
 * it, and the whole transcript filed on the ticket when the handoff ends (in as many work notes as
 * the ticketing system's note size needs, each once by its key).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { TicketHandle } from '../contracts/ticket';
import type { TranscriptEntry } from '../contracts/transcript';
import { ArchiveRecordMissingError } from '../archive/handoff-archive';
import { FailureType } from '../lib/failure-types';
import { transcriptNotes } from '../ticketing/transcript-notes';
import { FILTER_SLOTS } from '../workflows/message-filter';
import { userMessageIdOf } from '../workflows/session';
import type { ActivityDeps } from './deps';
import { createTicketActivities } from './tickets';

export interface ArchiveSegmentInput {
  chainId: string;
  segment: number;
  entries: TranscriptEntry[];
}

export interface FindArchivedMessageInput {
  chainId: string;
  /** How many segments the archive holds for the chain. */
  segments: number;
  /** The filter slots that may hold the id: only segments `i` with `i % FILTER_SLOTS` among them are read. */
  slots: number[];
  messageId: string;
}

export interface TranscriptNoteInput {
  profile: string;
  chainId: string;
  ticket: TicketHandle;
  /** The first line of the first note: what happened. */
  heading: string;
  /** The archived segments 0 … segments − 1, then `unarchived` (the last run's own messages). */
  segments: number;
  unarchived: TranscriptEntry[];
}

export function createTranscriptActivities(deps: ActivityDeps) {
  const { appendTicketWorkNote } = createTicketActivities(deps);
  const segmentOf = async (chainId: string, segment: number) => {
    try {
      return await deps.archive.segment(chainId, segment);
    } catch (error) {
      if (error instanceof ArchiveRecordMissingError)
        throw ApplicationFailure.create({ type: FailureType.ArchiveRecordMissing, message: error.message, nonRetryable: true });
      throw error;
    }
  };
  return {
    async archiveTranscriptSegment({ chainId, segment, entries }: ArchiveSegmentInput): Promise<void> {
      await deps.archive.writeSegment(chainId, segment, entries);
    },

    /** The `seq` of the archived message with this id (newest segments first), or undefined when none has it. */
    async findArchivedUserMessage({ chainId, segments, slots, messageId }: FindArchivedMessageInput): Promise<{ seq: number } | undefined> {
      for (let segment = segments - 1; segment >= 0; segment--) {
        if (!slots.includes(segment % FILTER_SLOTS)) continue;
        const found = (await segmentOf(chainId, segment)).find((entry) => userMessageIdOf(entry) === messageId);
        if (found) return { seq: found.seq };
      }
      return undefined;
    },

    async noteTranscriptOnTicket({ profile, chainId, ticket, heading, segments, unarchived }: TranscriptNoteInput): Promise<void> {
      const entries: TranscriptEntry[] = [];
      for (let segment = 0; segment < segments; segment++) entries.push(...(await segmentOf(chainId, segment)));
      entries.push(...unarchived);
      for (const note of transcriptNotes(heading, entries, `transcript:${chainId}`)) await appendTicketWorkNote({ profile, ticket, ...note });
    },
  };
}

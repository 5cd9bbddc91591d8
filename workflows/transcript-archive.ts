/**
 * The workflow's side of the transcript archive (archive/, activities/transcript.ts): a run keeps
 * only its own messages; before it hands over to the next run, and when the handoff ends, it
 * archives them as the next segment (encrypted, under the chain's id). So the continue-as-new input
 * stays small however long the chat, and the ticket and `GET /v1/handoffs/{id}/transcript` still
 * get every message. A `messageId` stays taken for the whole handoff: the session's filters say
 * which archived segments may hold it, and only then is the archive asked.
 */
import { log } from '@temporalio/workflow';
import { failureReason, quickStep } from './activity-proxies';
import type { HandoffSession } from './session';

export class TranscriptArchive {
  constructor(private readonly session: HandoffSession) {}

  /** The `seq` an earlier run gave `messageId`, if one took it. */
  async userMessageSeq(messageId: string): Promise<number | undefined> {
    const { state } = this.session;
    const slots = this.session.archivedSlotsFor(messageId);
    if (slots.length === 0) return undefined;
    try {
      const found = await quickStep.call('findArchivedUserMessage', { chainId: state.chainId, segments: state.archive.segments, slots, messageId });
      return found?.seq;
    } catch (error) {
      // Taking a possible repeat loses nothing; refusing the message would.
      log.warn('the archive could not say whether a message is a repeat; taken as new', { reason: failureReason(error) });
      return undefined;
    }
  }

  /** Before the hand-over to the next run: this run's messages become the archive's next segment (what could not be archived goes along in the state). */
  async archiveRun(): Promise<void> {
    const { state } = this.session;
    const entries = state.transcript.slice();
    if (entries.length === 0) return;
    try {
      await quickStep.call('archiveTranscriptSegment', { chainId: state.chainId, segment: state.archive.segments, entries });
      this.session.archived(entries);
    } catch (error) {
      log.warn('could not archive the transcript; it stays with the run', { entries: entries.length, reason: failureReason(error) });
    }
  }
}

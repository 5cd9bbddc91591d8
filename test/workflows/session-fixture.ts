import type { HandoffRequest } from '../../contracts/handoff-request';
import type { ProfileSnapshot } from '../../workflows/definitions';
import { HandoffSession } from '../../workflows/session';
import { transcriptNotes } from '../../ticketing/transcript-notes';

/** What a first run starts from, as the session tests build it. */
export interface FirstRun {
  handoffId: string;
  profile: Omit<ProfileSnapshot, 'traits'> & Partial<Pick<ProfileSnapshot, 'traits'>>;
  request: HandoffRequest;
}

export const LOCAL_DESK_TRAITS = { dropsRepeatedUserMessages: true, queueStatus: false };

/** A new handoff's session, as the workflow's first run begins it. */
export function beginSession({ handoffId, profile, request }: FirstRun, chainId: string, now: number): HandoffSession {
  return HandoffSession.begin(handoffId, request, { traits: LOCAL_DESK_TRAITS, ...profile }, chainId, now);
}

/** An instant `ms` after the epoch, as events carry it. */
export const at = (ms: number) => new Date(ms).toISOString();

/** The ticket's closing note as the wrap-up files it (one note: the tests' chats are short). */
export function closingNoteOf(session: HandoffSession): string | undefined {
  const heading = session.closingNote();
  return heading === undefined ? undefined : transcriptNotes(heading, session.transcriptAfter(), 'k')[0]!.text;
}

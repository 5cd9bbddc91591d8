/**
 * The transcript as ticket work notes: one line a message, in order, split into as many notes as
 * the note size needs (a long chat is megabytes; a work note holds `TICKET_TEXT_LIMITS.workNote`),
 * each with its own key, so filing them again adds nothing.
 */
import type { TranscriptEntry } from '../contracts/transcript';
import { TICKET_TEXT_LIMITS } from './ticket-content';

export interface TranscriptNote {
  noteKey: string;
  text: string;
}

/** `[at] who: text`, and a file's type, size and hash (the bytes go with the handoff's data, never to the ticket). */
export function transcriptLine(entry: TranscriptEntry): string {
  const who = entry.from === 'agent' ? (entry.name ?? 'agent') : entry.from;
  const file = entry.attachment;
  const fileNote = file ? ` [file, ${file.contentType}, ${file.size} bytes, sha256 ${file.sha256}]` : '';
  return `[${entry.at}] ${who}: ${entry.text}${fileNote}`;
}

/** The notes for `heading` and `entries`; the first is keyed `keyPrefix`, the next `keyPrefix:2`, `keyPrefix:3`, … */
export function transcriptNotes(
  heading: string,
  entries: readonly TranscriptEntry[],
  keyPrefix: string,
  limit: number = TICKET_TEXT_LIMITS.workNote,
): TranscriptNote[] {
  const lines = entries.map(transcriptLine);
  const first = entries.length > 0 && !heading.endsWith('Transcript:') ? [heading, 'Transcript:'] : [heading];
  const parts: string[][] = [first];
  let size = first.join('\n').length;
  for (const line of lines) {
    const fitted = line.length + 1 > limit - CONTINUED.length - 20 ? `${line.slice(0, limit - CONTINUED.length - 40)} […]` : line;
    if (size + 1 + fitted.length > limit) {
      parts.push([]);
      size = CONTINUED.length + 20;
    }
    parts.at(-1)!.push(fitted);
    size += 1 + fitted.length;
  }
  return parts.map((part, index) => ({
    noteKey: index === 0 ? keyPrefix : `${keyPrefix}:${index + 1}`,
    text: index === 0 ? part.join('\n') : [`${CONTINUED} (part ${index + 1} of ${parts.length}):`, ...part].join('\n'),
  }));
}

const CONTINUED = 'Transcript, continued';

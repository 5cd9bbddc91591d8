import { describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../contracts/transcript';
import { transcriptLine, transcriptNotes } from '../../ticketing/transcript-notes';

const entries = (count: number, textLength: number): TranscriptEntry[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `user:m${i}`,
    seq: i + 1,
    from: i % 2 === 0 ? 'user' : 'agent',
    ...(i % 2 === 1 && { name: 'Grace' }),
    text: `${i}:${'x'.repeat(textLength)}`,
    at: new Date(i * 1_000).toISOString(),
  }));

describe('the transcript on the ticket', () => {
  it('fits a short chat in one note under its heading', () => {
    const notes = transcriptNotes('Live-agent chat closed (agent-closed). Transcript:', entries(2, 3), 'transcript:c');
    expect(notes).toEqual([
      {
        noteKey: 'transcript:c',
        text: [
          'Live-agent chat closed (agent-closed). Transcript:',
          `[${new Date(0).toISOString()}] user: 0:xxx`,
          `[${new Date(1_000).toISOString()}] Grace: 1:xxx`,
        ].join('\n'),
      },
    ]);
  });

  it('says "Transcript:" after a heading that does not, and nothing more without messages', () => {
    expect(transcriptNotes('Live-agent handoff failed: HTTP 401', [], 'k')).toEqual([{ noteKey: 'k', text: 'Live-agent handoff failed: HTTP 401' }]);
    expect(transcriptNotes('Live-agent handoff failed: HTTP 401', entries(1, 1), 'k')[0]!.text.split('\n').slice(0, 2)).toEqual([
      'Live-agent handoff failed: HTTP 401',
      'Transcript:',
    ]);
  });

  it('splits a long chat into notes under the limit, every message once and in order, each note with a key of its own', () => {
    const chat = entries(2_200, 2_000);
    const notes = transcriptNotes('Live-agent chat closed (agent-closed). Transcript:', chat, 'transcript:c', 100_000);
    expect(notes.length).toBeGreaterThan(40);
    expect(new Set(notes.map((note) => note.noteKey)).size).toBe(notes.length);
    expect(notes.map((note) => note.noteKey).slice(0, 2)).toEqual(['transcript:c', 'transcript:c:2']);
    for (const note of notes) expect(note.text.length).toBeLessThanOrEqual(100_000);
    expect(notes[1]!.text.split('\n')[0]).toBe(`Transcript, continued (part 2 of ${notes.length}):`);
    const lines = notes.flatMap((note) => note.text.split('\n').slice(1));
    expect(lines).toEqual(chat.map(transcriptLine));
  });
});
